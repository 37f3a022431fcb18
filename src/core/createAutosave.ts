import { createRunner } from './createRunner';
import { isDeepEqual } from './isDeepEqual';
import type { Outcome, RunnerOptions, TaskContext, TaskTrigger } from './types';

export type AutosaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'cancelled' | 'error';

/** What the autosave reads at the moment it needs it, so that the latest callbacks are the ones called. */
export interface AutosaveProps<T, R> {
  save: (value: T, ctx: TaskContext<R>) => R | PromiseLike<R>;
  options?:
    | {
        /** Called (older, newer): the baseline or the last value seen, then the value given since. */
        isEqual?: (a: T, b: T) => boolean;
        onSaved?: (value: T, result: R) => void;
        onError?: (error: unknown, value: T) => void;
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
 * The autosave state machine behind `useAutosave`, free of React: it decides when a value needs saving
 * (A1, A2, A5), runs the saves on a last-task runner and keeps the baseline that "dirty" is measured
 * against. Its snapshot is derived from the runner's, and it shares the runner's listeners.
 */
export function createAutosave<T, R>(initial: T, props: AutosaveProps<T, R>, options?: RunnerOptions) {
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
  const isEqual = (a: T, b: T) => (props.options?.isEqual ?? isDeepEqual)(a, b);

  const runner = createRunner<R>(options, (outcome) => {
    const { onSaved, onError } = props.options ?? {};
    if (outcome.status == 'done') {
      baseline = saving;
      trusted = true;
      lastSavedAt = Date.now();
      version++;
      // A5: a save of this same value queued behind it (keepLatest) has nothing left to save.
      if (isEqual(baseline, latest)) runner.cancel();
      onSaved?.(saving, outcome.value);
    } else onError?.(outcome.error, saving);
  });

  const getSnapshot = () => {
    const current = runner.getSnapshot();
    if (current != seenRunner || version != seenVersion) {
      seenRunner = current;
      seenVersion = version;
      const { status } = current;
      snapshot = {
        // A5: back at a trusted baseline with nothing pending, the value is as clean as after the last save.
        status:
          status == 'cancelled' && trusted && isEqual(baseline, latest)
            ? lastSavedAt == null
              ? 'idle'
              : 'saved'
            : status == 'running'
              ? 'saving'
              : status == 'done'
                ? 'saved'
                : status,
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
        trusted = false;
        version++;
        runner.notify();
      }
      return props.save(value, ctx);
    });

  const autosave = {
    runner,
    getSnapshot,
    subscribe: runner.subscribe,
    /** Takes the component's current value: schedules its save, or drops a pending one that went back to the baseline. */
    change(value: T) {
      if (isEqual(latest, value)) return;
      latest = value;
      if (trusted && isEqual(baseline, value)) {
        runner.cancel();
        version++;
        runner.notify();
      } else schedule(value);
    },
    /**
     * Saves the latest value now if it is dirty (A8), at a priority above the automatic saves' (P5), so that
     * the next change waits for this save instead of aborting it.
     */
    flushFor(trigger: TaskTrigger): Promise<Outcome<R> | undefined> {
      const { status } = runner.getSnapshot();
      if (status != 'pending' && status != 'running') {
        if (trusted && isEqual(baseline, latest)) return Promise.resolve(undefined);
        schedule(latest);
      }
      // A8: the latest value's save in flight is the one to wait for, even with a save of it waiting behind (a
      // change and back while an explicit save ran: that one is dropped when this one succeeds, A5).
      return runner.flushFor(trigger, 1, status == 'running' && isEqual(saving, latest));
    },
    /** Schedules the latest value's save again if it is dirty: a hide (`<Activity>`) cancelled it (A14). */
    retake() {
      if (!(trusted && isEqual(baseline, latest))) schedule(latest);
    },
    /** `flushFor('flush')`, and nothing else whatever it is called with (`onClick={flush}`). */
    flush: () => autosave.flushFor('flush'),
    cancel: runner.cancel,
  };
  return autosave;
}
