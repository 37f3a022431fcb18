import { checkDelay, checkObject, fail, MAX_WAIT } from './checkOptions';
import { createListeners } from './createListeners';

export interface StatusBadgeOptions {
  /** Milliseconds a busy status (`'pending'`, `'saving'`, `'running'`) must last before it is shown. @default 300 */
  showAfter?: number;
  /** Milliseconds a busy status stays shown at least, once shown, so it can be read; `'error'` cuts it short. @default 500 */
  minVisible?: number;
  /** Milliseconds `'saved'` / `'done'` stays shown before the badge goes back to `'idle'`; `Infinity` keeps it. @default 2000 */
  savedFor?: number;
}

/**
 * A calm badge: it takes a status that changes quickly (an `AutosaveStatus`, a `TaskStatus`) and says
 * which status to show. `'pending'`, `'saving'` and `'running'` are busy: shown only once they have lasted
 * `showAfter`, then kept `minVisible`. `'saved'` and `'done'` turn `'idle'` after `savedFor`. `'error'` is
 * shown at once. Any other status (`'idle'`, `'cancelled'`, …) is shown as soon as no busy status is held.
 */
export interface StatusBadge<S extends string> {
  /** Takes the latest status and returns the status to show now. A later change, made by time, goes to the listeners. */
  set(status: S): S | 'idle';
  /** The status to show now. */
  getSnapshot(): S | 'idle';
  /** Calls `listener` when the status to show changes on a timer (`set()` returns its own changes); returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Clears the timer and the listeners for good; from then on `set()` returns every status as it is. */
  dispose(): void;
}

/** The badge as `useStatusBadge` uses it: the public object plus what a pure render and a lifecycle need. */
export interface BadgeControl<S extends string> extends StatusBadge<S> {
  /** What `set(status)` would return now with these options, changing nothing: for the render. */
  peek(status: S, options: StatusBadgeOptions | undefined): S | 'idle';
  /** Replaces the options for later transitions; a delay, hold or fade already under way keeps its end. */
  configure(options: StatusBadgeOptions | undefined): void;
  /** Clears the timer, not for good: the next `set()` arms it again. */
  stop(): void;
}

interface Checked {
  showAfter: number;
  minVisible: number;
  savedFor: number;
}

interface State<S extends string> {
  /** The latest status given. */
  input: S;
  shown: S | 'idle';
  /** A status that is not busy arrived and has not been shown yet (a hold kept it back). */
  fresh: boolean;
  /** Since when the input has been busy without a break: `'pending'` then `'saving'` is one stretch. */
  busyFrom: number;
  /** When the busy input may be shown. */
  showAt: number;
  /** A shown busy status stays until then. */
  holdUntil: number;
  /** A shown `'saved'` / `'done'` turns `'idle'` then. */
  fadeAt: number;
  /** The `Date.now()` this state was computed at. */
  now: number;
}

const isBusy = (status: string) => status === 'pending' || status === 'saving' || status === 'running';
const isSuccess = (status: string) => status === 'saved' || status === 'done';

const checkBadgeOptions = (options: StatusBadgeOptions | undefined): Checked => {
  const { showAfter, minVisible, savedFor } = checkObject(options);
  return {
    showAfter: checkDelay(showAfter, 300, 'showAfter', true),
    minVisible: checkDelay(minVisible, 500, 'minVisible', true),
    savedFor: checkDelay(savedFor, 2000, 'savedFor', true),
  };
};

