import { checkDelay, checkFunction, checkObject, checkOptions, checkPriority, MAX_WAIT, type CheckedRetry } from './checkOptions';
import { createListeners } from './createListeners';
import { nextKey } from './orderKey';
import { reportError } from './reportError';
import type {
  CancelReason,
  LastTaskRunner,
  Outcome,
  RunnerOptions,
  RunnerSnapshot,
  RunOptions,
  Task,
  TaskStatus,
  TaskTrigger,
} from './types';

interface Entry<T> {
  task: Task<T>;
  seq: number;
  /** The ordering key issued when `run()` was called (`ctx.key`). */
  key: number;
  /** When the task may start, by `Date.now()`. */
  due: number;
  /** What starts it when `due` comes (`'delay'` or `'maxWait'`), or what made it `ready`. */
  trigger: TaskTrigger;
  priority: number;
  /** The wait is over (timer, maxWait or flush); only a running task it may not abort holds it back. */
  ready?: boolean;
  /** The runner's retry options when `run()` was called. */
  retry: CheckedRetry | undefined;
  /** Attempts started so far. */
  attempt: number;
  /** The wait before the next attempt, while there is one. */
  retryTimer?: ReturnType<typeof setTimeout> | undefined;
  controller?: AbortController;
  promise: Promise<Outcome<T>>;
  resolve: (outcome: Outcome<T>) => void;
}

/** The runner as the hooks use it: the public runner plus the controls a component lifecycle needs. */
export interface RunnerControl<T> extends LastTaskRunner<T> {
  /** Replaces the options for later `run()` calls; a waiting task keeps its deadline. */
  configure(options: RunnerOptions | undefined): void;
  /** Calls the listeners although the snapshot did not change: for stores derived from this one. */
  notify(): void;
  /**
   * `flush()` for a reason of the caller's (`ctx.trigger`), raising the flushed task to `priority` at least so
   * that a lower-priority `run()` does not abort it; a task waiting to retry is tried again at once. With
   * `runningOnly`, a running task is the one flushed even if another waits (its save is the one wanted).
   */
  flushFor(trigger: TaskTrigger, priority: number, runningOnly?: boolean): Promise<Outcome<T> | undefined>;
  /**
   * Cancels with reason `'disposed'` and refuses `run()` until `resume()`; listeners stay subscribed.
   * Until the next microtask a `run()` is still taken, without a timer, in case the component is only
   * being remounted (StrictMode) and a child's layout effect runs before the parent's resumes the
   * runner; if nothing resumed it by then, that task is dropped without ever starting.
   */
  suspend(): void;
  resume(): void;
}

/** How a task that was still current ended. */
type Settled<T> = Exclude<Outcome<T>, { status: 'cancelled' }>;

const cancelled = <T>(reason: CancelReason): Outcome<T> => ({ status: 'cancelled', reason });

/**
 * The last-task runner. `onSettled` is called with the outcome of a task that ended `'done'` or `'error'`
 * while it was still the current one, right before the snapshot changes: the autosave uses it to move its
 * baseline in the same change that reports the save.
 */
