import { useEffect, useInsertionEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { checkObject, checkOptions, type CheckedOptions } from '../core/checkOptions';
import { createRunner } from '../core/createRunner';
import type { LastTaskRunner, RunnerOptions, TaskStatus } from '../core/types';
import { listenForHide } from './listenForHide';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

export interface UseLastTaskOptions extends RunnerOptions {
  /**
   * On unmount, starts the waiting task at once (`ctx.trigger` `'unmount'`) and lets the running one finish,
   * instead of cancelling them (H3), as `useAutosave`'s `saveOnUnmount`. An effect of your own that calls
   * `flush()` on unmount comes too late for that: this hook's cleanup has cancelled the task by then. @default false
   */
  flushOnUnmount?: boolean;
  /**
   * Starts the waiting task at once when the page is hidden or left (`visibilitychange` to hidden, `pagehide`),
   * with `ctx.trigger` `'hidden'`, so that it can use `fetch(…, { keepalive: true })`. @default false
   */
  flushOnHide?: boolean;
}

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

/** The runner, and in development a `run` that warns when it is called during render (H8). */
function createHookRunner<T>(config: CheckedOptions) {
  const runner = createRunner<T>(config);
  /** The `flushOnUnmount` of the last commit, read by the cleanup. */
  let flushOnUnmount: boolean | undefined;
  const hook: {
    runner: typeof runner;
    run: typeof runner.run;
    update(config: CheckedOptions, flushOnUnmount: boolean | undefined): void;
    mount(): () => void;
    hide(): void;
    /** Development only: marks the render under way, until its commit (the insertion effects) or the next microtask. */
    render?(): void;
    rendered?(): void;
  } = {
    runner,
    run: runner.run,
    /** Called at the commits that change one of them; the runner options were checked at render (R13). */
    update(config, flush) {
      runner.configure(config);
      flushOnUnmount = flush;
    },
    mount() {
      runner.resume();
      return () => {
        // H7: the runner is left alive, so that the task it starts, or the one running, can finish.
        if (flushOnUnmount) void runner.flushFor('unmount');
        else runner.suspend();
      };
    },
    hide: () => void runner.flushFor('hidden'),
  };
  if (process.env.NODE_ENV !== 'production') {
    let rendering = false;
    hook.rendered = () => void (rendering = false);
    hook.render = () => {
      rendering = true;
      queueMicrotask(hook.rendered!);
    };
    hook.run = (task, runOptions) => {
      if (rendering)
        console.error('react-last-task: run() was called during render; call it from an event handler or an effect');
      return runner.run(task, runOptions);
    };
  }
  return hook;
}

/**
 * A last-task runner tied to the component: it re-renders only when the runner's snapshot changes, and
 * unmounting drops the waiting task and aborts the running one (or, with `flushOnUnmount`, starts it).
 *
 * @example
 * const { run, status, value } = useLastTask<Hit[]>({ delay: 250 });
 * <input onChange={(e) => run(({ signal }) => searchApi(e.target.value, signal))} />
 */
export function useLastTask<T = unknown>(options?: UseLastTaskOptions): UseLastTaskResult<T> {
  const checked = checkObject(options);
  const config = useMemo(
    () => checkOptions(checked),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the runner options by value (retry by identity), not the object
    [checked.delay, checked.maxWait, checked.mode, checked.retry],
  );
  const [hook] = useState(() => createHookRunner<T>(config));
  const { runner } = hook;
  // The same branch in every render of a build: development checks H8, production pays nothing.
  if (process.env.NODE_ENV !== 'production') {
    hook.render!();
    // eslint-disable-next-line react-hooks/rules-of-hooks -- a build constant: every render of a build takes the same branch
    useInsertionEffect(hook.rendered!);
  }
  // No effect runs at a commit that changes none of its dependencies.
  useIsomorphicLayoutEffect(() => hook.update(config, checked.flushOnUnmount), [hook, config, checked.flushOnUnmount]);
  useIsomorphicLayoutEffect(hook.mount, [hook]);
  // E1: flushed as the page is hidden or left.
  useEffect(() => {
    if (checked.flushOnHide) return listenForHide(hook.hide);
  }, [checked.flushOnHide, hook]);
  const { status, value, error } = useSyncExternalStore(runner.subscribe, runner.getSnapshot, runner.getSnapshot);
  return { run: hook.run, flush: runner.flush, cancel: runner.cancel, status, value, error };
}
