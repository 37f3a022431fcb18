import { checkFunction, checkObject, fail } from './checkOptions';
import { createListeners } from './createListeners';
import { nextKey, observeKey } from './orderKey';
import { reportError } from './reportError';

/**
 * Where drafts are kept on this device. `localStorage` and React Native's `AsyncStorage` fit as they are; an
 * IndexedDB wrapper fits with three small functions. Every method may return a promise.
 */
export interface DraftStore {
  getItem(key: string): string | null | undefined | PromiseLike<string | null | undefined>;
  setItem(key: string, value: string): unknown;
  removeItem(key: string): unknown;
}

/** A draft found on this device that the screen does not show (yet). */
export interface RecoveredDraft<T> {
  value: T;
  /** `Date.now()` when it was written. */
  writtenAt: number;
  /** The ordering key of the edit (see `TaskContext.key`). */
  key: number;
  /** The key of the saved version the edit started from, when it was known. */
  baseKey: number | undefined;
  /** `'reload'`: kept by an earlier page load (a reload, a crash); `'tab'`: another tab edited it since. */
  origin: 'reload' | 'tab';
  /**
   * The draft is newer than the saved copy the autosave started from (its key is greater than `savedKey`,
   * or no `savedKey` was given): showing it and saving it loses nothing. `false`: the server's copy was saved
   * after this edit (another tab or device); showing it would overwrite that.
   */
  newer: boolean;
}

export interface DraftOptions<T> {
  /** Where the draft is kept. @default localStorage (none on the server: then nothing is kept) */
  store?: DraftStore | undefined;
  /**
   * The ordering key of the value the autosave starts from (the server's copy), so that a recovered draft
   * can be told newer or older than it (D4). Without it every recovered draft counts as newer.
   */
  savedKey?: number | undefined;
  /**
   * Shows a draft the autosave found safe to show: a recovered draft newer than the saved copy, or another
   * tab's later edit while this one has nothing unsaved (D4, D6). Without it such drafts wait in `recovered`.
   */
  restore?: ((value: T) => void) | undefined;
  /**
   * Saves wait for the network instead of failing for want of one (O1, O2). `false` lets them fail as errors.
   * @default true
   */
  waitForNetwork?: boolean | undefined;
  /** Which errors mean "no network" (O2). @default fetch's network `TypeError`, or any error while `navigator.onLine` is false */
  isNetworkError?: ((error: unknown) => boolean) | undefined;
  /** Called once with the first error of the store (private mode, quota, corrupt JSON). @default reported as uncaught */
  onError?: ((error: Error) => void) | undefined;
}

/** What `createAutosave` lends the draft: its baseline and dirtiness, a baseline move, and a nudge to look at holds again. */
export interface DraftHost<T> {
  /** The autosave's `isEqual`, called (older, newer). */
  isEqual(a: T, b: T): boolean;
  baseline(): T;
  /** The value the autosave was last given. */
  latest(): T;
  isDirty(): boolean;
  /** Moves the baseline to `value` without saving it (another tab saves it). */
  reset(value: T): void;
  /** The draft's hold changed. */
  rehold(): void;
  /**
   * D6: the tab whose edit this host shows went away before a save of it was announced: the host saves its value
   * now. Without it nothing is saved until the next change or page load.
   */
  takeOver?(): void;
}

export interface DraftSnapshot<T> {
  /** `'reading'` until the store has been read once after mount. */
  status: 'reading' | 'ready';
  recovered: RecoveredDraft<T> | undefined;
  /**
   * A save waits for the network (O1, O2): the browser is offline, or the last attempt failed for want of a
   * network. The value is kept on this device meanwhile, and the autosave's status stays `'saving'`.
   */
  offline: boolean;
}

/** A durable draft of one autosave's latest unsaved value, on this device. */
export interface Draft<T> {
  readonly name: string;
  getSnapshot(): DraftSnapshot<T>;
  subscribe(listener: () => void): () => void;
  /** Drops `recovered` (and the stored entry if it is that draft); another tab's edit is then overwritten by this tab's next save. */
  discard(): void;
  /** Replaces the options; the store is the one it started with. */
  configure(options: DraftOptions<T> | undefined): void;
  /** Reads the store and listens to other tabs, for `host`; returns the function that stops it. */
  attach(host: DraftHost<T>): () => void;
  /** The autosave's value changed: kept if `dirty`, dropped otherwise (D1, D2). */
  changed(value: T, dirty: boolean): void;
  /** A save of `value` with ordering key `key` succeeded; `latest`: nothing newer was typed since (D2). */
  saved(value: T, key: number, latest: boolean): void;
  /** Saves are held: another tab's newer edit waits for the user's choice (D6). */
  holds(): boolean;
  /**
   * Calls `save` and, while it fails for want of a network, calls it again when the network is back (O1, O2),
   * until it succeeds, fails otherwise, or `signal` aborts. The retries of `RetryOptions` are not spent on it.
   */
  send<R>(save: () => R | PromiseLike<R>, signal: AbortSignal): Promise<R>;
}

