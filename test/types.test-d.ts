// Type tests, run by `vitest typecheck` (and by `tsc --noEmit`): inference of T and R, and the exported types.
import { describe, expectTypeOf, test } from 'vitest';
import {
  createLastTaskRunner,
  isDeepEqual,
  useAutosave,
  useLastTask,
  type UseLastTaskOptions,
  type AutosaveStatus,
  type CancelReason,
  type LastTaskRunner,
  type Outcome,
  type RetryOptions,
  type RunnerOptions,
  type RunnerSnapshot,
  type Task,
  type TaskContext,
  type TaskStatus,
  type TaskTrigger,
} from '../src/index';

interface Hit {
  id: number;
  title: string;
}

describe('exported types (docs/contract.md#types)', () => {
  test('§1 TaskStatus, CancelReason and AutosaveStatus are the contract unions', () => {
    expectTypeOf<TaskStatus>().toEqualTypeOf<'idle' | 'pending' | 'running' | 'done' | 'cancelled' | 'error'>();
    expectTypeOf<CancelReason>().toEqualTypeOf<'superseded' | 'cancelled' | 'disposed'>();
    expectTypeOf<AutosaveStatus>().toEqualTypeOf<'idle' | 'pending' | 'saving' | 'saved' | 'cancelled' | 'error'>();
  });

  // The types grew additively: TaskContext gains attempt (T2) and trigger (W1), RunnerOptions gains retry
  // (T1), run's options gain priority (P1). Every original field keeps its exact type; code written against the first types
  // still compiles (the 'code written against the first types still compiles' test below).
  test('§1 TaskContext, Task, Outcome, RunnerOptions, RunnerSnapshot have the contract shapes plus the additions', () => {
    expectTypeOf<TaskContext<Hit>>().toEqualTypeOf<{
      signal: AbortSignal;
      seq: number;
      key: number;
      previous: Hit | undefined;
      attempt: number;
      trigger: TaskTrigger;
    }>();
    expectTypeOf<TaskTrigger>().toEqualTypeOf<'delay' | 'maxWait' | 'flush' | 'unmount' | 'hidden'>();
    expectTypeOf<RetryOptions>().toEqualTypeOf<{
      attempts?: number;
      delay?: number | ((attempt: number, error: unknown) => number);
      shouldRetry?: (error: unknown, attempt: number) => boolean;
    }>();
    expectTypeOf<Task<Hit>>().toEqualTypeOf<(ctx: TaskContext<Hit>) => Hit | PromiseLike<Hit>>();
    expectTypeOf<Outcome<Hit>>().toEqualTypeOf<
      | { status: 'done'; value: Hit }
      | { status: 'cancelled'; reason: CancelReason }
      | { status: 'error'; error: unknown }
    >();
    expectTypeOf<RunnerOptions>().toEqualTypeOf<{
      delay?: number;
      maxWait?: number;
      mode?: 'restart' | 'keepLatest';
      retry?: RetryOptions;
    }>();
    expectTypeOf<RunnerSnapshot<Hit>>().toEqualTypeOf<{ status: TaskStatus; value: Hit | undefined; error: unknown }>();
  });

  test('§1 LastTaskRunner has the contract methods', () => {
    type R = LastTaskRunner<Hit>;
    expectTypeOf<R['run']>().parameter(0).toEqualTypeOf<Task<Hit>>();
    expectTypeOf<R['run']>().returns.toEqualTypeOf<Promise<Outcome<Hit>>>();
    expectTypeOf<R['flush']>().toEqualTypeOf<() => Promise<Outcome<Hit> | undefined>>();
    expectTypeOf<R['cancel']>().toEqualTypeOf<() => void>();
    expectTypeOf<R['dispose']>().toEqualTypeOf<() => void>();
    expectTypeOf<R['getSnapshot']>().toEqualTypeOf<() => RunnerSnapshot<Hit>>();
    expectTypeOf<R['subscribe']>().toEqualTypeOf<(listener: () => void) => () => void>();
    // run's per-call options: { delay?: number } plus priority (P1)
    expectTypeOf<Parameters<R['run']>[1]>().toEqualTypeOf<{ delay?: number; priority?: number } | undefined>();
  });

  test('§1 code written against the first types still compiles', () => {
    type SpecContext<T> = { signal: AbortSignal; seq: number; previous: T | undefined };
    const specTask = (ctx: SpecContext<Hit>): Hit => ({ id: ctx.seq, title: String(ctx.signal.aborted) });
    expectTypeOf(specTask).toExtend<Task<Hit>>();
    const specOptions: { delay?: number; maxWait?: number; mode?: 'restart' | 'keepLatest' } = { delay: 1 };
    expectTypeOf(specOptions).toExtend<RunnerOptions>();
    const specRun: { delay?: number } = { delay: 1 };
    expectTypeOf(specRun).toExtend<Parameters<LastTaskRunner<Hit>['run']>[1]>();
  });
});

