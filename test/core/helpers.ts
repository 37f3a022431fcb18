import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { LastTaskRunner, RunnerSnapshot, TaskContext } from '../../src/index';

/**
 * Installs fake timers before each test and, after it, fails the test if any promise rejection went
 * unhandled while it ran (R3, R12). The after-hook switches back to real timers and yields a macrotask
 * twice so that Node reports rejections left unhandled by the test's last microtasks.
 */
export function useRunnerTestEnv(): void {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
    vi.useFakeTimers();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled, 'unhandled rejections while the test ran').toEqual([]);
  });
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** A promise resolved or rejected by hand. */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Captures what reportError rethrows through queueMicrotask (a throwing listener or callback), instead
 * of letting it reach the host as an uncaught error. vi.unstubAllGlobals() puts the real one back.
 */
export function catchReportedErrors(): unknown[] {
  const reported: unknown[] = [];
  const real = globalThis.queueMicrotask;
  vi.stubGlobal('queueMicrotask', (callback: () => void) =>
    real(() => {
      try {
        callback();
      } catch (error) {
        reported.push(error);
      }
    }),
  );
  return reported;
}

export interface Tracked<T> {
  readonly promise: Promise<T>;
  settled: boolean;
  rejected: boolean;
  value: T | undefined;
  error: unknown;
}

/** Watches a promise so a test can check, without awaiting it, whether and how it has settled. */
export function track<T>(promise: Promise<T>): Tracked<T> {
  const tracked: Tracked<T> = { promise, settled: false, rejected: false, value: undefined, error: undefined };
  promise.then(
    (value) => {
      tracked.settled = true;
      tracked.value = value;
    },
    (error: unknown) => {
      tracked.settled = true;
      tracked.rejected = true;
      tracked.error = error;
    },
  );
  return tracked;
}

/** Lets pending promise continuations run without advancing (fake) time. */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 25; i += 1) await Promise.resolve();
}

/** Advances fake time and then lets promise continuations run. */
export async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await flushMicrotasks();
}

export interface Recorder<T> {
  listener: ReturnType<typeof vi.fn>;
  /** The snapshot read inside each listener call, in order. */
  snapshots: RunnerSnapshot<T>[];
  statuses: () => string[];
  unsubscribe: () => void;
  /** The snapshot the runner had when the recorder subscribed. */
  initial: RunnerSnapshot<T>;
}

/** Subscribes a `vi.fn()` listener that records the snapshot at each call. */
export function record<T>(runner: LastTaskRunner<T>): Recorder<T> {
  const snapshots: RunnerSnapshot<T>[] = [];
  const listener = vi.fn(() => {
    snapshots.push(runner.getSnapshot());
  });
  const initial = runner.getSnapshot();
  const unsubscribe = runner.subscribe(listener);
  return { listener, snapshots, statuses: () => snapshots.map((s) => s.status), unsubscribe, initial };
}

/** R10: every listener call must follow an observable change of status, value or error. */
export function expectEveryCallAChange<T>(recorder: Recorder<T>): void {
  let previous = recorder.initial;
  for (const snapshot of recorder.snapshots) {
    const changed =
      snapshot.status !== previous.status ||
      !Object.is(snapshot.value, previous.value) ||
      !Object.is(snapshot.error, previous.error);
    expect(changed, `listener called without a change: ${JSON.stringify(snapshot)}`).toBe(true);
    expect(snapshot).not.toBe(previous);
    previous = snapshot;
  }
}

/** Casts a deliberately wrong value to the type an API expects, for bad-input tests. */
export function unsafe<T>(value: unknown): T {
  return value as T;
}

/** A task per call (per attempt) that returns a fresh deferred, recorded with its context. */
export function gated<T>() {
  const calls: (Deferred<T> & { ctx: TaskContext<T> })[] = [];
  const task = vi.fn((ctx: TaskContext<T>) => {
    const d = deferred<T>();
    calls.push({ ...d, ctx });
    return d.promise;
  });
  const call = (i: number) => {
    const found = calls[i];
    if (!found) throw new Error(`no call #${i}, ${calls.length} calls`);
    return found;
  };
  return { task, calls, call };
}

/** Calls `fn`, expects it to throw, and returns what it threw. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, nothing was thrown');
}