/**
 * Whether a failed save failed for want of a network (O2): the browser says it is offline, or `fetch` rejected
 * with its network `TypeError` ("Failed to fetch", "NetworkError when attempting…", "Load failed", "fetch failed").
 */
export const isNetworkError = (error: unknown): boolean =>
  isOffline() || (error instanceof TypeError && /fetch|network|load failed/i.test(error.message));

const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/**
 * Resolves after `ms` (never, with `ms` Infinity) or at the browser's next `online` event, whichever comes first;
 * rejects with the signal's reason when it aborts.
 */
const waitForNetwork = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const end = () => {
      clearTimeout(timer);
      if (typeof removeEventListener === 'function') removeEventListener('online', online);
      signal.removeEventListener('abort', abort);
    };
    const online = () => {
      end();
      resolve();
    };
    const abort = () => {
      end();
      reject(signal.reason);
    };
    const timer = ms < Infinity ? setTimeout(online, ms) : undefined;
    if (typeof addEventListener === 'function') addEventListener('online', online);
    signal.addEventListener('abort', abort);
  });

interface Entry {
  v: unknown;
  at: number;
  key: number;
  base?: number | undefined;
}

/** The message one tab sends the others when it keeps or saves a draft; `tab` names the lock that tab holds. */
interface Message extends Entry {
  t: 'edit' | 'saved';
  tab?: string;
}

/**
 * Asks for a Web Lock (`navigator.locks`), where the browser has them, until `signal` aborts: `whenFree` runs once
 * nobody holds it, and the lock is held until what it returns settles, or at once when the signal has aborted
 * meanwhile. A tab holds one while it has an edit that the other tabs may show, and the browser lets go of it when
 * the tab is closed, reloaded or crashes: the other tabs learn so (D6). The lock is held only while it matters:
 * a page that holds one, or waits for one, is not kept in the back/forward cache.
 */
const lock = (id: string, signal: AbortSignal, whenFree: () => unknown) => {
  try {
    navigator.locks
      .request(`react-last-task:${id}`, { signal }, () =>
        signal.aborted
          ? undefined
          : Promise.race([whenFree(), new Promise((resolve) => signal.addEventListener('abort', resolve))]),
      )
      .catch(() => {});
  } catch {
    // No Web Locks (an older browser, React Native, the server): a tab that goes is not noticed.
  }
};

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

/** `f(value)` now, or when the promise resolves. */
const then = <V, R>(value: V | PromiseLike<V>, f: (value: V) => R): R | PromiseLike<R> =>
  isThenable(value) ? value.then(f) : f(value);

const parse = (raw: string | null | undefined): Entry | undefined => {
  if (raw == null) return;
  const entry = JSON.parse(raw) as Partial<Entry> | null;
  if (!entry || typeof entry.at !== 'number' || !Number.isSafeInteger(entry.key) || !('v' in entry))
    throw new SyntaxError('not a draft entry');
  return entry as Entry;
};

/** localStorage, if this page has one it may use (it throws in some private modes, and there is none on the server). */
const defaultStore = (): DraftStore | undefined => {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
};

/**
 * A durable draft for an autosave (D1–D7): the latest unsaved value is written to the store on every change,
 * dropped once a save of it succeeded, read back on the next mount with the same name, and announced to the
 * other tabs of this browser (BroadcastChannel) so that a stale tab holds its saves instead of overwriting a
 * newer edit.
 */
