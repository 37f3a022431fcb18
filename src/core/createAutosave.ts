import { createRunner } from './createRunner';
import { reportError } from './reportError';
import type { Outcome, RunnerOptions, TaskContext } from './types';

export type AutosaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'cancelled' | 'error';

/** What the autosave reads at the moment it needs it, so the latest callbacks are always the ones called. */
export interface AutosaveProps<T, R> {
  save: (value: T, ctx: TaskContext<R>) => R | PromiseLike<R>;
  isEqual?: ((a: T, b: T) => boolean) | undefined;
  onSaved?: ((value: T, result: R) => void) | undefined;
  onError?: ((error: unknown, value: T) => void) | undefined;
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
 * (A1, A2, A5), runs the saves on a last-task runner and keeps the baseline that "dirty" is measured against.
 */
export function createAutosave<T, R>(initial: T, props: AutosaveProps<T, R>, options?: RunnerOptions) {
  let latest = initial;
  let baseline = initial;
  let trusted = true;
  let hasSaved = false;
  let lastSavedAt: number | undefined;
  /** The value of the save that is running; only one runs at a time in either mode. */
  let saving = initial;
  let snapshot: AutosaveSnapshot<T>;
  const listeners = new Set<() => void>();
  const isEqual = (a: T, b: T) => (props.isEqual ?? Object.is)(a, b);

  const runner = createRunner<R>(options, (outcome) => {
    if (outcome.status === 'done') {
      baseline = saving;
      trusted = hasSaved = true;
      lastSavedAt = Date.now();
    }
  });

  const sync = () => {
    const { status, error } = runner.getSnapshot();
    if (status === 'running') trusted = false;
    // A5: back at a trusted baseline, with nothing saved since, the form is as clean as after the last save.
    const next: AutosaveSnapshot<T> = {
      status:
        status == 'cancelled' && trusted && isEqual(latest, baseline)
          ? hasSaved
            ? 'saved'
            : 'idle'
          : status == 'running'
            ? 'saving'
            : status == 'done'
              ? 'saved'
              : status,
      error,
      lastSavedAt,
      baseline,
      trusted,
    };
    if (!snapshot || (Object.keys(next) as (keyof typeof next)[]).some((key) => !Object.is(next[key], snapshot[key]))) {
      snapshot = next;
      listeners.forEach((listener) => listener());
    }
  };
  sync();
  runner.subscribe(sync);

  const schedule = (value: T) => {
    const promise = runner.run((ctx) => {
      saving = value;
      // The runner may not notify when one save follows another with an equal result (keepLatest).
      trusted = false;
      sync();
      return props.save(value, ctx);
    });
    promise.then((outcome: Outcome<R>) => {
      try {
        if (outcome.status === 'done') props.onSaved?.(value, outcome.value);
        else if (outcome.status === 'error') props.onError?.(outcome.error, value);
      } catch (e) {
        reportError(e);
      }
    });
    return promise;
  };

  return {
    runner,
    getSnapshot: () => snapshot,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    /** Takes the component's current value: schedules its save, or drops a pending one that went back to the baseline. */
    change(value: T) {
      if (isEqual(value, latest)) return;
      latest = value;
      if (trusted && isEqual(value, baseline)) {
        runner.cancel();
        sync();
      } else schedule(value);
    },
    flush(): Promise<Outcome<R> | undefined> {
      const { status } = runner.getSnapshot();
      if (status === 'pending' || status === 'running') return runner.flush();
      if (trusted && isEqual(latest, baseline)) return Promise.resolve(undefined);
      const promise = schedule(latest);
      runner.flush();
      return promise;
    },
    cancel: runner.cancel,
  };
}

export type Autosave<T, R> = ReturnType<typeof createAutosave<T, R>>;