describe('createLastTaskRunner<T>', () => {
  test('§1 T flows into the task context, the value and the outcome', () => {
    const runner = createLastTaskRunner<Hit[]>({ delay: 250, maxWait: 1000, mode: 'keepLatest' });
    expectTypeOf(runner).toEqualTypeOf<LastTaskRunner<Hit[]>>();
    const outcome = runner.run((ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<TaskContext<Hit[]>>();
      expectTypeOf(ctx.previous).toEqualTypeOf<Hit[] | undefined>();
      expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
      expectTypeOf(ctx.seq).toEqualTypeOf<number>();
      return ctx.previous ?? [];
    });
    expectTypeOf(outcome).toEqualTypeOf<Promise<Outcome<Hit[]>>>();
    expectTypeOf(runner.getSnapshot().value).toEqualTypeOf<Hit[] | undefined>();
    expectTypeOf(runner.flush()).toEqualTypeOf<Promise<Outcome<Hit[]> | undefined>>();
    void outcome.then((o) => {
      if (o.status === 'done') expectTypeOf(o.value).toEqualTypeOf<Hit[]>();
      if (o.status === 'cancelled') expectTypeOf(o.reason).toEqualTypeOf<CancelReason>();
      if (o.status === 'error') expectTypeOf(o.error).toBeUnknown();
    });
  });

  test('§1 a task may return the value or a promise (or thenable) of it', () => {
    const runner = createLastTaskRunner<number>();
    void runner.run(() => 1);
    void runner.run(async () => 1);
    void runner.run(() => ({ then: (resolve: (n: number) => void) => resolve(1) }) as PromiseLike<number>);
    void runner.run(() => 1, { delay: 10 });
  });

  test('§1 a task returning the wrong type is a type error', () => {
    const runner = createLastTaskRunner<number>();
    // @ts-expect-error: a string is not a number
    void runner.run(() => 'one');
    // @ts-expect-error: a promise of a string is not a promise of a number
    void runner.run(async () => 'one');
    // @ts-expect-error: previous is number | undefined, not number
    void runner.run(({ previous }) => previous);
  });

  test('§1 options are type-checked', () => {
    // @ts-expect-error: an unknown mode
    createLastTaskRunner<number>({ mode: 'latest' });
    // @ts-expect-error: delay is a number
    createLastTaskRunner<number>({ delay: '100' });
    // @ts-expect-error: run options only take a delay
    void createLastTaskRunner<number>().run(() => 1, { maxWait: 10 });
  });
});

describe('useLastTask<T>', () => {
  test('§3 T flows into run’s task context, the value and the outcome', () => {
    const { run, flush, cancel, status, value, error } = useLastTask<Hit[]>({ delay: 250 });
    expectTypeOf(status).toEqualTypeOf<TaskStatus>();
    expectTypeOf(value).toEqualTypeOf<Hit[] | undefined>();
    expectTypeOf(error).toBeUnknown();
    expectTypeOf(cancel).toEqualTypeOf<() => void>();
    expectTypeOf(flush).toEqualTypeOf<() => Promise<Outcome<Hit[]> | undefined>>();
    const outcome = run(async ({ previous, signal, seq }) => {
      expectTypeOf(previous).toEqualTypeOf<Hit[] | undefined>();
      expectTypeOf(signal).toEqualTypeOf<AbortSignal>();
      expectTypeOf(seq).toEqualTypeOf<number>();
      return [{ id: 1, title: 'a' }];
    });
    expectTypeOf(outcome).toEqualTypeOf<Promise<Outcome<Hit[]>>>();
  });

  test('§3 a task returning the wrong type is a type error', () => {
    const { run } = useLastTask<Hit>();
    // @ts-expect-error: missing title
    void run(async () => ({ id: 1 }));
    // @ts-expect-error: a number is not a Hit
    void run(() => 1);
  });

  test('H7 useLastTask takes the runner options and its exit options', () => {
    expectTypeOf<UseLastTaskOptions>().toMatchTypeOf<RunnerOptions>();
    useLastTask<number>({ delay: 100, flushOnUnmount: true, flushOnHide: true });
    // @ts-expect-error: a boolean option
    useLastTask<number>({ flushOnUnmount: 'yes' });
  });

  test('A2 isDeepEqual takes any two values and fits useAutosave’s isEqual', () => {
    expectTypeOf(isDeepEqual).toEqualTypeOf<(a: unknown, b: unknown) => boolean>();
    useAutosave({ title: 'a' }, async () => {}, 500, { isEqual: isDeepEqual });
  });

  test('§3 options are optional and type-checked', () => {
    useLastTask();
    expectTypeOf(useLastTask().value).toBeUnknown();
    // @ts-expect-error: an unknown mode
    useLastTask<number>({ mode: 'queue' });
  });
});