/** The state at `now` with `status` as the latest input: a pure function, so a render may call it. */
function step<S extends string>(prev: State<S>, status: S, now: number, options: Checked): State<S> {
  if (typeof status !== 'string') fail('status', 'a string', status, TypeError);
  const s = { ...prev };
  // The clock went back (it was set, or a test moved it): stored times move back with it.
  const back = s.now - now;
  if (back > 0) {
    s.busyFrom -= back;
    s.showAt -= back;
    s.holdUntil -= back;
    s.fadeAt -= back;
  }
  s.now = now;
  if (status !== s.input) {
    if (isBusy(status)) {
      if (!isBusy(s.input)) s.busyFrom = now;
      // Replacing a shown busy status takes the new one's own showAfter, so "Unsaved changes" is not
      // swapped for a "Saving…" that a fast save would only flash.
      s.showAt = (isBusy(s.shown) ? now : s.busyFrom) + options.showAfter;
    } else s.fresh = true;
    s.input = status;
  }
  if (status === 'error') s.shown = status;
  else if (!isBusy(s.shown) || s.shown === status || now >= s.holdUntil) {
    if (isBusy(status)) {
      if (s.shown !== status && now >= s.showAt) {
        s.shown = status;
        s.holdUntil = now + options.minVisible;
      }
    } else if (s.fresh) {
      s.fresh = false;
      s.shown = status;
      s.fadeAt = now + options.savedFor;
    }
    if (isSuccess(s.shown) && now >= s.fadeAt) s.shown = 'idle';
  }
  return s;
}

/** When the state changes next by itself; `Infinity` for never. */
function nextChange(s: State<string>): number {
  if (s.input === 'error') return Infinity;
  if (isBusy(s.shown) && s.shown !== s.input && s.now < s.holdUntil) return s.holdUntil;
  return Math.min(
    isBusy(s.input) && s.shown !== s.input ? s.showAt : Infinity,
    isSuccess(s.shown) ? s.fadeAt : Infinity,
  );
}

/**
 * The badge's timing state machine, free of React. The state is replaced, never changed in place, by the
 * pure `step`, so the hook can compute in render what `set()` will make of a status after the commit.
 * One timer at most, armed only while a delay, a hold or a fade is under way.
 */
export function createBadge<S extends string>(status: S, options?: StatusBadgeOptions): BadgeControl<S> {
  let config = checkBadgeOptions(options);
  const now = Date.now();
  // The first status is shown as it is (the server renders it so), and as if it had been shown just now.
  let state: State<S> = {
    input: status,
    shown: status,
    fresh: false,
    busyFrom: now,
    showAt: now,
    holdUntil: now + config.minVisible,
    fadeAt: now + config.savedFor,
    now,
  };
  state = step(state, status, now, config);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  let disposed = false;
  const listeners = createListeners();

  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
    timerAt = Infinity;
  };

  const arm = () => {
    const at = nextChange(state);
    if (at !== timerAt || !timer) {
      stop();
      if (at < Infinity) {
        timerAt = at;
        const wait = Math.min(at - state.now, MAX_WAIT);
        const due = state.now + wait;
        timer = setTimeout(() => {
          timer = undefined;
          const shown = state.shown;
          // A timer fires only after its whole wait, even if the clock reads a millisecond less.
          state = step(state, state.input, Math.max(Date.now(), due), config);
          arm();
          if (state.shown !== shown) listeners.notify();
        }, wait);
      }
    }
  };

  return {
    set(status) {
      state = step(state, status, Date.now(), config);
      if (disposed) state.shown = status;
      else arm();
      return state.shown;
    },
    peek: (status, options) => step(state, status, Date.now(), checkBadgeOptions(options)).shown,
    getSnapshot: () => state.shown,
    subscribe: listeners.subscribe,
    configure(options) {
      config = checkBadgeOptions(options);
    },
    stop,
    dispose() {
      disposed = true;
      stop();
      listeners.close();
    },
  };
}

/**
 * Creates a calm status badge without React: feed it every status with `set()`, show what it returns,
 * and show again what `getSnapshot()` says when a listener is called.
 *
 * @example
 * const badge = createStatusBadge(runner.getSnapshot().status, { showAfter: 300 });
 * const show = (status: TaskStatus | 'idle') => (label.textContent = status === 'running' ? 'Saving…' : status);
 * runner.subscribe(() => show(badge.set(runner.getSnapshot().status)));
 * badge.subscribe(() => show(badge.getSnapshot()));
 */
export function createStatusBadge<S extends string>(status: S, options?: StatusBadgeOptions): StatusBadge<S> {
  const { set, getSnapshot, subscribe, dispose } = createBadge(status, options);
  // The hook arms its timer after the commit; here the first status's hold or fade starts now.
  set(status);
  return { set, getSnapshot, subscribe, dispose };
}
