import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { checkFunction, checkObject, checkOptions, type CheckedOptions } from '../core/checkOptions';
import { createAutosave, type AutosaveProps } from '../core/createAutosave';
import { isDeepEqual } from '../core/isDeepEqual';
import type { Draft } from '../core/createDraft';
import type { AutosaveStatus, Outcome, RetryOptions, RunnerOptions, TaskContext } from '../core/types';
import { listenForHide } from './listenForHide';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

export interface UseAutosaveOptions<T, R> {
  /** Milliseconds a save may be held back at most while the value keeps changing. @default Infinity */
  maxWait?: number;
  /** `'restart'`: a change aborts the save in flight; `'keepLatest'`: it finishes, then the latest value is saved. @default 'restart' */
  mode?: 'restart' | 'keepLatest';
  /**
   * Decides whether two values are the same, so that an equal value is not saved again. Called `(older, newer)`:
   * the last saved (or last seen) value first, as use-debounce's `equalityFn`. @default isDeepEqual (plain objects
   * and arrays by content, `Date` by time, anything else `Object.is`)
   */
  isEqual?: (a: T, b: T) => boolean;
  /** Saves a dirty value when the component unmounts, and lets a save of the latest value finish. @default false */
  saveOnUnmount?: boolean;
  /**
   * Tries a failed save again after a wait (exponential backoff by default); the status stays `'saving'`
   * between attempts and becomes `'error'` after the last. A change during an automatic save, `cancel()` or
   * unmount stops the retries (an explicit save's, and with `saveOnUnmount` the unmount save's, go on).
   * @default no retries
   */
  retry?: RetryOptions;
  /**
   * Saves a dirty value at once when the page is hidden or left (`visibilitychange` to hidden, `pagehide`),
   * with `ctx.trigger` `'hidden'`, so that the save can use `fetch(…, { keepalive: true })`: a reload or a
   * closed tab right after typing does not lose the edit. `false` turns it off. @default true
   */
  flushOnHide?: boolean;
  /**
   * Asks the browser to confirm leaving the page (`beforeunload`) while the value is dirty or a save is in
   * flight. @default false
   */
  warnBeforeUnload?: boolean;
  /**
   * `false` holds the saves (G1): a form that is invalid or still loading is not saved; the value stays dirty,
   * a pending save is dropped, and the latest value is saved once it is `true` again. `flush()` saves nothing
   * meanwhile. @default true
   */
  enabled?: boolean;
  /**
   * Keeps the latest unsaved value on this device (D1–D7): a draft from `useDraft` (or `createDraft`), read
   * back on the next mount and announced to the other tabs; with it, saves wait for the network (O1–O2).
   */
  draft?: Draft<T> | undefined;
  /** Called after each successful save, with the saved value and what `save` returned. */
  onSaved?: (value: T, result: R) => void;
  /** Called after each failed save, with the error and the value that was not saved. */
  onError?: (error: unknown, value: T) => void;
}

export interface UseAutosaveResult<R, T = unknown> {
  status: AutosaveStatus;
  /** The error of the last save while `status` is `'error'`. */
  error: unknown;
  /** `Date.now()` when the last save succeeded. */
  lastSavedAt: number | undefined;
  /** The current value differs from the last saved one (or a save of another value started since). */
  isDirty: boolean;
  /** Saves the latest value now if it is dirty; resolves with that save's outcome, or `undefined` with nothing to save. */
  flush: () => Promise<Outcome<R> | undefined>;
  /** Drops the pending save and aborts the one in flight; the value stays dirty. */
  cancel: () => void;
  /**
   * Moves the baseline to `value` without saving it (G2): the stored value arrived or was reloaded. Drops the
   * pending save and aborts the one in flight. Stable.
   */
  reset(value: T): void;
}

/**
 * The autosave of one component, with what its lifecycle needs: the callbacks and options of the last commit,
 * and whether the last cleanup cancelled a save (A14).
 */
type Save<T, R> = AutosaveProps<T, R>['save'];

/** E2: asks the browser to confirm leaving the page. */
const askBeforeUnload = (event: BeforeUnloadEvent) => {
  event.preventDefault();
  // Older browsers ask only when returnValue is set.
  event.returnValue = '';
};

