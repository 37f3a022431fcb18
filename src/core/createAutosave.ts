import type { CheckedOptions } from './checkOptions';
import type { Draft } from './createDraft';
import { createRunner } from './createRunner';
import { isDeepEqual } from './isDeepEqual';
import type { AutosaveStatus, Outcome, TaskContext, TaskStatus, TaskTrigger } from './types';

/** The priority of an explicit save (`flush()`, unmount, page hidden): above the automatic saves' 0 (P5). */
const EXPLICIT = 1;

/** What the autosave reads at the moment it needs it, so that the latest callbacks are the ones called. */
export interface AutosaveProps<T, R> {
  save: (value: T, ctx: TaskContext<R>) => R | PromiseLike<R>;
  options?:
    | {
        /** Called (older, newer): the baseline or the last value seen, then the value given since. */
        isEqual?: (a: T, b: T) => boolean;
        onSaved?: (value: T, result: R) => void;
        onError?: (error: unknown, value: T) => void;
        /** `false` holds the saves (G1). */
        enabled?: boolean;
        draft?: Draft<T> | undefined;
      }
    | undefined;
}

export interface AutosaveSnapshot<T> {
  status: AutosaveStatus;
  error: unknown;
  lastSavedAt: number | undefined;
  /** The last successfully saved value (the first value until a save succeeds). */
  baseline: T;
  /** No save of another value has started since the baseline was saved, so the server still holds it. */
  trusted: boolean;
}

/**
 * What an autosave shows, from its runner's status: a save in flight is `'saving'`; a save waiting for its
 * delay, or a dirty value waiting for a hold to end (G1, D6), is `'pending'`; back at a trusted baseline with
 * nothing pending (A5), the value is as clean as after the last save, or as at the start if none succeeded.
 * `isClean` and `isHeld` are asked only when the answer depends on them.
 */
function statusOf(
  status: TaskStatus,
  isClean: () => boolean,
  isHeld: () => boolean,
  everSaved: boolean,
): AutosaveStatus {
  if (status === 'running') return 'saving';
  if (status === 'pending') return 'pending';
  if (!isClean() && isHeld()) return 'pending';
  if (status === 'cancelled' && isClean()) return everSaved ? 'saved' : 'idle';
  if (status === 'done') return 'saved';
  return status;
}

/**
 * The autosave state machine behind `useAutosave`, free of React: it decides when a value needs saving
 * (A1, A2, A5), runs the saves on a last-task runner and keeps the baseline that "dirty" is measured
 * against. Its snapshot is derived from the runner's, and it shares the runner's listeners.
 */
