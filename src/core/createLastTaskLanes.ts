import { checkDelay, checkFunction, checkObject, checkOptions, checkPriority, fail } from './checkOptions';
import { createRunner, type RunnerControl } from './createRunner';
import { createListeners } from './createListeners';
import { cancelled } from './task';
import type { Outcome, RunnerOptions, RunnerSnapshot, RunOptions, Task, TaskStatus } from './types';

/**
 * Several last-task runners at once, one per key (a field name, a row id, a document id). Each lane keeps
 * the runner's rules on its own; lanes never cancel each other. `undefined` is not a key.
 */
export interface LastTaskLanes<K, T> {
  /**
   * Schedules `task` on the lane of `key`, exactly as `LastTaskRunner.run` does on a runner of its own:
   * it replaces that lane's waiting task and (in `'restart'` mode) aborts that lane's running task, and
   * leaves every other lane alone. The task's `seq` and `previous` are the lane's own.
   */
  run(key: K, task: Task<T>, options?: RunOptions): Promise<Outcome<T>>;
  /** Starts the waiting task of `key`'s lane now; see `LastTaskRunner.flush`. `undefined` when the lane is not busy. */
  flush(key: K): Promise<Outcome<T> | undefined>;
  /**
   * Flushes every busy lane and resolves once all their promises have, with one outcome per lane in the
   * order the lanes became busy; `[]` when no lane is busy.
   */
  flush(): Promise<(Outcome<T> | undefined)[]>;
  /** Drops the waiting task and aborts the running one of `key`'s lane, or of every lane without a key. */
  cancel(key?: K): void;
  /** Cancels every lane for good (reason `'disposed'`): later `run()` calls resolve `'cancelled'` at once. */
  dispose(): void;
  /**
   * The snapshot of `key`'s lane: the same object until that lane changes. A key that was never run gives
   * one shared, frozen idle snapshot; a settled lane keeps reporting its last snapshot.
   */
  getSnapshot(key: K): RunnerSnapshot<T>;
  /**
   * One status for all lanes, the first that any lane has in the order
   * `error > running > pending > cancelled > done`, else `'idle'`.
   */
  getStatus(): TaskStatus;
  /**
   * Calls `listener(key)` once after every change of a lane's snapshot, with that lane's key; the aggregate
   * status only changes along with a lane, so no other call is made. Returns the function that unsubscribes.
   */
  subscribe(listener: (key: K) => void): () => void;
  /** How many lanes are busy (have a task waiting or running) and so hold a runner. */
  readonly size: number;
}

/** The lanes as `useLastTaskLanes` uses them: the public object plus the controls a component lifecycle needs. */
export interface LanesControl<K, T> extends LastTaskLanes<K, T> {
  /** Replaces the options for later `run()` calls on every lane; a waiting task keeps its deadline. */
  configure(options: RunnerOptions | undefined): void;
  /** As `RunnerControl.suspend`, for every lane, and for lanes opened until `resume()`. */
  suspend(): void;
  resume(): void;
}

interface Lane<K, T> {
  key: K;
  /** `run()` calls on this key so far: the lane's `seq` outlives its runners. */
  seq: number;
  /** The value of the lane's last task that ended `'done'`, kept while the lane holds no runner. */
  value: T | undefined;
  snapshot: RunnerSnapshot<T>;
  /** Only while the lane is busy. */
  runner?: RunnerControl<T> | undefined;
  unsubscribe?: (() => void) | undefined;
  /** The last `run()`'s task and options, while the lane is busy or its last task ended `'error'` (L15). */
  last?: [task: Task<T>, options: RunOptions | undefined] | undefined;
}

const IDLE: RunnerSnapshot<never> = Object.freeze({ status: 'idle', value: undefined, error: undefined });

/** The aggregate's order; `'idle'` when no lane has any of these. */
const ORDER = ['error', 'running', 'pending', 'cancelled', 'done'] as const;

/**
 * The lanes: a runner (`createRunner`, so the rules are literally the runner's) per busy key, created by
 * the key's first `run()` and dropped the moment the lane settles. What a settled lane must still answer
 * for (its snapshot, its `seq` count and its last `'done'` value, which the next task gets as `previous`)
 * is kept in a small record without runner, timer or listener.
 */