function createHookAutosave<T, R>(
  value: T,
  save: Save<T, R>,
  options: UseAutosaveOptions<T, R> | undefined,
  config: CheckedOptions,
) {
  const props: AutosaveProps<T, R> & { options?: UseAutosaveOptions<T, R> | undefined } = { save, options };
  const autosave = createAutosave(value, props, config);
  const { runner } = autosave;
  let cut = false;
  return {
    autosave,
    /** Called at the commits that change one of them (A6); the options were checked at render (R13). */
    update(save: Save<T, R>, options: UseAutosaveOptions<T, R> | undefined, config: CheckedOptions) {
      runner.configure(config);
      props.save = save;
      props.options = options;
    },
    /** Mounted, or shown again after a cleanup that was not an unmount (<Activity>): a cut save is made again (A14). */
    mount() {
      runner.resume();
      if (cut) autosave.retake();
      cut = false;
      return () => {
        if (props.options?.saveOnUnmount) autosave.flushFor('unmount');
        else {
          const { status } = runner.getSnapshot();
          cut = status === 'pending' || status === 'running';
          runner.suspend();
        }
      };
    },
  };
}

/**
 * Saves `value` `delay` ms after it last changed, aborting a save in flight when it changes again, and
 * reports `idle | pending | saving | saved | cancelled | error` for a status badge.
 *
 * @example
 * const { status, flush } = useAutosave(draft, (draft, { signal }) =>
 *   fetch('/api/draft', { method: 'PUT', body: JSON.stringify(draft), signal }), 800);
 */
// `ctx`'s type has a parameter of its own (`P`, which is `R` unless inferred otherwise), so that TypeScript infers
// `R` from what `save` returns even when `save` takes its context unannotated: with `TaskContext<R>` there, a
// `(value, { signal, key }) => …` would fix `R` to `unknown` before looking at the return (ctx.previous is R).
export function useAutosave<T, R = unknown, P = R>(
  value: T,
  save: (value: T, ctx: TaskContext<P>) => R | PromiseLike<R>,
  delay = 1000,
  options?: UseAutosaveOptions<T, R>,
): UseAutosaveResult<R, T> {
  checkFunction('save', save);
  const checked = checkObject(options);
  const { isEqual = isDeepEqual, flushOnHide = true, warnBeforeUnload, enabled, draft } = checked;
  // The runner reads its own options (delay, maxWait, mode, retry) and no others.
  const config = useMemo(
    () => checkOptions({ ...checked, delay } as RunnerOptions),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the runner options by value (retry by identity), not the object
    [delay, checked.maxWait, checked.mode, checked.retry],
  );
  // ctx.previous is the last save's result, an R: `P` is R unless the caller annotated it otherwise.
  const [hook] = useState(() => createHookAutosave(value, save as unknown as Save<T, R>, options, config));
  const { autosave } = hook;
  // No effect runs at a commit that changes none of its dependencies: an unchanged field costs a few comparisons.
  useIsomorphicLayoutEffect(
    () => hook.update(save as unknown as Save<T, R>, options, config),
    [hook, save, options, config],
  );
  useIsomorphicLayoutEffect(hook.mount, [hook]);
  // D3–D6: the draft reads the store and listens to the other tabs while the autosave is mounted; attached before
  // the value below is taken, so that a change writes the store after it was read (D3) and under this attach (D6).
  useIsomorphicLayoutEffect(() => draft?.attach(autosave), [autosave, draft]);
  // G1, D6: the holds looked at again, then A2: the value taken (a value it holds already changes nothing). A layout
  // effect, run after the layout effects above (the update, the mount, the attach): a key press then leaves React no
  // passive effect, whose flush it would post as a task of its own (in Chromium, 8 % of the JavaScript of a key
  // press in a form of 100 fields: docs/benchmarks.md).
  useIsomorphicLayoutEffect(() => {
    autosave.rehold();
    autosave.change(value);
  }, [autosave, value, enabled, draft]);
  const { status, error, lastSavedAt, baseline, trusted } = useSyncExternalStore(
    autosave.subscribe,
    autosave.getSnapshot,
    autosave.getSnapshot,
  );
  const isDirty = !trusted || !isEqual(baseline, value);
  // Listening only while something is unsaved keeps the page eligible for the back/forward cache otherwise.
  const warn = warnBeforeUnload && isDirty;
  // E1: saved as the page is hidden or left, with ctx.trigger 'hidden'; E2: asked before leaving while dirty.
  // One effect for both, as a field re-renders at every key press and each effect costs it work.
  useEffect(() => {
    const unhide = flushOnHide ? listenForHide(autosave.hide) : undefined;
    // Only while warning: without a page (React Native) window has no listeners.
    if (!warn) return unhide;
    window.addEventListener('beforeunload', askBeforeUnload);
    return () => {
      unhide?.();
      window.removeEventListener('beforeunload', askBeforeUnload);
    };
  }, [autosave, flushOnHide, warn]);
  return {
    status,
    error,
    lastSavedAt,
    isDirty,
    flush: autosave.flush,
    cancel: autosave.cancel,
    reset: autosave.reset,
  };
}