describe('useAutosave<T, R>', () => {
  test('§4 R is inferred from save’s return type: flush resolves Outcome<R> | undefined', () => {
    const { flush, cancel, status, error, lastSavedAt, isDirty } = useAutosave({ title: 'draft' }, async (draft) => {
      expectTypeOf(draft).toEqualTypeOf<{ title: string }>();
      return { id: 1 };
    });
    expectTypeOf(flush).toEqualTypeOf<() => Promise<Outcome<{ id: number }> | undefined>>();
    expectTypeOf(status).toEqualTypeOf<AutosaveStatus>();
    expectTypeOf(error).toBeUnknown();
    expectTypeOf(lastSavedAt).toEqualTypeOf<number | undefined>();
    expectTypeOf(isDirty).toEqualTypeOf<boolean>();
    expectTypeOf(cancel).toEqualTypeOf<() => void>();
  });

  test('§4 R is inferred from a synchronous save too', () => {
    const { flush } = useAutosave('text', (text: string) => text.length);
    expectTypeOf(flush()).toEqualTypeOf<Promise<Outcome<number> | undefined>>();
  });

  test('§4 onSaved receives the value and the typed result; onError the error and the value', () => {
    useAutosave('text', async (text: string) => ({ id: text.length }), 500, {
      onSaved: (value, result) => {
        expectTypeOf(value).toEqualTypeOf<string>();
        expectTypeOf(result).toEqualTypeOf<{ id: number }>();
      },
      onError: (error, value) => {
        expectTypeOf(error).toBeUnknown();
        expectTypeOf(value).toEqualTypeOf<string>();
      },
      isEqual: (a, b) => {
        expectTypeOf(a).toEqualTypeOf<string>();
        expectTypeOf(b).toEqualTypeOf<string>();
        return a === b;
      },
      maxWait: 5000,
      mode: 'keepLatest',
      saveOnUnmount: true,
    });
  });

  test('§4 annotating ctx: TaskContext<R> pins R, and ctx.previous is R | undefined', () => {
    const { flush } = useAutosave(42, async (n: number, ctx: TaskContext<string>) => {
      expectTypeOf(ctx.previous).toEqualTypeOf<string | undefined>();
      expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
      return String(n);
    });
    expectTypeOf(flush).returns.toEqualTypeOf<Promise<Outcome<string> | undefined>>();
  });

  test('§4 T is the value’s type: save, isEqual and callbacks that disagree are type errors', () => {
    // @ts-expect-error: save takes a string, the value is a number
    useAutosave(1, async (value: string) => value);
    // @ts-expect-error: isEqual compares values of T
    useAutosave('a', async () => 1, 1000, { isEqual: (a: number, b: number) => a === b });
    // @ts-expect-error: onSaved's result is R (number), not string
    useAutosave('a', async () => 1, 1000, { onSaved: (_value: string, result: string) => void result });
    // @ts-expect-error: an unknown mode
    useAutosave('a', async () => 1, 1000, { mode: 'queue' });
    // @ts-expect-error: the delay is a number
    useAutosave('a', async () => 1, '1000');
  });
});

describe('useAutosave infers R from what save returns (docs/api.md)', () => {
  test('a save that takes its context, with onSaved and without types', () => {
    const useCheck = () => {
      const result = useAutosave(
        'text',
        async (_value, { signal, key }) => {
          void signal;
          return { id: 1, key };
        },
        800,
        {
          onSaved: (_value, saved) => {
            expectTypeOf(saved).toEqualTypeOf<{ id: number; key: number }>();
          },
        },
      );
      expectTypeOf(result.flush).returns.resolves.toEqualTypeOf<Outcome<{ id: number; key: number }> | undefined>();
    };
    void useCheck;
  });
});