export function createLanes<K, T>(options?: RunnerOptions): LanesControl<K, T> {
  /** What every lane's runner gets: the options as they were checked, not an object the caller may change. */
  let config = checkOptions(options);
  /** The retry options as given, to tell whether new options change them. */
  let retry = options?.retry;
  const lanes = new Map<K, Lane<K, T>>();
  /** The lanes that hold a runner, in the order they became busy. */
  const busy = new Set<Lane<K, T>>();
  /** The lanes whose last task ended `'error'`: `flush()` runs them again (L15). */
  const failed = new Set<Lane<K, T>>();
  /** How many lanes have each status, so that the aggregate costs the same with 10 lanes or 10,000. */
  const counts: Record<TaskStatus, number> = { idle: 0, pending: 0, running: 0, done: 0, cancelled: 0, error: 0 };
  /** As the runner's: `'closing'` is suspended in this tick, still opening lanes (see `RunnerControl.suspend`). */
  let life: 'live' | 'closing' | 'suspended' | 'disposed' = 'live';
  const listeners = createListeners<[key: K]>();
  const { notify } = listeners;

  const release = (lane: Lane<K, T>) => {
    lane.unsubscribe!();
    lane.runner = lane.unsubscribe = undefined;
    busy.delete(lane);
  };

  // The lane's snapshot is its runner's, with the lane's own value: a fresh runner knows nothing of the
  // values its predecessors on this key ended with.
  const update = (lane: Lane<K, T>, snapshot: RunnerSnapshot<T>) => {
    const { status, error } = snapshot;
    const last = lane.snapshot;
    if (status === last.status && Object.is(lane.value, last.value) && Object.is(error, last.error)) return;
    lane.snapshot = Object.is(snapshot.value, lane.value) ? snapshot : { status, value: lane.value, error };
    counts[last.status]--;
    counts[status]++;
    if (status === 'error') failed.add(lane);
    else failed.delete(lane);
    // Released before the listeners hear of it, so that a listener's run() on this key opens a new runner.
    if (status !== 'pending' && status !== 'running') {
      release(lane);
      if (status !== 'error') lane.last = undefined;
    }
    notify(lane.key);
  };

  const open = (lane: Lane<K, T>) => {
    const runner = createRunner<T>(config, (outcome) => {
      if (outcome.status === 'done') lane.value = outcome.value;
    });
    // Opened between suspend() and the next microtask: taken without a timer, like the runner's own run().
    if (life !== 'live') runner.suspend();
    lane.runner = runner;
    lane.unsubscribe = runner.subscribe(() => update(lane, runner.getSnapshot()));
    busy.add(lane);
    return runner;
  };

  /** The busy lanes' runners at this moment: a listener called on the way may open or settle lanes. */
  const runners = () => [...busy].map((lane) => lane.runner!);

  /** A failed lane's last task, run again (L15); its runner, to flush. */
  const again = (lane: Lane<K, T>) => {
    if (life === 'live' && failed.has(lane)) run(lane.key, ...lane.last!);
    return lane.runner;
  };

  function flush(key?: K) {
    if (key !== undefined) {
      const lane = lanes.get(key);
      const runner = lane && (lane.runner ?? again(lane));
      return runner ? runner.flush() : Promise.resolve(undefined);
    }
    failed.forEach(again);
    return Promise.all(runners().map((runner) => runner.flush()));
  }

  function run(key: K, task: Task<T>, runOptions?: RunOptions) {
    if (key === undefined) fail('key', 'defined', key, TypeError);
    // The runner's checks, made before the lane is touched (R13).
    checkFunction('task', task);
    if (runOptions !== undefined) {
      checkDelay(checkObject(runOptions).delay, 0);
      checkPriority(runOptions.priority);
    }
    let lane = lanes.get(key);
    if (!lane) lanes.set(key, (lane = { key, seq: 0, value: undefined, snapshot: IDLE }));
    const seq = ++lane.seq;
    if (life === 'suspended' || life === 'disposed') return Promise.resolve(cancelled<T>('disposed'));
    const current = lane;
    lane.last = [task, runOptions];
    return (lane.runner ?? open(lane)).run((ctx) => task({ ...ctx, seq, previous: current.value }), runOptions);
  }

  return {
    run,
    flush: flush as LastTaskLanes<K, T>['flush'],
    cancel(key?: K) {
      if (key !== undefined) lanes.get(key)?.runner?.cancel();
      else runners().forEach((runner) => runner.cancel());
    },
    dispose() {
      // Dead first: a listener that runs a task while hearing of the cancellation is refused.
      life = 'disposed';
      runners().forEach((runner) => runner.dispose());
      listeners.close();
    },
    getSnapshot: (key: K) => lanes.get(key)?.snapshot ?? IDLE,
    getStatus: () => ORDER.find((status) => counts[status] > 0) ?? 'idle',
    subscribe: listeners.subscribe,
    get size() {
      return busy.size;
    },
    configure(next) {
      const last = config;
      const checked = checkOptions(next);
      // The hook configures on every commit: with the same options, the busy runners need nothing (`retry` is
      // compared by identity: an inline object reconfigures them, which is correct, only a little slower).
      if (
        checked.delay !== last.delay ||
        checked.maxWait !== last.maxWait ||
        checked.mode !== last.mode ||
        next?.retry !== retry
      ) {
        retry = next?.retry;
        config = checked;
        busy.forEach((lane) => lane.runner!.configure(config));
      }
    },
    suspend() {
      if (life === 'live') {
        life = 'closing';
        queueMicrotask(() => {
          if (life === 'closing') life = 'suspended';
        });
      }
      // Disposing a lane's runner cancels its tasks with reason 'disposed' and releases it; the lane opens
      // a new runner if it is run again.
      runners().forEach((runner) => runner.dispose());
    },
    resume() {
      if (life === 'closing' || life === 'suspended') {
        life = 'live';
        busy.forEach((lane) => lane.runner!.resume());
      }
    },
  };
}

/**
 * Creates a set of last-task lanes, one per key: each key gets its own debounce, its own abort and its own
 * status, with the rules of `createLastTaskRunner`, and no key ever cancels another. A lane holds a runner
 * only while it is busy, so a table of 10,000 rows costs a runner per row that is saving, not per row.
 *
 * @example
 * const rows = createLastTaskLanes<number, Row>({ delay: 500 });
 * rows.run(row.id, ({ signal }) => api.saveRow(row, signal));
 * rows.getSnapshot(row.id).status; // 'pending', then 'running', then 'done'
 * rows.getStatus(); // one status for the whole table
 */
export function createLastTaskLanes<K = string, T = unknown>(options?: RunnerOptions): LastTaskLanes<K, T> {
  const lanes = createLanes<K, T>(options);
  const { run, flush, cancel, dispose, getSnapshot, getStatus, subscribe } = lanes;
  return {
    run,
    flush,
    cancel,
    dispose,
    getSnapshot,
    getStatus,
    subscribe,
    get size() {
      return lanes.size;
    },
  };
}