export function createRunner<T>(
  options?: RunnerOptions,
  onSettled?: (outcome: Settled<T>) => void,
): RunnerControl<T> {
  let config = checkOptions(options);
  let pending: Entry<T> | undefined;
  let running: Entry<T> | undefined;
  let burstStart = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = 0;
  let seq = 0;
  /**
   * 0 alive; 1 suspended in this tick (see suspend()), still taking run(); 2 suspended; 3 disposed for good.
   */
  let dead = 0;
  /** The value of the last task that ended 'done' (`undefined` is a value too). */
  let value: T | undefined;
  let snapshot: RunnerSnapshot<T> = { status: 'idle', value, error: undefined };
  const listeners = createListeners();
  const { notify } = listeners;

  const set = (status: TaskStatus, error?: unknown) => {
    if (status != snapshot.status || !Object.is(value, snapshot.value) || !Object.is(error, snapshot.error)) {
      snapshot = { status, value, error };
      notify();
    }
  };

  /** The latest `Date.now()` the runner read. */
  let last = 0;
  /**
   * The clock went back since the timer was armed, seen by a reading: the time that passed before the jump is
   * unknown, so `timerAt` is no longer a reading to trust, and the next run() arms the timer anew.
   */
  let timerStale = false;
  /**
   * `Date.now()`, and if the clock went back since the last reading, every stored time moves back with it,
   * as if no time had passed in between: deadlines may come late by that time, never early.
   */
  const clock = () => {
    const now = Date.now();
    const back = last - now;
    if (back > 0) {
      burstStart -= back;
      timerAt -= back;
      timerStale = true;
      if (pending) pending.due -= back;
    }
    return (last = now);
  };

  const clearTimer = () => {
    clearTimeout(timer);
    timer = undefined;
  };

  const arm = (at: number, now = clock()) => {
    clearTimer();
    timerAt = at;
    timerStale = false;
    // A longer wait would fire at once; the timer then re-arms for what is left.
    timer = setTimeout(fire, Math.min(Math.max(0, at - now), MAX_WAIT));
  };

  // One timer serves a whole burst: a run() that only moves the deadline later leaves the timer alone,
  // and the timer, when it fires early, re-arms itself for what is left.
  function fire() {
    timer = undefined;
    const entry = pending!;
    // A timer fires only after its whole wait: if the clock went back while it waited (with no reading in
    // between), the time it was armed for is the better reading.
    const trusted = !timerStale && Date.now() < last;
    const now = trusted ? Math.max(clock(), timerAt) : clock();
    if (now < entry.due) arm(entry.due, now);
    else {
      entry.ready = true;
      if (!running) start(entry);
    }
  }

  const abort = (entry: Entry<T>, reason: CancelReason) => {
    clearTimeout(entry.retryTimer);
    entry.controller!.abort(new DOMException(reason, 'AbortError'));
    entry.resolve(cancelled(reason));
  };

  function start(entry: Entry<T>) {
    pending = undefined;
    clearTimer();
    const controller = (entry.controller = new AbortController());
    running = entry;
    set('running');
    // A listener may have cancelled it already; then the task is never called.
    if (running == entry) attempt(entry, controller.signal);
  }

  function attempt(entry: Entry<T>, signal: AbortSignal) {
    entry.retryTimer = undefined;
    const { seq, key, trigger } = entry;
    new Promise<T>((resolve) => resolve(entry.task({ signal, seq, key, previous: value, attempt: ++entry.attempt, trigger }))).then(
      (result) => settle(entry, { status: 'done', value: result }),
      (error: unknown) => {
        // Not retried once it is no longer current, nor once a newer task of at least its priority waits for it;
        // asked again after the retry callbacks, which may have called run() or cancel().
        const stale = () => running != entry || (pending && pending.priority >= entry.priority);
        const { retry } = entry;
        let wait: number | undefined;
        if (retry && entry.attempt < retry.attempts && !stale()) {
          try {
            if (!retry.shouldRetry || retry.shouldRetry(error, entry.attempt)) wait = retry.delay(entry.attempt, error);
          } catch (e) {
            // A retry option that throws ends the task with its own error, which names what went wrong.
            error = e;
          }
        }
        if (wait === undefined || stale()) settle(entry, { status: 'error', error });
        else entry.retryTimer = setTimeout(attempt, Math.min(wait, MAX_WAIT), entry, signal);
      },
    );
  }

  function settle(entry: Entry<T>, outcome: Settled<T>) {
    // A task that was superseded, cancelled or disposed has already resolved; what it returns now is ignored.
    if (running != entry) return;
    running = undefined;
    if (outcome.status == 'done') value = outcome.value;
    const before = snapshot;
    try {
      onSettled?.(outcome);
    } catch (e) {
      reportError(e);
    }
    // The callback may have started the next task already (a flush() from onSaved or onError), or made its own
    // change (a cancel() from onSaved), which the status of this outcome must not overwrite.
    if (!running && snapshot == before) {
      const next = pending;
      if (next?.ready) start(next);
      else set(next ? 'pending' : outcome.status, next || outcome.status == 'done' ? undefined : outcome.error);
    }
    entry.resolve(outcome);
  }

  /** The running task, if a task of `priority` may abort it: never one of higher priority; in keepLatest mode only one waiting to retry. */
  const mayAbort = (priority: number) =>
    running && running.priority <= priority && (!config.keepLatest || running.retryTimer) ? running : undefined;

  function flushFor(trigger: TaskTrigger, priority: number, runningOnly?: boolean) {
    const entry = pending;
    const current = running;
    if (!entry || dead || (runningOnly && current)) {
      if (!current) return Promise.resolve(undefined);
      if (!dead) {
        current.priority = Math.max(current.priority, priority);
        if (current.retryTimer) {
          // The attempts from now on are this flush's doing: a save hurried by 'hidden' may use keepalive.
          clearTimeout(current.retryTimer);
          current.trigger = trigger;
          attempt(current, current.controller!.signal);
        }
      }
      // The attempt may have called run(), cancel() or dispose() on this runner already.
      return current.promise;
    }
    entry.priority = Math.max(entry.priority, priority);
    entry.ready = true;
    entry.trigger = trigger;
    // Raised, it may now abort the running task, as a run() of its priority would.
    const aborted = mayAbort(entry.priority);
    if (running && !aborted) clearTimer();
    else {
      running = undefined;
      // Aborted before the newer task is called, so that two tasks never overlap (as ember-concurrency does);
      // an abort listener may have replaced or cancelled the flushed task meanwhile.
      if (aborted) abort(aborted, 'superseded');
      if (pending == entry) start(entry);
    }
    return entry.promise;
  }

  const stop = (reason: CancelReason) => {
    const waiting = pending;
    const current = running;
    if (waiting || current) {
      pending = running = undefined;
      clearTimer();
      set('cancelled');
      waiting?.resolve(cancelled(reason));
      if (current) abort(current, reason);
    }
  };

  return {
    run(task: Task<T>, runOptions?: RunOptions) {
      checkFunction('task', task);
      const delay = runOptions === undefined ? config.delay : checkDelay(checkObject(runOptions).delay, config.delay);
      let priority = runOptions === undefined ? 0 : checkPriority(runOptions.priority);
      seq++;
      if (dead > 1) return Promise.resolve(cancelled('disposed'));
      let resolve!: (outcome: Outcome<T>) => void;
      const promise = new Promise<Outcome<T>>((r) => (resolve = r));
      const now = clock();
      const replaced = pending;
      if (!replaced) burstStart = now;
      // A maxWait below this call's delay acts as that delay.
      const forced = burstStart + Math.max(config.maxWait, delay);
      const entry: Entry<T> = {
        task,
        seq,
        key: nextKey(now),
        due: Math.min(now + delay, forced),
        trigger: forced < now + delay ? 'maxWait' : 'delay',
        priority,
        retry: config.retry,
        attempt: 0,
        promise,
        resolve,
      };
      // It takes over the place of a waiting task of higher priority: its priority, and its start if sooner.
      if (replaced && replaced.priority > priority) {
        entry.priority = priority = replaced.priority;
        if (replaced.ready || replaced.due < entry.due) {
          entry.due = replaced.due;
          entry.trigger = replaced.trigger;
          if (replaced.ready) entry.ready = true;
        }
      }
      const { due } = entry;
      pending = entry;
      const aborted = mayAbort(priority);
      if (aborted) running = undefined;
      if (!dead && (!timer || timerStale || timerAt > due)) arm(due, now);
      if (!running) set('pending');
      replaced?.resolve(cancelled('superseded'));
      if (aborted) abort(aborted, 'superseded');
      return promise;
    },
    flush: () => flushFor('flush', -Infinity),
    flushFor,
    cancel: () => stop('cancelled'),
    dispose() {
      // Dead first: a listener that hears the cancel and calls run() must be refused too.
      dead = 3;
      stop('disposed');
      listeners.clear();
    },
    getSnapshot: () => snapshot,
    subscribe(listener) {
      return dead > 2 ? () => {} : listeners.subscribe(listener);
    },
    configure(next) {
      config = checkOptions(next);
    },
    notify,
    suspend() {
      if (!dead) {
        dead = 1;
        queueMicrotask(() => {
          if (dead == 1) {
            dead = 2;
            stop('disposed');
          }
        });
      }
      stop('disposed');
    },
    resume() {
      if (dead < 3) {
        dead = 0;
        // A task taken while suspended (see suspend()) gets its timer now.
        if (pending && !timer) arm(pending.due);
      }
    },
  };
}
