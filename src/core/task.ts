import type { CheckedRetry } from './retry';
import type { CancelReason, Outcome, Task, TaskTrigger } from './types';

/**
 * Where a task is: `'waiting'` for its deadline; `'ready'`, its wait over (timer, maxWait or flush), held back
 * only by a running task it may not abort; `'running'` an attempt; `'retrying'`, waiting for its next attempt.
 */
export type Phase = 'waiting' | 'ready' | 'running' | 'retrying';

/** A task the runner was given: one `run()` call, from its wait to its outcome. */
export interface Entry<T> {
  task: Task<T>;
  seq: number;
  /** The ordering key issued when `run()` was called (`ctx.key`). */
  key: number;
  /** When the task may start, by `Date.now()`. */
  due: number;
  /** What starts it when `due` comes (`'delay'` or `'maxWait'`), or what made it `'ready'`. */
  trigger: TaskTrigger;
  priority: number;
  phase: Phase;
  /** The runner's retry options when `run()` was called. */
  retry: CheckedRetry | undefined;
  /** Attempts started so far. */
  attempt: number;
  /** The timer of the next attempt, while `'retrying'`. */
  retryTimer?: ReturnType<typeof setTimeout> | undefined;
  /** Made when it starts. */
  controller?: AbortController;
  promise: Promise<Outcome<T>>;
  resolve: (outcome: Outcome<T>) => void;
}

/** The outcome of a task that was cancelled for `reason`. */
export const cancelled = <T>(reason: CancelReason): Outcome<T> => ({ status: 'cancelled', reason });
