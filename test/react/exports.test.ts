// The public surface of src/index.ts: exactly three runtime exports, and the types of docs/contract.md#types.
import { describe, expect, expectTypeOf, test } from 'vitest';
import * as api from '../../src/index';
import type {
  AutosaveStatus,
  CancelReason,
  LastTaskRunner,
  Outcome,
  RunnerOptions,
  RunnerSnapshot,
  Task,
  TaskContext,
  TaskStatus,
} from '../../src/index';

describe('public surface', () => {
  test('§1 the entry point exports the contract functions (and the lanes and mergeStatus) and nothing else at runtime', () => {
    expect(Object.keys(api).sort()).toEqual([
      'createDraft',
      'createLastTaskLanes',
      'createLastTaskRunner',
      'createStatusBadge',
      'isDeepEqual',
      'isNetworkError',
      'mergeStatus',
      'observeKey',
      'useAutosave',
      'useDraft',
      'useLastTask',
      'useLastTaskLanes',
      'useStatusBadge',
    ]);
  });

  test('§1 every runtime export is a function with its own name', () => {
    expect(typeof api.createLastTaskRunner).toBe('function');
    expect(typeof api.useLastTask).toBe('function');
    expect(typeof api.useAutosave).toBe('function');
    expect(api.createLastTaskRunner.name).toBe('createLastTaskRunner');
    expect(api.useLastTask.name).toBe('useLastTask');
    expect(api.useAutosave.name).toBe('useAutosave');
  });

  test('§1 createLastTaskRunner returns the LastTaskRunner methods and nothing else', () => {
    const runner = api.createLastTaskRunner<number>();
    expect(Object.keys(runner).sort()).toEqual(['cancel', 'dispose', 'flush', 'getSnapshot', 'run', 'subscribe']);
    expect(runner.getSnapshot()).toEqual({ status: 'idle', value: undefined, error: undefined });
    runner.dispose();
  });

  test('§1 the type names of the contract types and AutosaveStatus are exported and have their shapes', () => {
    expectTypeOf<TaskStatus>().toEqualTypeOf<'idle' | 'pending' | 'running' | 'done' | 'cancelled' | 'error'>();
    expectTypeOf<CancelReason>().toEqualTypeOf<'superseded' | 'cancelled' | 'disposed'>();
    expectTypeOf<AutosaveStatus>().toEqualTypeOf<'idle' | 'pending' | 'saving' | 'saved' | 'cancelled' | 'error'>();
    // docs/contract.md#types, with attempt (T2) and trigger (W1)
    expectTypeOf<TaskContext<number>>().toEqualTypeOf<{
      signal: AbortSignal;
      seq: number;
      key: number;
      previous: number | undefined;
      attempt: number;
      trigger: 'delay' | 'maxWait' | 'flush' | 'unmount' | 'hidden';
    }>();
    expectTypeOf<Task<number>>().toEqualTypeOf<(ctx: TaskContext<number>) => number | PromiseLike<number>>();
    expectTypeOf<Outcome<number>>().toEqualTypeOf<
      | { status: 'done'; value: number }
      | { status: 'cancelled'; reason: CancelReason }
      | { status: 'error'; error: unknown }
    >();
    expectTypeOf<RunnerOptions>().toEqualTypeOf<{
      delay?: number;
      maxWait?: number;
      mode?: 'restart' | 'keepLatest';
      retry?: {
        attempts?: number;
        delay?: number | ((attempt: number, error: unknown) => number);
        shouldRetry?: (error: unknown, attempt: number) => boolean;
      };
    }>();
    expectTypeOf<RunnerSnapshot<number>>().toEqualTypeOf<{
      status: TaskStatus;
      value: number | undefined;
      error: unknown;
    }>();
    expectTypeOf<LastTaskRunner<number>['flush']>().toEqualTypeOf<() => Promise<Outcome<number> | undefined>>();
    expectTypeOf(api.createLastTaskRunner<number>).returns.toEqualTypeOf<LastTaskRunner<number>>();
    // a runtime check so this test can fail at run time too: the types describe what the runner returns
    const runner: LastTaskRunner<number> = api.createLastTaskRunner<number>({ delay: 0 } satisfies RunnerOptions);
    const snapshot: RunnerSnapshot<number> = runner.getSnapshot();
    const status: TaskStatus = snapshot.status;
    expect(status).toBe('idle');
    runner.dispose();
  });
});
