// createDraft without React (D1–D7, O1–O2): a host that stands for the autosave, a store in memory, and a
// BroadcastChannel between "tabs" of one test. The React tests (test/react/drafts.test.tsx) run the same rules
// through useDraft and useAutosave.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createDraft, type DraftHost, type DraftOptions } from '../../src/core';
import {
  catchReportedErrors,
  deferred,
  entryOf,
  FakeChannel,
  FakeLocks,
  flushMicrotasks,
  memoryStore,
  track,
  withFakeClock,
} from '../helpers/core';

const NOW = Date.UTC(2026, 0, 1);
/** The browser's Web Locks, given to the tests of D6's takeover only: the others run without them. */
let locks = new FakeLocks();

withFakeClock(NOW);
beforeEach(() => {
  vi.stubGlobal('BroadcastChannel', FakeChannel);
});
afterEach(() => {
  vi.unstubAllGlobals();
  FakeChannel.open.clear();
});

/**
 * A host standing for an autosave whose baseline and latest value the test sets; `takeOver` makes it dirty, as
 * the autosave's does (the server may not have its baseline), and `reset` clean again.
 */
function host(baseline: string, latest = baseline) {
  const state = { baseline, latest, trusted: true };
  const h: DraftHost<string> & { state: typeof state } = {
    state,
    isEqual: Object.is,
    baseline: () => state.baseline,
    latest: () => state.latest,
    isDirty: () => !state.trusted || state.latest !== state.baseline,
    reset: vi.fn((value: string) => {
      state.baseline = state.latest = value;
      state.trusted = true;
    }),
    rehold: vi.fn(),
    takeOver: vi.fn(() => {
      state.trusted = false;
    }),
  };
  return h;
}

/** A draft attached to a host, as a tab with an editor showing `latest`. */
function tab(options: DraftOptions<string> & { baseline?: string; latest?: string } = {}) {
  const { baseline = 'saved', latest, ...rest } = options;
  const draft = createDraft<string>('doc', rest);
  const h = host(baseline, latest);
  const detach = draft.attach(h);
  /** The name of the Web Lock this tab asked for at its first unsaved edit (none without Web Locks). */
  let lock: string | undefined;
  /** The editor's value changes: the host's latest moves, then the draft hears of it, as in createAutosave. */
  const type = (value: string) => {
    h.state.latest = value;
    const asked = locks.requests.length;
    draft.changed(value, h.isDirty());
    lock = locks.requests[asked] ?? lock;
  };
  return {
    draft,
    host: h,
    detach,
    type,
    get lock() {
      return lock;
    },
  };
}