export function createAutosave<T, R>(initial: T, props: AutosaveProps<T, R>, options: CheckedOptions) {
  let latest = initial;
  let baseline = initial;
  let trusted = true;
  let lastSavedAt: number | undefined;
  /** The value of the save that is running; one runs at a time in either mode. */
  let saving = initial;
  /** Bumped whenever something above changes, so that the derived snapshot is rebuilt. */
  let version = 0;
  let seenVersion = -1;
  let seenRunner: unknown;
  let snapshot: AutosaveSnapshot<T>;
  /** The ordering key of the save that is running. */
  let savingKey = 0;
  const draft = () => props.options?.draft;
  const isEqual = (a: T, b: T) => (props.options?.isEqual ?? isDeepEqual)(a, b);
  const isClean = () => trusted && isEqual(baseline, latest);
  /** G1, D6: saves wait while the app holds them, or while another tab's newer edit waits for the user's choice. */
  const held = () => props.options?.enabled === false || !!draft()?.holds();
  const changed = () => {
    version++;
    runner.notify();
  };

  const runner = createRunner<R>(options, (outcome) => {
    const { onSaved, onError } = props.options ?? {};
    if (outcome.status === 'done') {
      baseline = saving;
      trusted = true;
      lastSavedAt = Date.now();
      version++;
      const latestSaved = isEqual(baseline, latest);
      draft()?.saved(saving, savingKey, latestSaved);
      // A5: a save of this same value queued behind it (keepLatest) has nothing left to save.
      if (latestSaved) runner.cancel();
      onSaved?.(saving, outcome.value);
    } else onError?.(outcome.error, saving);
  });

  const getSnapshot = () => {
    const current = runner.getSnapshot();
    if (current !== seenRunner || version !== seenVersion) {
      seenRunner = current;
      seenVersion = version;
      snapshot = {
        status: statusOf(current.status, isClean, held, lastSavedAt !== undefined),
        error: current.error,
        lastSavedAt,
        baseline,
        trusted,
      };
    }
    return snapshot;
  };

  const schedule = (value: T) =>
    runner.run((ctx) => {
      // A retry changes nothing here (T3); in keepLatest mode one save can follow another without a change of
      // the runner's snapshot, hence the notify.
      if (ctx.attempt < 2) {
        saving = value;
        savingKey = ctx.key;
        trusted = false;
        changed();
      }
      const sending = draft();
      // O1, O2: with a draft, the save waits for the network instead of failing for want of one.
      return sending ? sending.send(() => props.save(value, ctx), ctx.signal) : props.save(value, ctx);
    });

  /** Whether saves were held when the holds were last looked at. */
  let wasHeld = false;

  const autosave = {
    runner,
    getSnapshot,
    subscribe: runner.subscribe,
    /** Takes the component's current value: schedules its save, or drops a pending one that went back to the baseline. */
    change(value: T) {
      if (isEqual(latest, value)) return;
      latest = value;
      const clean = isClean();
      // D1: kept on this device from the moment it changed; D2: dropped when it is back at the saved value.
      draft()?.changed(value, !clean);
      if (clean) {
        runner.cancel();
        changed();
      } else if (held()) changed();
      else schedule(value);
    },
    /** Looks at the holds again (G1, D6): a pending save waits while one holds; the latest value is saved when none does. */
    rehold() {
      const holding = held();
      if (holding === wasHeld) return;
      wasHeld = holding;
      const { status } = runner.getSnapshot();
      // When the hold ends, a value changed while held is saved, even with an older value's save in flight (which
      // it supersedes, as any change does); only a save of this same value in flight is left to finish.
      if (holding) {
        if (status === 'pending') runner.cancel();
      } else if (!isClean() && !(status === 'running' && isEqual(saving, latest))) schedule(latest);
      changed();
    },
    /** Moves the baseline to `value` without saving it (G2): the stored value arrived or was reloaded. */
    reset(value: T) {
      latest = baseline = value;
      trusted = true;
      runner.cancel();
      draft()?.changed(value, false);
      changed();
    },
    /** Schedules the latest value's save again if it is dirty and not held: a hide (`<Activity>`) cancelled it (A14). */
    retake() {
      if (!isClean() && !held()) schedule(latest);
    },
    /** D6: the tab whose edit this one shows went away before a save of it was announced: this one saves it. */
    takeOver() {
      trusted = false;
      autosave.retake();
      changed();
    },
    // What a draft needs of this autosave (D3–D6): the autosave is its own DraftHost.
    isEqual,
    baseline: () => baseline,
    latest: () => latest,
    isDirty: () => !isClean(),
    /**
     * Saves the latest value now if it is dirty (A8), at a priority above the automatic saves' (P5), so that
     * the next change waits for this save instead of aborting it.
     */
    flushFor(trigger: TaskTrigger): Promise<Outcome<R> | undefined> {
      const { status } = runner.getSnapshot();
      const idle = status !== 'pending' && status !== 'running';
      // G1: held saves are not hurried either; a clean value with nothing under way has nothing to save.
      if (held() || (idle && isClean())) return Promise.resolve() as Promise<undefined>;
      if (idle) schedule(latest);
      // A8: the latest value's save in flight is the one to wait for, even with a save of it waiting behind (a
      // change and back while an explicit save ran: that one is dropped when this one succeeds, A5).
      return runner.flushFor(trigger, {
        priority: EXPLICIT,
        runningOnly: status === 'running' && isEqual(saving, latest),
      });
    },
    /** `flushFor('flush')`, and nothing else whatever it is called with (`onClick={flush}`). */
    flush: () => autosave.flushFor('flush'),
    /** `flushFor('hidden')`: the page is hidden or left (E1). */
    hide: () => void autosave.flushFor('hidden'),
    cancel: runner.cancel,
  };
  return autosave;
}
