import { useState, useSyncExternalStore } from 'react';
import { createRunner } from '../core/createRunner';
import type { LastTaskRunner, RunnerOptions, TaskStatus } from '../core/types';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

export interface UseLastTaskResult<T> {
  /** Schedules a task; see `LastTaskRunner.run`. Stable for the component's whole life. */
  run: LastTaskRunner<T>['run'];
  /** Starts the waiting task now; see `LastTaskRunner.flush`. Stable. */
  flush: LastTaskRunner<T>['flush'];
  /** Drops the waiting task and aborts the running one. Stable. */
  cancel: LastTaskRunner<T>['cancel'];
  status: TaskStatus;
  /** The value of the last task that ended `'done'`. */
  value: T | undefined;
  /** The error of the last task while `status` is `'error'`. */
  error: unknown;
}

/**
 * A last-task runner tied to the component: it re-renders only when the runner's snapshot changes, and
 * unmounting drops the waiting task and aborts the running one.
 *
 * @example
 * const { run, status, value } = useLastTask<Hit[]>({ delay: 250 });
 * <input onChange={(e) => run(({ signal }) => searchApi(e.target.value, signal))} />
 */
export function useLastTask<T = unknown>(options?: RunnerOptions): UseLastTaskResult<T> {
  const [runner] = useState(() => createRunner<T>(options));
  useIsomorphicLayoutEffect(() => runner.configure(options));
  useIsomorphicLayoutEffect(() => {
    runner.resume();
    return runner.suspend;
  }, [runner]);
  const { status, value, error } = useSyncExternalStore(runner.subscribe, runner.getSnapshot, runner.getSnapshot);
  return { run: runner.run, flush: runner.flush, cancel: runner.cancel, status, value, error };
}
