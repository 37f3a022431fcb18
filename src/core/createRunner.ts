import { checkDelay, checkFunction, checkObject, checkPriority, MAX_WAIT, type CheckedOptions } from './checkOptions';
import { createClock } from './clock';
import { createListeners } from './createListeners';
import { nextKey } from './orderKey';
import { cancelled, type Entry } from './task';
import { reportError } from './reportError';
import { retryWait } from './retry';
import type {
  CancelReason,
  LastTaskRunner,
  Outcome,
  RunnerSnapshot,
  RunOptions,
  Task,
  TaskStatus,
  TaskTrigger,
} from './types';

/**
 * Where the runner is: `'live'`; `'closing'`, suspended in this tick and still taking `run()` (see
 * `suspend()`); `'suspended'` until `resume()`; `'disposed'` for good.
 */
type Life = 'live' | 'closing' | 'suspended' | 'disposed';

/** The runner as the hooks use it: the public runner plus the controls a component lifecycle needs. */
export interface RunnerControl<T> extends LastTaskRunner<T> {
  /** Replaces the options for later `run()` calls; a waiting task keeps its deadline. */
  configure(options: CheckedOptions): void;
  /** Calls the listeners although the snapshot did not change: for stores derived from this one. */
  notify(): void;
  /** `flush()` for a reason of the caller's (`ctx.trigger`); a task waiting to retry is tried again at once. */
  flushFor(trigger: TaskTrigger, how?: FlushHow): Promise<Outcome<T> | undefined>;
  /**
   * Cancels with reason `'disposed'` and refuses `run()` until `resume()`; listeners stay subscribed.
   * Until the next microtask a `run()` is still taken, without a timer, in case the component is only
   * being remounted (StrictMode) and a child's layout effect runs before the parent's resumes the
   * runner; if nothing resumed it by then, that task is dropped without ever starting.
   */
  suspend(): void;
  resume(): void;
}

/** How `flushFor()` flushes. */
export interface FlushHow {
  /** Raises the flushed task to this priority at least, so that a lower-priority `run()` does not abort it. */
  priority?: number;
  /** A running task is the one flushed even if another waits: its save is the one wanted. */
  runningOnly?: boolean;
}

/** How a task that was still current ended. */
type Settled<T> = Exclude<Outcome<T>, { status: 'cancelled' }>;

/**
 * The last-task runner, given options already checked (`checkOptions`: the caller checks them once, where they
 * come in). `onSettled` is called with the outcome of a task that ended `'done'` or `'error'`
 * while it was still the current one, right before the snapshot changes: the autosave uses it to move its
 * baseline in the same change that reports the save.
 */