export function createDraft<T>(name: string, options?: DraftOptions<T>): Draft<T> {
  if (typeof name !== 'string' || !name) fail('draft name', 'a non-empty string', name, TypeError);
  let config = checkDraftOptions(options);
  const store = config.store ?? defaultStore();
  const listeners = createListeners();
  let snapshot: DraftSnapshot<T> = { status: 'reading', recovered: undefined, offline: false };
  let host: DraftHost<T> | undefined;
  let channel: BroadcastChannel | undefined;
  /** The key of the last entry this tab wrote, so that it never drops another tab's newer one. */
  let mine = 0;
  /** The greatest key this draft has seen: its own edits and saves, and the other tabs'. */
  let seen = 0;
  /** The key of the saved version the next edit starts from. */
  let base = config.savedKey;
  let hold = false;
  let failed = false;
  /** D6: the name of this draft's lock, held while it has an edit that is not saved yet; named in its messages. */
  const me = `${name}:${Math.random().toString(36).slice(2)}`;
  let holding: AbortController | undefined;
  /** The wait for the lock of the tab followed; stopped when this tab stops following it, or lets go. */
  let watching: { tab: string; stop: AbortController } | undefined;
  /** D6: the other tab whose edit this clean tab shows, and the edit's key, until a save of it is announced. */
  let following: { tab: string; key: number } | undefined;
  /**
   * D6: set while this tab saves the edit of a tab that went away; it keeps that tab's lock meanwhile, so that the
   * other tabs that show the edit leave it to this one. Ending it lets go of the lock.
   */
  let tookOver: (() => void) | undefined;
  /** D4: the draft restored last; shown unchanged it keeps its key, since showing it is no new edit. */
  let restored: Entry | undefined;

  const set = (next: Partial<DraftSnapshot<T>>) => {
    snapshot = { ...snapshot, ...next };
    listeners.notify();
  };

  // D7: a store that fails never throws into the app and never stops the save to the server; said once.
  const report = (what: string, error: unknown) => {
    if (failed) return;
    failed = true;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const problem = Object.assign(
      new Error(`react-last-task: the draft store could not ${what} "${name}" (${reason})`),
      {
        cause: error,
      },
    );
    if (config.onError) config.onError(problem);
    else reportError(problem);
  };

  // Store calls run one at a time in order; of the calls that wait, only the last matters (last task wins).
  let busy = false;
  let queued: (() => unknown) | undefined;
  const run = (what: string, op: () => unknown) => {
    let result: unknown;
    try {
      result = op();
    } catch (error) {
      report(what, error);
    }
    if (isThenable(result)) {
      busy = true;
      result.then(done, (error: unknown) => {
        report(what, error);
        done();
      });
    }
  };
  function done() {
    busy = false;
    const op = queued;
    queued = undefined;
    if (op) run('write', op);
  }
  const enqueue = (op: () => unknown) => {
    if (!store) return;
    if (busy) queued = op;
    else run('write', op);
  };

  /** Removes the stored entry unless another tab wrote a newer one since `key`. */
  const removeUpTo = (key: number) =>
    enqueue(() =>
      then(store!.getItem(name), (raw) => {
        let entry: Entry | undefined;
        try {
          entry = parse(raw);
        } catch {
          // A corrupt entry is nobody's draft.
        }
        if (!entry || entry.key <= key) return store!.removeItem(name);
      }),
    );

  /** A channel to the other tabs of this browser, or none where there is no BroadcastChannel (React Native, the server). */
  const open = () => {
    try {
      return new BroadcastChannel(`react-last-task:${name}`);
    } catch {
      // None: this tab neither hears the others nor announces to them.
    }
  };

  const post = (message: Message) => {
    // D6: a save that lands once the autosave has let go (saveOnUnmount) is announced all the same, through a
    // channel of its own.
    const through = channel ?? open();
    try {
      through?.postMessage({ ...message, tab: me });
    } catch (error) {
      // A value that cannot be cloned stays on this tab.
      report('announce', error);
    }
    if (through !== channel) through?.close();
  };

  const recover = (entry: Entry, origin: RecoveredDraft<T>['origin']) => {
    const value = entry.v as T;
    const newer = origin === 'tab' || config.savedKey === undefined || entry.key > config.savedKey;
    if (newer && config.restore && !host!.isDirty()) {
      // D6: another tab's edit replaces a clean copy here, and that tab saves it; D4: a newer draft is shown.
      if (origin === 'tab') {
        host!.reset(value);
        follow(entry as Message);
      }
      if (hold || snapshot.recovered) {
        hold = false;
        set({ recovered: undefined });
        host!.rehold();
      }
      if (origin === 'reload') restored = entry;
      try {
        config.restore(value);
      } catch (error) {
        reportError(error);
      }
      return;
    }
    // D5: an older draft, or a tab's edit over unsaved changes here, waits for the user's choice; the stale tab holds.
    if (origin === 'tab') hold = true;
    set({ recovered: { value, writtenAt: entry.at, key: entry.key, baseKey: entry.base, origin, newer } });
    if (origin === 'tab') host!.rehold();
  };

  /** D6: the other tabs may show this tab's unsaved edit: they wait for this lock while it is not saved. */
  const holdLock = () => {
    if (holding || !host) return;
    holding = new AbortController();
    lock(me, holding.signal, () => new Promise(() => {}));
  };

  /** Lets go of this tab's lock: its latest edit is saved, or its editor let go. */
  const release = () => {
    holding?.abort();
    holding = undefined;
  };

  const endTakeOver = () => {
    tookOver?.();
    tookOver = undefined;
  };

  const stopWatching = () => {
    watching?.stop.abort();
    watching = undefined;
  };

  /** Nothing left to take over: the edit followed was saved, or this tab changed, was reset or lets go. */
  const unfollow = () => {
    following = undefined;
    stopWatching();
  };

  /**
   * D6: waits for the lock of the tab whose edit this tab shows; if that tab goes first, this one saves the edit
   * (a host without `takeOver()` waits for nothing).
   */
  const watch = (tab: string) => {
    if (watching?.tab === tab || !host!.takeOver) return;
    stopWatching();
    const stop = new AbortController();
    watching = { tab, stop };
    // Runs only while this wait goes on: the follow's end and the detach stop it (see `lock`).
    lock(tab, stop.signal, () => {
      following = undefined;
      host!.takeOver!();
      return new Promise<void>((resolve) => (tookOver = resolve));
    });
  };

  /** D6: this clean tab shows another tab's edit, which that tab saves; if it goes first, this one saves it. */
  const follow = ({ t, tab, key }: Message) => {
    if (t !== 'edit' || typeof tab !== 'string') return;
    following = { tab, key };
    watch(tab);
  };

  /** A tab that speaks is alive: what this tab took over is that tab's to save again, and this tab shows a clean copy. */
  const handBack = () => {
    if (!tookOver) return;
    endTakeOver();
    host!.reset(host!.latest());
  };

  const hear = (message: Message) => {
    if (!host || !message || !Number.isSafeInteger(message.key)) return;
    const shown = host.isEqual(host.latest(), message.v as T);
    // D6: a save of the value shown leaves nothing to take over, whenever that save started (keepLatest may announce
    // a save that started before the edit followed). A tab announces a save only of its latest value, the one its
    // last edit announced.
    if (message.t === 'saved' && shown) unfollow();
    if (message.key <= seen) return;
    seen = message.key;
    observeKey(message.key);
    if (message.t === 'saved') base = message.key;
    // A reloaded tab that brought its draft back, or a newer edit, takes the edit back from this tab.
    handBack();
    // This tab shows that value already: nothing to learn, but whose edit it is, if this tab has none of its own.
    if (!shown) recover(message, 'tab');
    else if (!host.isDirty()) follow(message);
  };

  return {
    name,
    getSnapshot: () => snapshot,
    subscribe: listeners.subscribe,
    discard() {
      const { recovered } = snapshot;
      if (!recovered) return;
      if (recovered.origin === 'reload') removeUpTo(recovered.key);
      hold = false;
      set({ recovered: undefined });
      host?.rehold();
    },
    configure(next) {
      config = checkDraftOptions(next);
    },
    attach(next) {
      host = next;
      // Attached again (<Activity>, StrictMode) with an edit not saved yet: the lock is held again.
      if (next.isDirty()) holdLock();
      // Each attach has its own channel and closes only that one: a draft attached again before the last attach
      // let go (the same draft given to an autosave that remounts) keeps announcing through the newer one.
      const own = open();
      if (own) own.onmessage = (event: MessageEvent<Message>) => hear(event.data);
      channel = own;
      const attached = next;
      if (store) {
        // Writes wait for the read, so that a change made meanwhile does not overwrite the draft to recover.
        busy = true;
        const read = (raw: string | null | undefined) => {
          let entry: Entry | undefined;
          try {
            entry = parse(raw);
          } catch (error) {
            report('read', error);
          }
          if (host !== attached) return;
          set({ status: 'ready' });
          // D6: attached again (<Activity>) while following an edit: watched again only if that edit is still the
          // one kept, unsaved; otherwise it was saved, or replaced, while this tab heard nothing.
          if (following) {
            if (entry?.key === following.key) watch(following.tab);
            else unfollow();
          }
          if (!entry) return;
          observeKey(entry.key);
          if (entry.key > seen) seen = entry.key;
          // D3: a draft equal to what the autosave starts from has nothing to recover.
          // An edit of another tab that this one follows is that tab's to drop, once saved.
          if (attached.isEqual(attached.baseline(), entry.v as T)) {
            if (!attached.isDirty() && !(following && entry.key >= following.key))
              queued ??= () => store.removeItem(name);
          }
          // Attached again over its own unsaved text (<Activity>): the editor shows that draft already.
          else if (!attached.isEqual(attached.latest(), entry.v as T)) recover(entry, 'reload');
        };
        let result: unknown;
        try {
          result = then(store.getItem(name), read);
        } catch (error) {
          report('read', error);
          set({ status: 'ready' });
        }
        if (isThenable(result))
          result.then(done, (error: unknown) => {
            report('read', error);
            set({ status: 'ready' });
            done();
          });
        else done();
      } else {
        unfollow();
        set({ status: 'ready' });
      }
      return () => {
        if (host === attached) {
          host = undefined;
          // The editor is gone: the other tabs save what it had not saved, and what it took over it leaves.
          release();
          endTakeOver();
          stopWatching();
        }
        own?.close();
        if (channel === own) channel = undefined;
      };
    },
    changed(value, dirty) {
      const kept = restored;
      restored = undefined;
      // A change here (or a reset): this tab saves what it shows from now on.
      unfollow();
      endTakeOver();
      const { recovered } = snapshot;
      if (recovered && host?.isEqual(recovered.value, value)) {
        // The app showed the recovered draft: it is the value being saved now.
        hold = false;
        set({ recovered: undefined });
        host.rehold();
      }
      if (!dirty) {
        // Back at the saved value (or reset to a stored one) after an edit the other tabs may show: they show this
        // value again, as saved, before the lock is let go, so that none takes the deleted edit over.
        if (holding) {
          post({ t: 'saved', v: value, at: Date.now(), key: nextKey(), base });
          release();
        }
        if (mine) removeUpTo(mine);
        return;
      }
      holdLock();
      // A restored draft shown as it was keeps its key: it is ordered by when it was typed, so that a save made
      // elsewhere since is still newer than it when the stored copy is known again (D4, D5).
      const entry: Entry =
        kept && host?.isEqual(kept.v as T, value) ? kept : { v: value, at: Date.now(), key: nextKey(), base };
      mine = entry.key;
      if (entry.key > seen) seen = entry.key;
      let raw: string;
      try {
        raw = JSON.stringify(entry);
      } catch (error) {
        report('serialize', error);
        return;
      }
      enqueue(() => store!.setItem(name, raw));
      post({ t: 'edit', ...entry });
    },
    saved(value, key, latest) {
      base = key;
      if (key > seen) seen = key;
      if (latest) {
        removeUpTo(Math.max(mine, key));
        // Announced before the lock is let go, so that the other tabs hear of the save before they get the lock.
        post({ t: 'saved', v: value, at: Date.now(), key, base: key });
        release();
        endTakeOver();
      }
    },
    holds: () => hold,
    async send(save, signal) {
      // O2: tried again after 1 s, 2 s, 4 s … 30 s, or as soon as the browser says it is online again.
      for (let failures = 0; ; failures++) {
        if (failures || (config.waitForNetwork !== false && isOffline())) {
          if (!snapshot.offline) set({ offline: true });
          // O1: while the browser says it is offline, nothing is sent.
          await waitForNetwork(isOffline() ? Infinity : Math.min(1000 * 2 ** (failures - 1), 30_000), signal);
        }
        try {
          const result = await save();
          if (snapshot.offline) set({ offline: false });
          return result;
        } catch (error) {
          if (signal.aborted || config.waitForNetwork === false || !(config.isNetworkError ?? isNetworkError)(error)) {
            if (snapshot.offline) set({ offline: false });
            throw error;
          }
        }
      }
    },
  };
}

function checkDraftOptions<T>(options: DraftOptions<T> | undefined): DraftOptions<T> {
  const checked = checkObject(options);
  const { store, savedKey, restore, onError, isNetworkError: networkError } = checked;
  if (store !== undefined) {
    if (typeof store !== 'object' || !store)
      fail('draft store', 'an object with getItem, setItem and removeItem', store, TypeError);
    checkFunction('draft store.getItem', store.getItem);
    checkFunction('draft store.setItem', store.setItem);
    checkFunction('draft store.removeItem', store.removeItem);
  }
  if (savedKey !== undefined && !Number.isSafeInteger(savedKey))
    fail('draft savedKey', 'a safe integer', savedKey, TypeError);
  if (restore !== undefined) checkFunction('draft restore', restore);
  if (onError !== undefined) checkFunction('draft onError', onError);
  if (networkError !== undefined) checkFunction('draft isNetworkError', networkError);
  return checked;
}
