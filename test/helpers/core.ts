import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { DraftStore, LastTaskRunner, RunnerSnapshot, TaskContext } from '../../src/index';

/*
 * The test helpers that need no React: fake clocks, promises settled by hand, controlled tasks and saves,
 * listener recorders, what a call threw, and draft stores. The React part (act, StrictMode, render harnesses)
 * is ./react.tsx, which re-exports all of this.
 */

/** Installs fake timers before each test (starting at `now`, when given) and real ones back after it. */
export function withFakeClock(now?: number): void {
  beforeEach(() => {
    if (now === undefined) vi.useFakeTimers();
    else vi.useFakeTimers({ now });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/**
 * Installs fake timers before each test (starting at `now`, when given) and, after it, fails the test if any promise rejection went
 * unhandled while it ran (R3, R12). The after-hook switches back to real timers and yields a macrotask
 * twice so that Node reports rejections left unhandled by the test's last microtasks.
 */
export function withRunnerTestEnv(now?: number): void {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
    if (now === undefined) vi.useFakeTimers();
    else vi.useFakeTimers({ now });
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

/** A task whose every call (every attempt) returns a fresh deferred, recorded in order with its context. */
export function controlledTask<T>() {
  const calls: (Deferred<T> & { ctx: TaskContext<T> })[] = [];
  const task = vi.fn((ctx: TaskContext<T>): Promise<T> => {
    const d = deferred<T>();
    calls.push({ ctx, ...d });
    return d.promise;
  });
  const call = (index: number) => {
    const found = calls[index];
    if (!found) throw new Error(`task was called ${calls.length} times, no call #${index}`);
    return found;
  };
  return { task, calls, call };
}

export interface SaveCall<T, R> extends Deferred<R> {
  value: T;
  ctx: TaskContext<R>;
}

/** A `save` whose every call returns a fresh deferred, recorded in order. */
export function controlledSave<T, R = string>() {
  const calls: SaveCall<T, R>[] = [];
  const save = vi.fn((value: T, ctx: TaskContext<R>): Promise<R> => {
    const d = deferred<R>();
    calls.push({ value, ctx, ...d });
    return d.promise;
  });
  const call = (index: number): SaveCall<T, R> => {
    const found = calls[index];
    if (!found) throw new Error(`save was called ${calls.length} times, no call #${index}`);
    return found;
  };
  return { save, calls, call };
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

/** The message of an error, or the thrown value as a string. */
export const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Calls `fn`, expects it to throw, and returns the message of what it threw. */
export const messageOf = (fn: () => unknown): string => message(thrownBy(fn));

/** What an aborted signal's reason is: a DOMException's name and message, or its type and text. */
export function abortReasonOf(signal: AbortSignal): { name: string; message: string; isDOMException: boolean } {
  const reason: unknown = signal.reason;
  return {
    name: reason instanceof DOMException ? reason.name : typeof reason,
    message: reason instanceof DOMException ? reason.message : String(reason),
    isDOMException: reason instanceof DOMException,
  };
}

/** A synchronous store in memory, like localStorage, whose calls are counted. */
export function memoryStore(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  const store = {
    map,
    getItem: vi.fn((key: string) => map.get(key) ?? null),
    setItem: vi.fn((key: string, value: string) => void map.set(key, value)),
    removeItem: vi.fn((key: string) => void map.delete(key)),
  };
  return store satisfies DraftStore;
}

/** An asynchronous store (IndexedDB, AsyncStorage): every call answers `latency` ms later, by the fake clock. */
export function slowStore(latency: number, entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  const later = <V>(f: () => V) => new Promise<V>((resolve) => setTimeout(() => resolve(f()), latency));
  const store = {
    map,
    getItem: vi.fn((key: string) => later(() => map.get(key) ?? null)),
    setItem: vi.fn((key: string, value: string) => later(() => void map.set(key, value))),
    removeItem: vi.fn((key: string) => later(() => void map.delete(key))),
  };
  return store satisfies DraftStore;
}

/** The entry a store holds under `name`, parsed. */
export function entryOf(store: { map: Map<string, string> }, name = 'doc') {
  const raw = store.map.get(name);
  return raw === undefined ? undefined : (JSON.parse(raw) as { v: unknown; at: number; key: number; base?: number });
}

/**
 * BroadcastChannel between the "tabs" of one test: a message reaches the other channels of the same name in a
 * microtask, cloned, as in a browser (where it comes a task later: the order is the same).
 */
export class FakeChannel {
  static open = new Set<FakeChannel>();
  onmessage: ((event: { data: unknown }) => void) | null = null;
  closed = false;
  constructor(readonly name: string) {
    FakeChannel.open.add(this);
  }
  postMessage(data: unknown) {
    // As a real BroadcastChannel does once closed.
    if (this.closed) throw new DOMException('BroadcastChannel is closed', 'InvalidStateError');
    const copy: unknown = structuredClone(data);
    for (const other of FakeChannel.open)
      if (other !== this && other.name === this.name) queueMicrotask(() => other.onmessage?.({ data: copy }));
  }
  close() {
    this.closed = true;
    FakeChannel.open.delete(this);
  }
}

/**
 * `navigator.locks` for the "tabs" of one test, as a browser's Web Locks: requests for a name are granted one at a
 * time in the order they were made, each in a microtask once nobody holds the name (so a request aborted in the
 * same tick is rejected and its callback never runs); the lock is held until what the callback returns settles,
 * and a request whose signal aborts before its grant is rejected with the signal's reason. `crash(name)` lets go
 * of a held lock as the browser does when the tab that held it dies.
 */
export class FakeLocks {
  readonly held = new Map<string, () => void>();
  /** The name of every request made, in order. */
  readonly requests: string[] = [];
  private waiting: { name: string; grant: () => void }[] = [];
  request(name: string, options: { signal?: AbortSignal }, callback: () => unknown): Promise<unknown> {
    this.requests.push(name);
    return new Promise((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) return reject(signal.reason);
      const abort = () => {
        this.waiting = this.waiting.filter((w) => w !== waiter);
        reject(signal!.reason);
      };
      const waiter = {
        name,
        grant: () => {
          signal?.removeEventListener('abort', abort);
          let released = false;
          const release = () => {
            if (released) return;
            released = true;
            this.held.delete(name);
            this.next();
          };
          this.held.set(name, release);
          Promise.resolve()
            .then(callback)
            .then(
              (value) => (release(), resolve(value)),
              (error: unknown) => (release(), reject(error)),
            );
        },
      };
      signal?.addEventListener('abort', abort, { once: true });
      this.waiting.push(waiter);
      queueMicrotask(() => this.next());
    });
  }
  /** The names of the locks held now. */
  names() {
    return [...this.held.keys()];
  }
  /** The names of the requests still waiting. */
  pending() {
    return this.waiting.map((waiter) => waiter.name);
  }
  crash(name: string) {
    this.held.get(name)?.();
  }
  private next() {
    for (const waiter of [...this.waiting])
      if (!this.held.has(waiter.name)) {
        this.waiting = this.waiting.filter((w) => w !== waiter);
        waiter.grant();
      }
  }
}