describe('createDraft', () => {
  test('D1 the entry holds the value, when it was written, its key and the key of the saved version it started from', () => {
    const store = memoryStore();
    const { type } = tab({ store, savedKey: 7 });
    type('typed');
    expect(entryOf(store)).toEqual({ v: 'typed', at: NOW, key: NOW * 1000, base: 7 });
  });

  test('D1 the snapshot says reading until the store was read, then ready', async () => {
    const store = memoryStore();
    store.getItem.mockImplementation(() => new Promise((resolve) => setTimeout(() => resolve(null), 10)) as never);
    const draft = createDraft<string>('doc', { store });
    const seen: string[] = [];
    draft.subscribe(() => seen.push(draft.getSnapshot().status));
    expect(draft.getSnapshot()).toEqual({ status: 'reading', recovered: undefined, offline: false });
    draft.attach(host('saved'));
    await vi.advanceTimersByTimeAsync(10);
    expect(seen).toEqual(['ready']);
  });

  test("D2 a save of the latest value drops the entry, and the next edit starts from that save's key", () => {
    const store = memoryStore();
    const { draft, type } = tab({ store, savedKey: 1 });
    type('a');
    draft.saved('a', 123, true);
    expect(store.map.has('doc')).toBe(false);
    type('ab');
    expect(entryOf(store)?.base).toBe(123);
  });

  test('D2 a save of an older value keeps the newer entry', () => {
    const store = memoryStore();
    const { draft, type } = tab({ store });
    type('a');
    type('ab');
    draft.saved('a', 5, false);
    expect(entryOf(store)?.v).toBe('ab');
  });

  test('D2 a save never drops an entry another tab wrote after it', () => {
    const store = memoryStore();
    const a = tab({ store });
    a.type('mine');
    // Another tab of the browser wrote its own, newer entry under the same name (storage is shared).
    store.map.set('doc', JSON.stringify({ v: 'theirs', at: NOW, key: Number.MAX_SAFE_INTEGER - 1 }));
    a.draft.saved('mine', NOW * 1000 + 5, true);
    expect(entryOf(store)?.v).toBe('theirs');
    // Back at the saved value, the same: the newer entry stays.
    a.type('saved');
    expect(entryOf(store)?.v).toBe('theirs');
  });

  test('D2 a corrupt entry is removed by a save', () => {
    const store = memoryStore();
    const { draft, type } = tab({ store, onError: () => {} });
    type('a');
    store.map.set('doc', '{broken');
    draft.saved('a', 9, true);
    expect(store.map.has('doc')).toBe(false);
  });

  test('D3 an entry equal to the baseline is removed once read, unless the value changed meanwhile', () => {
    const store = memoryStore({ doc: JSON.stringify({ v: 'saved', at: 1, key: 2 }) });
    tab({ store });
    expect(store.map.has('doc')).toBe(false);
    const other = memoryStore({ doc: JSON.stringify({ v: 'saved', at: 1, key: 2 }) });
    tab({ store: other, latest: 'typed before the read' });
    expect(entryOf(other)?.v).toBe('saved');
  });

  test('D4 a newer draft is restored without a word; the floor of keys rises past it', () => {
    const store = memoryStore({ doc: JSON.stringify({ v: 'kept', at: 1, key: NOW * 1000 + 10_000, base: 3 }) });
    const restore = vi.fn();
    const { draft, type } = tab({ store, savedKey: 3, restore });
    expect(restore).toHaveBeenCalledWith('kept');
    expect(draft.getSnapshot().recovered).toBeUndefined();
    type('kept!');
    expect(entryOf(store)?.key).toBe(NOW * 1000 + 10_001);
  });

  test('D4 a restored draft shown as it was keeps its key in the store (showing it is no edit); a change gives a new one', () => {
    const store = memoryStore({ doc: JSON.stringify({ v: 'typed before', at: 1, key: 5_000, base: 3 }) });
    const { draft, host: h } = tab({ store, savedKey: 3, restore: vi.fn() });
    // The app shows the restored value: the autosave takes it, as a change from its baseline.
    h.state.latest = 'typed before';
    draft.changed('typed before', true);
    expect(entryOf(store)).toEqual({ v: 'typed before', at: 1, key: 5_000, base: 3 });
    h.state.latest = 'typed before, and more';
    draft.changed('typed before, and more', true);
    expect(entryOf(store)?.key).toBeGreaterThan(5_000);
  });

  test('D4 D5 without restore, or older than the saved copy, a draft waits in recovered with its facts', () => {
    const raw = JSON.stringify({ v: 'kept', at: 42, key: 100, base: 3 });
    const newer = tab({ store: memoryStore({ doc: raw }), savedKey: 99 });
    expect(newer.draft.getSnapshot().recovered).toEqual({
      value: 'kept',
      writtenAt: 42,
      key: 100,
      baseKey: 3,
      origin: 'reload',
      newer: true,
    });
    const restore = vi.fn();
    const older = tab({ store: memoryStore({ doc: raw }), savedKey: 100, restore });
    expect(restore).not.toHaveBeenCalled();
    expect(older.draft.getSnapshot().recovered).toMatchObject({ newer: false });
    // The same key as the saved copy counts as older: that save may be this very edit's.
    expect(older.draft.holds()).toBe(false);
  });

  test('D5 discard drops recovered and its entry, but not an entry written since', () => {
    const store = memoryStore({ doc: JSON.stringify({ v: 'old', at: 1, key: 100 }) });
    const a = tab({ store, savedKey: 200 });
    a.draft.discard();
    expect(a.draft.getSnapshot().recovered).toBeUndefined();
    expect(store.map.has('doc')).toBe(false);
    a.draft.discard(); // nothing to discard: nothing happens
    const other = memoryStore({ doc: JSON.stringify({ v: 'old', at: 1, key: 100 }) });
    const b = tab({ store: other, savedKey: 200 });
    b.type('newer typing');
    b.draft.discard();
    expect(entryOf(other)?.v).toBe('newer typing');
  });

  test('D5 showing the recovered draft clears it', () => {
    const store = memoryStore({ doc: JSON.stringify({ v: 'old', at: 1, key: 100 }) });
    const a = tab({ store, savedKey: 200 });
    const heard = vi.fn();
    a.draft.subscribe(heard);
    a.type('old');
    expect(a.draft.getSnapshot().recovered).toBeUndefined();
    expect(heard).toHaveBeenCalled();
    expect(a.host.rehold).toHaveBeenCalled();
  });

  test("D6 another tab's newer edit replaces a clean copy (reset, then restore); one over unsaved text holds", async () => {
    const store = memoryStore();
    const restore = vi.fn();
    const a = tab({ store, restore });
    const b = tab({ store });
    b.type('theirs');
    await flushMicrotasks();
    expect(a.host.reset).toHaveBeenCalledWith('theirs');
    expect(restore).toHaveBeenCalledWith('theirs');
    expect(a.draft.holds()).toBe(false);

    const c = tab({ store, latest: 'unsaved here' });
    b.type('theirs, more');
    await flushMicrotasks();
    expect(c.draft.holds()).toBe(true);
    expect(c.host.rehold).toHaveBeenCalledTimes(1);
    expect(c.draft.getSnapshot().recovered).toMatchObject({ value: 'theirs, more', origin: 'tab', newer: true });
    c.draft.discard();
    expect(c.draft.holds()).toBe(false);
    expect(c.host.rehold).toHaveBeenCalledTimes(2);
  });

  test('D6 a tab ignores its own value, older keys, messages that are not drafts, and everything once detached', async () => {
    const store = memoryStore();
    const a = tab({ store, latest: 'unsaved' });
    const b = tab({ store });
    // Same value as this tab shows: nothing to learn.
    b.type('unsaved');
    await flushMicrotasks();
    expect(a.draft.getSnapshot().recovered).toBeUndefined();
    const channel = new FakeChannel('react-last-task:doc');
    channel.postMessage({ t: 'edit', v: 'old', at: 1, key: 5 });
    channel.postMessage(null);
    channel.postMessage({ t: 'edit', v: 'x', at: 1, key: 1.5 });
    await flushMicrotasks();
    expect(a.draft.getSnapshot().recovered).toBeUndefined();
    a.detach();
    b.type('after the detach');
    await flushMicrotasks();
    expect(a.draft.getSnapshot().recovered).toBeUndefined();
  });

  test("D6 a save announced by another tab moves the base of this tab's next entry", async () => {
    const store = memoryStore();
    const a = tab({ store });
    const b = tab({ store });
    b.type('theirs');
    const key = entryOf(store)!.key + 1;
    b.draft.saved('theirs', key, true);
    await flushMicrotasks();
    a.type('mine after theirs');
    expect(entryOf(store)?.base).toBe(key);
  });

  test("D6 a save that lands after its tab let go (saveOnUnmount) is still announced, and moves the other tab's base", async () => {
    const store = memoryStore();
    const a = tab({ store });
    const b = tab({ store });
    b.type('theirs');
    const key = entryOf(store)!.key + 1;
    b.detach(); // unmounted, its save still in flight
    b.draft.saved('theirs', key, true);
    await flushMicrotasks();
    a.type('mine after theirs');
    expect(entryOf(store)?.base).toBe(key);
    expect(FakeChannel.open.size).toBe(1); // a's own: the one the announcement went through is closed
  });

  test('D7 a value JSON cannot write, and one a channel cannot clone, are said once and break nothing', () => {
    const onError = vi.fn();
    const { draft } = tab({ store: memoryStore(), onError });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    draft.changed(cyclic as never, true);
    expect(onError).toHaveBeenCalledTimes(1);
    expect((onError.mock.calls[0]![0] as Error).message).toMatch(
      /^react-last-task: the draft store could not serialize "doc" \(TypeError: /,
    );

    const onError2 = vi.fn();
    const other = tab({ store: memoryStore(), onError: onError2 });
    other.draft.changed((() => 1) as never, true);
    expect(onError2).toHaveBeenCalledTimes(1);
    expect((onError2.mock.calls[0]![0] as Error).message).toMatch(/could not (serialize|announce) "doc"/);
  });

  test('D7 an error that is not an Error is said with its text; a restore that throws is reported', () => {
    const reported = catchReportedErrors();
    const store = memoryStore();
    store.setItem.mockImplementation(() => {
      throw 'disk full';
    });
    const onError = vi.fn();
    tab({ store, onError }).type('a');
    expect((onError.mock.calls[0]![0] as Error).message).toBe(
      'react-last-task: the draft store could not write "doc" (disk full)',
    );
    const boom = new Error('restore failed');
    tab({
      store: memoryStore({ doc: JSON.stringify({ v: 'kept', at: 1, key: 9 }) }),
      restore: () => {
        throw boom;
      },
    });
    return flushMicrotasks().then(() => expect(reported).toEqual([boom]));
  });

  test('D7 a store that rejects a read is said once, and the draft is ready with nothing recovered', async () => {
    const store = memoryStore();
    store.getItem.mockImplementation(() => Promise.reject(new Error('IndexedDB is closed')) as never);
    const onError = vi.fn();
    const { draft } = tab({ store, onError });
    await flushMicrotasks();
    expect(draft.getSnapshot()).toMatchObject({ status: 'ready', recovered: undefined });
    expect((onError.mock.calls[0]![0] as Error).message).toBe(
      'react-last-task: the draft store could not read "doc" (Error: IndexedDB is closed)',
    );
  });

  test('D7 configure replaces the options: the latest restore is the one called', () => {
    const store = memoryStore({ doc: JSON.stringify({ v: 'kept', at: 1, key: 9 }) });
    const first = vi.fn();
    const second = vi.fn();
    const draft = createDraft<string>('doc', { store, restore: first });
    draft.configure({ store, restore: second });
    draft.attach(host('saved'));
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledWith('kept');
    expect(() => draft.configure({ savedKey: Number.NaN })).toThrow(
      'react-last-task: draft savedKey must be a safe integer, got NaN',
    );
    expect(() => createDraft('doc', { isNetworkError: 1 as never })).toThrow(
      'react-last-task: draft isNetworkError must be a function, got 1',
    );
    expect(() => createDraft('doc', { onError: 1 as never })).toThrow(
      'react-last-task: draft onError must be a function, got 1',
    );
    expect(() => createDraft('doc', { store: 5 as never })).toThrow(
      'react-last-task: draft store must be an object with getItem, setItem and removeItem, got 5',
    );
    expect(() => createDraft('doc', 'store' as never)).toThrow(
      'react-last-task: options must be an object, got "store"',
    );
  });
});

describe('createDraft, the small print (mutation testing found these untested)', () => {
  test('D7 a name that is not a string, and a store without getItem or removeItem, are refused by name', () => {
    expect(() => createDraft(5 as never)).toThrow('react-last-task: draft name must be a non-empty string, got 5');
    const { getItem: _g, ...noGet } = memoryStore();
    expect(() => createDraft('doc', { store: noGet as never })).toThrow(
      'react-last-task: draft store.getItem must be a function, got undefined',
    );
    const { removeItem: _r, ...noRemove } = memoryStore();
    expect(() => createDraft('doc', { store: noRemove as never })).toThrow(
      'react-last-task: draft store.removeItem must be a function, got undefined',
    );
  });

  test("D7 the error said keeps the store's own error as its cause", () => {
    const store = memoryStore();
    const quota = new DOMException('full', 'QuotaExceededError');
    store.setItem.mockImplementation(() => {
      throw quota;
    });
    const onError = vi.fn();
    tab({ store, onError }).type('a');
    expect((onError.mock.calls[0]![0] as Error & { cause: unknown }).cause).toBe(quota);
  });

  test('D1 a change before the draft is attached is written at once (nothing to read first)', () => {
    const store = memoryStore();
    const draft = createDraft<string>('doc', { store });
    draft.changed('early', true);
    expect(entryOf(store)?.v).toBe('early');
  });

  test('D6 without BroadcastChannel a draft keeps working and says nothing', () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const onError = vi.fn();
    const store = memoryStore();
    const { type, draft } = tab({ store, onError });
    type('a');
    draft.saved('a', Number.MAX_SAFE_INTEGER - 5, true);
    expect(onError).not.toHaveBeenCalled();
    expect(store.map.has('doc')).toBe(false);
  });

  test('D7 entries without a number for `at`, and the JSON null, are corrupt', () => {
    for (const raw of ['{"v":"x","at":"yesterday","key":5}', 'null']) {
      const onError = vi.fn();
      const { draft } = tab({ store: memoryStore({ doc: raw }), onError });
      expect(draft.getSnapshot().recovered).toBeUndefined();
      expect(onError).toHaveBeenCalledTimes(1);
    }
  });

  test('D7 a localStorage that throws when touched means no store: ready at once, nothing said, nothing thrown', () => {
    const real = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
    try {
      const onError = vi.fn();
      const { draft, type } = tab({ onError });
      expect(draft.getSnapshot().status).toBe('ready');
      type('a');
      expect(onError).not.toHaveBeenCalled();
    } finally {
      if (real) Object.defineProperty(globalThis, 'localStorage', real);
      else Reflect.deleteProperty(globalThis, 'localStorage');
    }
  });

  test("D6 another tab's edit (not yet saved) does not move the base of this tab's next entry; its save does", async () => {
    const store = memoryStore();
    const a = tab({ store, savedKey: 11 });
    const b = tab({ store, savedKey: 11 });
    b.type('theirs');
    await flushMicrotasks();
    a.draft.discard();
    a.type('mine');
    expect(entryOf(store)?.base).toBe(11);
  });

  test('D4 D6 a restore from another tab clears a draft that was waiting for a choice', async () => {
    const store = memoryStore({ doc: JSON.stringify({ v: 'old', at: 1, key: 100 }) });
    const restore = vi.fn();
    const a = tab({ store, savedKey: 200, restore });
    expect(a.draft.getSnapshot().recovered).toMatchObject({ value: 'old', newer: false });
    const b = tab({ store: memoryStore() });
    b.type('theirs');
    await flushMicrotasks();
    expect(restore).toHaveBeenCalledWith('theirs');
    expect(a.draft.getSnapshot().recovered).toBeUndefined();
    expect(a.host.rehold).toHaveBeenCalled();
  });
});