export function createRunner<T>(options: CheckedOptions, onSettled?: (outcome: Settled<T>) => void): RunnerControl<T> {
  let config = options;
  let pending: Entry<T> | undefined;
  let running: Entry<T> | undefined;
  let burstStart = 0;
  let seq = 0;
  let life: Life = 'live';
  /** The value of the last task that ended 'done' (`undefined` is a value too). */
  let value: T | undefined;
  let snapshot: RunnerSnapshot<T> = { status: 'idle', value, error: undefined };
  const listeners = createListeners();
  const { notify } = listeners;

  const set = (status: TaskStatus, error?: unknown) => {
    if (status !== snapshot.status || !Object.is(value, snapshot.value) || !Object.is(error, snapshot.error)) {
      snapshot = { status, value, error };
      notify();
    }
  };

  const clock = createClock(
    (back) => {
      burstStart -= back;
      if (pending) pending.due -= back;
    },
    (now) => {
      const entry = pending!;
      if (now < entry.due) clock.rearm(entry.due, now);
      else {
        entry.phase = 'ready';
        if (!running) start(entry);
      }
    },
  );

  const abort = (entry: Entry<T>, reason: CancelReason) => {
    clearTimeout(entry.retryTimer);
    entry.controller!.abort(new DOMException(reason, 'AbortError'));
    entry.resolve(cancelled(reason));
  };

  function start(entry: Entry<T>) {
    pending = undefined;
    clock.clear();
    entry.controller = new AbortController();
    running = entry;
    set('running');
    // A listener may have cancelled it already; then the task is never called.
    if (running === entry) attempt(entry);
  }

  function attempt(entry: Entry<T>) {
    entry.phase = 'running';
    entry.retryTimer = undefined;
    const { seq, key, trigger } = entry;
    const ctx = { signal: entry.controller!.signal, seq, key, previous: value, attempt: ++entry.attempt, trigger };
    new Promise<T>((resolve) => resolve(entry.task(ctx))).then(
      (result) => settle(entry, { status: 'done', value: result }),
      (error: unknown) => {
        // Not retried once it is no longer current, nor once a newer task of at least its priority waits for it;
        // asked again after the retry callbacks, which may have called run() or cancel().
        const stale = () => running !== entry || (pending && pending.priority >= entry.priority);
        let wait: number | undefined;
        try {
          if (!stale()) wait = retryWait(entry.retry, entry.attempt, error);
        } catch (e) {
          // A retry option that throws ends the task with its own error, which names what went wrong.
          error = e;
        }
        if (wait === undefined || stale()) settle(entry, { status: 'error', error });
        else {
          entry.phase = 'retrying';
          entry.retryTimer = setTimeout(attempt, Math.min(wait, MAX_WAIT), entry);
        }
      },
    );
  }

  function settle(entry: Entry<T>, outcome: Settled<T>) {
    // A task that was superseded, cancelled or disposed has already resolved; what it returns now is ignored.
    if (running !== entry) return;
    running = undefined;
    if (outcome.status === 'done') value = outcome.value;
    const before = snapshot;
    try {
      onSettled?.(outcome);
    } catch (e) {
      reportError(e);
    }
    // The callback may have started the next task already (a flush() from onSaved or onError), or made its own
    // change (a cancel() from onSaved), which the status of this outcome must not overwrite.
    if (!running && snapshot === before) {
      const next = pending;
      if (next?.phase === 'ready') start(next);
      else set(next ? 'pending' : outcome.status, next || outcome.status === 'done' ? undefined : outcome.error);
    }
    entry.resolve(outcome);
  }

  /** The running task, if a task of `priority` may abort it: never one of higher priority; in keepLatest mode only one waiting to retry. */
  const mayAbort = (priority: number) =>
    running && running.priority <= priority && (config.mode === 'restart' || running.phase === 'retrying')
      ? running
      : undefined;

  function flushFor(trigger: TaskTrigger, { priority = -Infinity, runningOnly }: FlushHow = {}) {
    const entry = pending;
    const current = running;
    if (!entry || life !== 'live' || (runningOnly && current)) {
      if (!current) return Promise.resolve(undefined);
      if (life === 'live') {
        current.priority = Math.max(current.priority, priority);
        if (current.phase === 'retrying') {
          // The attempts from now on are this flush's doing: a save hurried by 'hidden' may use keepalive.
          clearTimeout(current.retryTimer);
          current.trigger = trigger;
          attempt(current);
        }
      }
      // The attempt may have called run(), cancel() or dispose() on this runner already.
      return current.promise;
    }
    entry.priority = Math.max(entry.priority, priority);
    entry.phase = 'ready';
    entry.trigger = trigger;
    // Raised, it may now abort the running task, as a run() of its priority would.
    const aborted = mayAbort(entry.priority);
    if (running && !aborted) clock.clear();
    else {
      running = undefined;
      // Aborted before the newer task is called, so that two tasks never overlap (as ember-concurrency does);
      // an abort listener may have replaced or cancelled the flushed task meanwhile.
      if (aborted) abort(aborted, 'superseded');
      if (pending === entry) start(entry);
    }
    return entry.promise;
  }

  const stop = (reason: CancelReason) => {
    const waiting = pending;
    const current = running;
    if (waiting || current) {
      pending = running = undefined;
      clock.clear();
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
      if (life === 'suspended' || life === 'disposed') return Promise.resolve(cancelled('disposed'));
      let resolve!: (outcome: Outcome<T>) => void;
      const promise = new Promise<Outcome<T>>((r) => (resolve = r));
      const now = clock.read();
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
        phase: 'waiting',
        retry: config.retry,
        attempt: 0,
        promise,
        resolve,
      };
      // It takes over the place of a waiting task of higher priority: its priority, and its start if sooner.
      if (replaced && replaced.priority > priority) {
        entry.priority = priority = replaced.priority;
        if (replaced.phase === 'ready' || replaced.due < entry.due) {
          entry.due = replaced.due;
          entry.trigger = replaced.trigger;
          entry.phase = replaced.phase;
        }
      }
      pending = entry;
      const aborted = mayAbort(priority);
      if (aborted) running = undefined;
      if (life === 'live') clock.arm(entry.due, now);
      if (!running) set('pending');
      replaced?.resolve(cancelled('superseded'));
      if (aborted) abort(aborted, 'superseded');
      return promise;
    },
    flush: () => flushFor('flush'),
    flushFor,
    cancel: () => stop('cancelled'),
    dispose() {
      // Disposed first: a listener that hears the cancel and calls run() must be refused too.
      life = 'disposed';
      stop('disposed');
      listeners.close();
    },
    getSnapshot: () => snapshot,
    subscribe: listeners.subscribe,
    configure(next) {
      config = next;
    },
    notify,
    suspend() {
      if (life === 'live') {
        life = 'closing';
        queueMicrotask(() => {
          if (life === 'closing') {
            life = 'suspended';
            stop('disposed');
          }
        });
      }
      stop('disposed');
    },
    resume() {
      if (life !== 'disposed') {
        life = 'live';
        // A task taken while suspended (see suspend()) gets its timer now.
        if (pending) {
          // Read first: a reading that finds the clock gone back moves pending.due.
          const now = clock.read();
          clock.arm(pending.due, now);
        }
      }
    },
  };
}
