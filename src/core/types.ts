/**
 * Where an autosave stands: `'pending'` while a change waits for its delay (or for a hold to end), `'saving'`
 * while a save is in flight, `'saved'` after one succeeded, `'error'` after one failed, `'cancelled'` when the
 * save was dropped with the value still dirty, `'idle'` before anything needed saving.
 */
export type AutosaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'cancelled' | 'error';

/** Where a runner's latest task stands. */
export type TaskStatus = 'idle' | 'pending' | 'running' | 'done' | 'cancelled' | 'error';

/** Why a task was cancelled: a newer `run()` replaced it, `cancel()` was called, or the runner was disposed. */
export type CancelReason = 'superseded' | 'cancelled' | 'disposed';

/** What a task receives when it starts. */
export interface TaskContext<T> {
  /** Aborted when this task is superseded, cancelled or disposed; pass it to `fetch` and friends. */
  signal: AbortSignal;
  /** 1 for a runner's first `run()` call, +1 for every later call. It starts again at 1 in every page load. */
  seq: number;
  /**
   * An ordering key for the server: a safe integer issued when `run()` was called, greater than every key
   * issued before in this page and, by the clock, in earlier page loads and other tabs of this browser
   * (microseconds since 1970, raised past keys given to `observeKey`). A server that stores the greatest key
   * it has committed and refuses a write with a smaller one never lets an older write replace a newer one,
   * and never locks a reloaded page out. The same for every attempt of a task.
   */
  key: number;
  /** The value of the last task that ended `'done'`, for tasks that build on the previous result. */
  previous: T | undefined;
  /** 1 for the task's first attempt, +1 for every retry (see `RunnerOptions.retry`). */
  attempt: number;
  /** Why the task started now: see `TaskTrigger`. The same for every attempt. */
  trigger: TaskTrigger;
}

/**
 * Why a task started: its `'delay'` passed; its burst reached `'maxWait'`; `flush()` was called;
 * `useAutosave` saved on `'unmount'` (`saveOnUnmount`) or because the page was `'hidden'` or left
 * (`flushOnHide`), or `useLastTask` flushed for the same reasons (`flushOnUnmount`, `flushOnHide`). A save may then choose `fetch(…, { keepalive: true })`.
 */
export type TaskTrigger = 'delay' | 'maxWait' | 'flush' | 'unmount' | 'hidden';

/** How a runner tries a failing task again. */
export interface RetryOptions {
  /**
   * How many attempts a task gets in all, the first one included: an integer >= 1.
   * @default 3
   */
  attempts?: number;
  /**
   * Milliseconds to wait before the next attempt, or a function of the attempt that just failed (1 for
   * the first) and its error that returns them.
   * @default exponential backoff: 1000 ms after the first attempt, then 2000, 4000, … at most 30000
   */
  delay?: number | ((attempt: number, error: unknown) => number);
  /**
   * Whether to try again after `error` ended attempt number `attempt`; never asked after the last one.
   * @default every error is tried again
   */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
}

/** The work a runner schedules. It may return a value or a promise of one. */
export type Task<T> = (ctx: TaskContext<T>) => T | PromiseLike<T>;

/** How one `run()` call ended. A runner's promises always resolve to one of these and never reject. */
export type Outcome<T> =
  { status: 'done'; value: T } | { status: 'cancelled'; reason: CancelReason } | { status: 'error'; error: unknown };

export interface RunnerOptions {
  /**
   * Milliseconds between a `run()` call and the start of its task. Every new `run()` restarts the wait.
   * @default 0
   */
  delay?: number;
  /**
   * Milliseconds a scheduled task may be held back at most, counted from the first `run()` of a burst,
   * so that a steady stream of calls still runs a task now and then.
   * @default Infinity (no limit)
   */
  maxWait?: number;
  /**
   * What a new `run()` does to a task that is already running: `'restart'` aborts it,
   * `'keepLatest'` lets it finish and starts the newest task after it.
   * @default 'restart'
   */
  mode?: 'restart' | 'keepLatest';
  /**
   * Tries a task that throws or rejects again, after a wait, before it ends `'error'`; the status stays
   * `'running'` between attempts. Whatever would abort the task (a newer `run()` that may, `cancel()`,
   * `dispose()`) stops its retries at once, and so does a newer task of at least its priority waiting for it.
   * @default no retries
   */
  retry?: RetryOptions;
}

/** Per-call options of `run()`. */
export interface RunOptions {
  /** Overrides the runner's `delay` for this call. */
  delay?: number;
  /**
   * A `run()` never aborts a running task of higher priority: the new task waits for it to settle (as in
   * `'keepLatest'` mode). A `run()` that replaces a waiting task of higher priority takes over its place: its
   * priority, its start time if sooner, its readiness. A finite number.
   * @default 0
   */
  priority?: number;
}

/** What `getSnapshot()` returns: the same object until something in it changes. */
export interface RunnerSnapshot<T> {
  status: TaskStatus;
  /** The value of the last task that ended `'done'`; kept through later runs, errors and cancels. */
  value: T | undefined;
  /** The error of the last task while `status` is `'error'`, `undefined` otherwise. */
  error: unknown;
}

export interface LastTaskRunner<T> {
  /**
   * Schedules `task` to start after the delay. A task still waiting is replaced; in `'restart'` mode a
   * running task is aborted. The promise never rejects: it resolves with the task's outcome.
   */
  run(task: Task<T>, options?: RunOptions): Promise<Outcome<T>>;
  /** Starts the waiting task now and returns its promise; with nothing waiting, the running task's promise or `undefined`. */
  flush(): Promise<Outcome<T> | undefined>;
  /** Drops the waiting task and aborts the running one. */
  cancel(): void;
  /** Cancels everything for good: later `run()` calls resolve `'cancelled'` without calling their task. */
  dispose(): void;
  getSnapshot(): RunnerSnapshot<T>;
  /** Calls `listener` after every change of the snapshot; returns the function that unsubscribes it. */
  subscribe(listener: () => void): () => void;
}