describe('send: a save that waits for the network (O1, O2)', () => {
  const offline = () => vi.spyOn(navigator, 'onLine', 'get');

  test('O2 waits grow 1 s, 2 s, 4 s … and stop at 30 s', async () => {
    const { draft } = tab({ store: memoryStore() });
    const save = vi.fn(() => Promise.reject(new TypeError('Failed to fetch')));
    const controller = new AbortController();
    void draft.send(save, controller.signal).catch(() => {});
    const times: number[] = [];
    save.mockImplementation(() => {
      times.push(Date.now() - NOW);
      return Promise.reject(new TypeError('Failed to fetch'));
    });
    await vi.advanceTimersByTimeAsync(200_000);
    expect(times.slice(0, 8)).toEqual([1000, 3000, 7000, 15000, 31000, 61000, 91000, 121000]);
    expect(draft.getSnapshot().offline).toBe(true);
    controller.abort(new DOMException('superseded', 'AbortError'));
    await flushMicrotasks();
    expect(vi.getTimerCount()).toBe(0);
  });

  test('O1 offline before the first attempt: nothing is sent until the online event; an abort ends the wait', async () => {
    if (typeof navigator === 'undefined') return; // node has no navigator: the wait needs a browser's events
    const { draft } = tab({ store: memoryStore() });
    offline().mockReturnValue(false);
    const save = vi.fn(async () => 'ok');
    const controller = new AbortController();
    const outcome = draft.send(save, controller.signal);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(save).not.toHaveBeenCalled();
    controller.abort(new DOMException('cancelled', 'AbortError'));
    await expect(outcome).rejects.toMatchObject({ name: 'AbortError', message: 'cancelled' });
  });

  test('O2 a save that fails otherwise rejects at once, and offline ends', async () => {
    const { draft } = tab({ store: memoryStore() });
    let calls = 0;
    const save = () =>
      ++calls === 1 ? Promise.reject(new TypeError('Failed to fetch')) : Promise.reject(new Error('HTTP 500'));
    const outcome = draft.send(save, new AbortController().signal);
    const failed = expect(outcome).rejects.toThrow('HTTP 500');
    await vi.advanceTimersByTimeAsync(1000);
    await failed;
    expect(draft.getSnapshot().offline).toBe(false);
  });

  test('O2 an abort during an attempt rejects with its error, not a wait', async () => {
    const { draft } = tab({ store: memoryStore() });
    const controller = new AbortController();
    const outcome = draft.send(() => {
      controller.abort();
      return Promise.reject(new TypeError('Failed to fetch'));
    }, controller.signal);
    await expect(outcome).rejects.toThrow('Failed to fetch');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('createDraft, the small print of a mutation run (each test pins one line of createDraft)', () => {
  test('D7 a store that throws on read is said once, and the draft is ready with nothing recovered', () => {
    const store = memoryStore();
    store.getItem.mockImplementation(() => {
      throw new Error('locked');
    });
    const onError = vi.fn();
    const { draft } = tab({ store, onError });
    expect(draft.getSnapshot()).toMatchObject({ status: 'ready', recovered: undefined });
    expect(onError).toHaveBeenCalledTimes(1);
    expect((onError.mock.calls[0]![0] as Error).message).toBe(
      'react-last-task: the draft store could not read "doc" (Error: locked)',
    );
  });

  test('D7 a write the store rejects is said once, and the next write is still made', async () => {
    const store = memoryStore();
    store.setItem.mockImplementationOnce(() => Promise.reject(new Error('quota')) as never);
    const onError = vi.fn();
    const { type } = tab({ store, onError });
    type('a');
    await flushMicrotasks();
    expect((onError.mock.calls[0]![0] as Error).message).toBe(
      'react-last-task: the draft store could not write "doc" (Error: quota)',
    );
    type('ab');
    expect(entryOf(store)?.v).toBe('ab');
  });

  test('D7 a queued write that fails is said as a write', async () => {
    const store = memoryStore();
    const first = deferred<void>();
    store.setItem.mockImplementationOnce(() => first.promise as never);
    store.setItem.mockImplementationOnce(() => {
      throw new Error('quota');
    });
    const onError = vi.fn();
    const { type } = tab({ store, onError });
    type('a');
    type('ab');
    expect(store.setItem).toHaveBeenCalledTimes(1);
    first.resolve();
    await flushMicrotasks();
    expect(store.setItem).toHaveBeenCalledTimes(2);
    expect((onError.mock.calls[0]![0] as Error).message).toBe(
      'react-last-task: the draft store could not write "doc" (Error: quota)',
    );
  });

  test('D6 another tab edit is shown in a clean tab whatever savedKey this tab started from', async () => {
    const store = memoryStore();
    const restore = vi.fn();
    const a = tab({ store, restore, savedKey: Number.MAX_SAFE_INTEGER - 1 });
    const b = tab({ store });
    b.type('theirs');
    await flushMicrotasks();
    expect(restore).toHaveBeenCalledWith('theirs');
    expect(a.draft.getSnapshot().recovered).toBeUndefined();
    expect(a.draft.holds()).toBe(false);
  });

  test('D6 a restore in a tab with nothing held or recovered changes no snapshot and nudges no hold', async () => {
    const store = memoryStore();
    const a = tab({ store, restore: vi.fn() });
    const heard = vi.fn();
    a.draft.subscribe(heard);
    tab({ store }).type('theirs');
    await flushMicrotasks();
    expect(a.host.reset).toHaveBeenCalledWith('theirs');
    expect(heard).not.toHaveBeenCalled();
    expect(a.host.rehold).not.toHaveBeenCalled();
  });

  test('D6 a restore of another tab edit ends the hold an earlier one started', async () => {
    const store = memoryStore();
    const restore = vi.fn();
    const a = tab({ store, restore, latest: 'unsaved here' });
    const b = tab({ store });
    b.type('theirs');
    await flushMicrotasks();
    expect(a.draft.holds()).toBe(true);
    // This tab saved its text meanwhile (clean again); the next edit of the other tab is shown, not held.
    a.host.state.baseline = 'unsaved here';
    b.type('theirs, more');
    await flushMicrotasks();
    expect(restore).toHaveBeenLastCalledWith('theirs, more');
    expect(a.draft.holds()).toBe(false);
    expect(a.draft.getSnapshot().recovered).toBeUndefined();
  });

  test('D4 D6 a restore from another tab over a draft waiting for a choice holds nothing', async () => {
    const store = memoryStore({ doc: JSON.stringify({ v: 'old', at: 1, key: 100 }) });
    const a = tab({ store, savedKey: 200, restore: vi.fn() });
    tab({ store: memoryStore() }).type('theirs');
    await flushMicrotasks();
    expect(a.draft.getSnapshot().recovered).toBeUndefined();
    expect(a.draft.holds()).toBe(false);
  });

  test('D6 the same edit heard twice (read from the store, then announced) is taken once', async () => {
    const store = memoryStore({ doc: JSON.stringify({ v: 'kept', at: 1, key: 100 }) });
    const a = tab({ store });
    expect(a.draft.getSnapshot().recovered).toMatchObject({ value: 'kept', origin: 'reload' });
    new FakeChannel('react-last-task:doc').postMessage({ t: 'edit', v: 'kept', at: 1, key: 100 });
    await flushMicrotasks();
    expect(a.draft.getSnapshot().recovered).toMatchObject({ value: 'kept', origin: 'reload' });
    expect(a.draft.holds()).toBe(false);
    expect(a.host.rehold).not.toHaveBeenCalled();
  });

  test('D6 an older edit of another tab is ignored after this tab typed during a slow read', async () => {
    const store = memoryStore();
    const read = deferred<string | null>();
    store.getItem.mockImplementationOnce(() => read.promise as never);
    const a = tab({ store });
    a.type('mine');
    read.resolve(JSON.stringify({ v: 'kept', at: 1, key: 100 }));
    await flushMicrotasks();
    expect(entryOf(store)?.v).toBe('mine');
    a.draft.discard();
    const mine = entryOf(store)!.key;
    new FakeChannel('react-last-task:doc').postMessage({ t: 'edit', v: 'stale', at: 1, key: mine });
    await flushMicrotasks();
    expect(a.draft.getSnapshot().recovered).toBeUndefined();
    expect(a.draft.holds()).toBe(false);
  });

  test('D6 an edit of another tab older than a save this tab made is ignored', async () => {
    const store = memoryStore();
    const a = tab({ store });
    a.type('mine');
    const key = entryOf(store)!.key + 10;
    a.draft.saved('mine', key, true);
    new FakeChannel('react-last-task:doc').postMessage({ t: 'edit', v: 'stale', at: 1, key: key - 1 });
    await flushMicrotasks();
    expect(a.draft.getSnapshot().recovered).toBeUndefined();
    expect(a.draft.holds()).toBe(false);
  });

  test('D6 an edit of another tab older than a later change here is ignored, though a save of an older value came', async () => {
    const store = memoryStore();
    const a = tab({ store });
    a.type('a');
    a.type('ab');
    const latest = entryOf(store)!.key;
    a.draft.saved('a', 5, false);
    new FakeChannel('react-last-task:doc').postMessage({ t: 'edit', v: 'stale', at: 1, key: latest });
    await flushMicrotasks();
    expect(a.draft.getSnapshot().recovered).toBeUndefined();
  });

  test('D6 discarding another tab edit keeps that tab entry in the store', async () => {
    const store = memoryStore();
    const a = tab({ store, latest: 'unsaved here' });
    tab({ store }).type('theirs');
    await flushMicrotasks();
    expect(a.draft.getSnapshot().recovered).toMatchObject({ origin: 'tab' });
    a.draft.discard();
    expect(entryOf(store)?.v).toBe('theirs');
  });

  test('D5 once detached, a draft can still be discarded, changed or told of a save without throwing or reporting', async () => {
    const reported = catchReportedErrors();
    const store = memoryStore({ doc: JSON.stringify({ v: 'old', at: 1, key: 100 }) });
    const a = tab({ store, savedKey: 200 });
    a.detach();
    expect(() => a.draft.changed('typed', true)).not.toThrow();
    expect(() => a.draft.discard()).not.toThrow();
    // A save that lands after the unmount (saveOnUnmount): its channel is closed, and nothing is posted on it.
    expect(() => a.draft.saved('typed', 300, true)).not.toThrow();
    await flushMicrotasks();
    expect(reported).toEqual([]);
    expect(a.draft.getSnapshot().recovered).toBeUndefined();
  });

  test('D3 a read that ends after the detach recovers nothing and stays reading', async () => {
    const read = deferred<string | null>();
    const store = memoryStore();
    store.getItem.mockImplementationOnce(() => read.promise as never);
    const a = tab({ store });
    a.detach();
    read.resolve(JSON.stringify({ v: 'kept', at: 1, key: 100 }));
    await flushMicrotasks();
    expect(a.draft.getSnapshot()).toMatchObject({ status: 'reading', recovered: undefined });
  });

  test('D3 stopping an earlier attach leaves a later one reading and recovering', async () => {
    const read = deferred<string | null>();
    const store = memoryStore();
    store.getItem.mockImplementation(() => read.promise as never);
    const draft = createDraft<string>('doc', { store });
    const stop = draft.attach(host('saved'));
    draft.attach(host('saved'));
    stop();
    read.resolve(JSON.stringify({ v: 'kept', at: 1, key: 100 }));
    await flushMicrotasks();
    expect(draft.getSnapshot()).toMatchObject({ status: 'ready', recovered: { value: 'kept', origin: 'reload' } });
  });

  test('D2 a value back at the saved one touches no store when this tab kept nothing', () => {
    const store = memoryStore();
    const { type } = tab({ store, latest: 'x' });
    store.getItem.mockClear();
    type('saved');
    expect(store.getItem).not.toHaveBeenCalled();
    expect(store.removeItem).not.toHaveBeenCalled();
  });

  test('D6 each change is announced to the other tabs as an edit, each save as saved', async () => {
    const { draft, type } = tab({ store: memoryStore(), savedKey: 3 });
    const heard: unknown[] = [];
    new FakeChannel('react-last-task:doc').onmessage = (event) => heard.push(event.data);
    type('a');
    draft.saved('a', 9, true);
    await flushMicrotasks();
    expect(heard).toEqual([
      { t: 'edit', v: 'a', at: NOW, key: expect.any(Number) as number, base: 3, tab: expect.any(String) as string },
      { t: 'saved', v: 'a', at: NOW, key: 9, base: 9, tab: expect.any(String) as string },
    ]);
  });
});

/** Tab A, clean and restoring, shows tab B's unsaved edit 'theirs' (and waits for B's lock). */
async function followed() {
  const store = memoryStore();
  const a = tab({ store, restore: vi.fn() });
  const b = tab({ store });
  b.type('theirs');
  await flushMicrotasks();
  return { store, a, b };
}

/** The tab that holds `lock` dies: the browser lets go of it. */
async function goes(lock: string | undefined) {
  locks.crash(lock!);
  await flushMicrotasks();
}

describe('D6 a tab that goes before its edit is saved: the tab that shows the edit saves it (Web Locks)', () => {
  beforeEach(() => {
    locks = new FakeLocks();
    vi.stubGlobal('navigator', { locks });
  });
  afterEach(() => {
    locks = new FakeLocks();
  });

  test('D6 a tab holds a lock of its own from an unsaved edit until its latest edit is saved or it lets go, and names it in its messages', async () => {
    const a = tab({ store: memoryStore() });
    const b = tab({ store: memoryStore() });
    // Nothing unsaved, no lock: a page that holds one is not kept in the back/forward cache.
    await flushMicrotasks();
    expect(locks.names()).toEqual([]);
    const heard: { tab?: string }[] = [];
    new FakeChannel('react-last-task:doc').onmessage = (event) => heard.push(event.data as { tab?: string });
    a.type('a');
    b.type('b');
    await flushMicrotasks();
    expect(a.lock).toMatch(/^react-last-task:doc:/);
    expect(a.lock).not.toBe(b.lock);
    expect(locks.names()).toEqual([a.lock, b.lock]);
    expect(`react-last-task:${heard[0]?.tab}`).toBe(a.lock);
    a.type('ab');
    a.draft.saved('a', 1, false);
    await flushMicrotasks();
    expect(locks.names()).toEqual([a.lock, b.lock]);
    a.draft.saved('ab', 2, true);
    await flushMicrotasks();
    expect(locks.names()).toEqual([b.lock]);
    b.detach();
    await flushMicrotasks();
    expect(locks.names()).toEqual([]);
    expect(locks.requests).toHaveLength(2);
  });

  test.each(['is closed or crashes', 'unmounts its editor'])(
    'D6 a clean tab showing another tab edit saves it when that tab %s before announcing a save of it',
    async (how) => {
      const store = memoryStore();
      const a = tab({ store, restore: vi.fn() });
      const b = tab({ store });
      b.type('theirs');
      await flushMicrotasks();
      expect(a.host.reset).toHaveBeenCalledWith('theirs');
      expect(a.host.takeOver).not.toHaveBeenCalled();
      if (how === 'unmounts its editor') b.detach();
      else locks.crash(b.lock!);
      await flushMicrotasks();
      expect(a.host.takeOver).toHaveBeenCalledTimes(1);
      expect(a.host.isDirty()).toBe(true);
    },
  );

  test('D6 no takeover once the other tab announced a save of the edit shown, or of a later one', async () => {
    const store = memoryStore();
    const a = tab({ store, restore: vi.fn() });
    const b = tab({ store });
    b.type('theirs');
    b.type('theirs, more');
    b.draft.saved('theirs, more', entryOf(store)!.key + 1, true);
    await flushMicrotasks();
    await goes(b.lock!);
    expect(a.host.takeOver).not.toHaveBeenCalled();
  });

  test('D6 a save announced for an older edit than the one shown does not end the watch', async () => {
    const store = memoryStore();
    const a = tab({ store, restore: vi.fn() });
    const b = tab({ store });
    b.type('theirs');
    const older = entryOf(store)!.key;
    b.type('theirs, more');
    // A save that started before 'theirs, more' was typed (keepLatest lets it finish), announced with its key.
    b.draft.saved('theirs', older + 0.5, false);
    await flushMicrotasks();
    await goes(b.lock!);
    expect(a.host.takeOver).toHaveBeenCalledTimes(1);
  });

  test('D6 a save of the value shown ends the watch, even one that started before the edit followed (keepLatest)', async () => {
    const store = memoryStore();
    const a = tab({ store, restore: vi.fn() });
    const b = tab({ store });
    b.type('x');
    const early = entryOf(store)!.key + 1;
    b.type('xy');
    b.type('x');
    await flushMicrotasks();
    // The save of 'x' that started after the first edit lands now: B's latest is 'x', so it is announced.
    b.draft.saved('x', early, true);
    await flushMicrotasks();
    b.detach();
    await flushMicrotasks();
    expect(a.host.takeOver).not.toHaveBeenCalled();
  });

  test('D6 no takeover after this tab typed (it saves its own text), nor once it let go', async () => {
    const store = memoryStore();
    const a = tab({ store, restore: vi.fn() });
    const b = tab({ store });
    const c = tab({ store, restore: vi.fn() });
    b.type('theirs');
    await flushMicrotasks();
    a.type('theirs, and mine');
    c.detach();
    await goes(b.lock!);
    expect(a.host.takeOver).not.toHaveBeenCalled();
    expect(c.host.takeOver).not.toHaveBeenCalled();
  });

  test('D6 the tab that took over hands the save back to a tab that announces the same edit again, and follows it', async () => {
    const { store, a, b } = await followed();
    await goes(b.lock!);
    expect(a.host.takeOver).toHaveBeenCalledTimes(1);
    // B reloaded: its draft was restored and is announced again, by a new attach with a lock of its own.
    const again = tab({ store });
    again.type('theirs');
    await flushMicrotasks();
    expect(a.host.reset).toHaveBeenLastCalledWith('theirs');
    expect(a.host.isDirty()).toBe(false);
    await goes(again.lock!);
    expect(a.host.takeOver).toHaveBeenCalledTimes(2);
  });

  test('D6 the tab that took over is clean again when another tab announces a save of that value', async () => {
    const { store, a, b } = await followed();
    await goes(b.lock!);
    const other = tab({ store });
    other.draft.saved('theirs', entryOf(store)!.key + 1, true);
    await flushMicrotasks();
    expect(a.host.isDirty()).toBe(false);
    await goes(other.lock!);
    expect(a.host.takeOver).toHaveBeenCalledTimes(1);
  });

  test('D6 a tab that saved what it took over hands nothing back: a later announcement of that value is news of nothing', async () => {
    const { store, a, b } = await followed();
    await goes(b.lock!);
    a.draft.saved('theirs', entryOf(store)!.key + 1, true);
    a.host.state.trusted = true;
    const reset = vi.mocked(a.host.reset).mock.calls.length;
    tab({ store }).type('theirs');
    await flushMicrotasks();
    expect(a.host.reset).toHaveBeenCalledTimes(reset);
  });

  test('D6 one watch per tab, however many of its edits this tab follows', async () => {
    const store = memoryStore();
    const a = tab({ store, restore: vi.fn() });
    const b = tab({ store });
    for (const text of ['t', 'th', 'the', 'them']) b.type(text);
    await flushMicrotasks();
    // B asked for its own lock once, and A waits for it once.
    expect(locks.requests.filter((name) => name === b.lock)).toHaveLength(2);
    await goes(b.lock!);
    expect(a.host.takeOver).toHaveBeenCalledTimes(1);
  });

  test('D6 a tab that saves and types again at once is not taken over from: a wait that outlived its follow is stopped', async () => {
    const store = memoryStore();
    const a = tab({ store });
    const b = tab({ store, restore: vi.fn() });
    a.type('x');
    await flushMicrotasks();
    // Announced with the key of the edit it saved (a save's key is never below it).
    a.draft.saved('x', entryOf(store)!.key, true);
    a.type('xy');
    await flushMicrotasks();
    expect(b.host.takeOver).not.toHaveBeenCalled();
    await goes(a.lock!);
    expect(b.host.takeOver).toHaveBeenCalledTimes(1);
  });

  test('D6 a tab whose host cannot take over waits for no lock, so it keeps none from a tab that can', async () => {
    const store = memoryStore();
    const bare = createDraft<string>('doc', { store, restore: vi.fn() });
    const { takeOver, ...host0 } = host('saved');
    void takeOver;
    bare.attach(host0);
    const c = tab({ store, restore: vi.fn() });
    const b = tab({ store });
    b.type('theirs');
    await flushMicrotasks();
    await goes(b.lock!);
    expect(c.host.takeOver).toHaveBeenCalledTimes(1);
  });

  test('D6 a save announced by another tab is shown but not followed: there is nothing of it to take over', async () => {
    const a = tab({ store: memoryStore(), restore: vi.fn() });
    const channel = new FakeChannel('react-last-task:doc');
    // The lock a message names is free at once: a wait for it would take over now.
    channel.postMessage({ t: 'saved', v: 'saved there', at: NOW, key: NOW * 1000 + 5, base: 1, tab: 'doc:gone' });
    channel.postMessage({ t: 'edit', v: 'no lock named', at: NOW, key: NOW * 1000 + 6, base: 1 });
    await flushMicrotasks();
    await flushMicrotasks();
    expect(a.host.reset).toHaveBeenCalledWith('saved there');
    expect(a.host.reset).toHaveBeenCalledWith('no lock named');
    expect(locks.requests).toEqual([]);
    expect(a.host.takeOver).not.toHaveBeenCalled();
  });

  test('D6 a tab with an unsaved edit of its own does not follow another tab that types the same text', async () => {
    const store = memoryStore();
    const a = tab({ store, restore: vi.fn() });
    const b = tab({ store });
    a.type('same');
    b.type('same');
    await flushMicrotasks();
    expect(locks.requests.filter((name) => name === b.lock)).toHaveLength(1);
    await goes(b.lock!);
    expect(a.host.takeOver).not.toHaveBeenCalled();
  });

  test('D3 D6 attached again while it follows an edit, a tab keeps that edit in the store and watches it again', async () => {
    const { store, a, b } = await followed();
    a.detach();
    expect(locks.pending()).toEqual([]);
    a.draft.attach(a.host);
    await flushMicrotasks();
    expect(entryOf(store)?.v).toBe('theirs');
    expect(locks.pending()).toEqual([b.lock]);
    await goes(b.lock!);
    expect(a.host.takeOver).toHaveBeenCalledTimes(1);
  });

  test('D6 a tab that stops following stops waiting: no request is left for the lock', async () => {
    const { a, b } = await followed();
    expect(locks.pending()).toEqual([b.lock]);
    a.type('theirs, and mine');
    await flushMicrotasks();
    expect(locks.pending()).toEqual([]);
  });

  test('D6 the lock of a tab that went, granted as this tab stops following it, takes nothing over', async () => {
    const { a, b } = await followed();
    // In one tick: the lock is let go (granted to A at once) and A changes its own value.
    locks.crash(b.lock!);
    a.type('mine');
    await flushMicrotasks();
    expect(a.host.takeOver).not.toHaveBeenCalled();
  });

  test('D6 the tab that took over lets go of the gone tab lock once its save is made', async () => {
    const { store, a, b } = await followed();
    await goes(b.lock!);
    expect(a.host.takeOver).toHaveBeenCalledTimes(1);
    expect(locks.names()).toEqual([b.lock]);
    a.draft.saved('theirs', entryOf(store)!.key + 1, true);
    await flushMicrotasks();
    expect(locks.names()).toEqual([]);
  });

  test('D6 a host without takeOver is left as it is, and a browser without Web Locks changes nothing', async () => {
    const store = memoryStore();
    const draft = createDraft<string>('doc', { store, restore: vi.fn() });
    const { takeOver, ...bare } = host('saved');
    void takeOver;
    draft.attach(bare);
    const b = tab({ store });
    b.type('theirs');
    await flushMicrotasks();
    await goes(b.lock!);
    expect(bare.state.trusted).toBe(true);

    vi.stubGlobal('navigator', {});
    const c = tab({ store, restore: vi.fn() });
    expect(c.lock).toBeUndefined();
    const d = tab({ store });
    d.type('theirs, again');
    await flushMicrotasks();
    d.detach();
    await flushMicrotasks();
    expect(c.host.takeOver).not.toHaveBeenCalled();
    expect(c.host.reset).toHaveBeenCalledWith('theirs, again');
  });
});

describe('D3 D6 one draft attached twice at once', () => {
  test('D6 a draft attached to a second autosave before the first lets go keeps announcing, and leaves no channel open', async () => {
    const draft = createDraft<string>('doc', { store: memoryStore() });
    const first = host('saved');
    const second = host('saved');
    const stopFirst = draft.attach(first);
    const stopSecond = draft.attach(second); // e.g. the same draft passed to an autosave that remounts
    stopFirst();
    const heard: unknown[] = [];
    new FakeChannel('react-last-task:doc').onmessage = (event) => heard.push(event.data);
    second.state.latest = 'typed';
    draft.changed('typed', second.isDirty());
    await flushMicrotasks();
    expect(heard).toMatchObject([{ t: 'edit', v: 'typed' }]);
    stopSecond();
    expect([...FakeChannel.open].map((c) => c.name)).toEqual(['react-last-task:doc']); // only the listener above
  });
});

describe('send, the small print of a mutation run', () => {
  test('O2 offline is said once however many attempts fail, and its end once', async () => {
    const { draft } = tab({ store: memoryStore() });
    const states: boolean[] = [];
    draft.subscribe(() => states.push(draft.getSnapshot().offline));
    let calls = 0;
    const save = () => (++calls < 4 ? Promise.reject(new TypeError('Failed to fetch')) : Promise.resolve('ok'));
    const outcome = track(draft.send(save, new AbortController().signal));
    await vi.advanceTimersByTimeAsync(7000);
    expect(outcome.value).toBe('ok');
    expect(states).toEqual([true, false]);
  });

  test('O2 a save that succeeds, or fails otherwise, at once notifies nobody', async () => {
    const { draft } = tab({ store: memoryStore() });
    const heard = vi.fn();
    draft.subscribe(heard);
    await expect(draft.send(async () => 'ok', new AbortController().signal)).resolves.toBe('ok');
    await expect(draft.send(() => Promise.reject(new Error('HTTP 500')), new AbortController().signal)).rejects.toThrow(
      'HTTP 500',
    );
    expect(heard).not.toHaveBeenCalled();
  });

  test('O2 each wait for the network lets go of the signal when it ends', async () => {
    const { draft } = tab({ store: memoryStore() });
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    let calls = 0;
    const save = () => (++calls < 3 ? Promise.reject(new TypeError('Failed to fetch')) : Promise.resolve('ok'));
    const outcome = track(draft.send(save, controller.signal));
    await vi.advanceTimersByTimeAsync(3000);
    expect(outcome.value).toBe('ok');
    const abortCalls = (spy: typeof add) => spy.mock.calls.filter(([type]) => type === 'abort').length;
    expect(abortCalls(add)).toBe(2);
    expect(abortCalls(remove)).toBe(2);
  });
});
