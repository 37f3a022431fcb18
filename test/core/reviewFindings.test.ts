// Defects a second reader found in priorities, retries and flushFor, each pinned by the test that showed it
// (all fixed): flush() hurrying a retry whose attempt re-enters the runner.
import { describe, expect, test, vi } from 'vitest';
import { createLastTaskRunner, type Outcome, type TaskContext } from '../../src/index';
import { deferred, type Deferred, flushMicrotasks, track, useRunnerTestEnv } from '../helpers/core';

useRunnerTestEnv();

describe('review: flush() while the running task waits to retry (T5) and the retry re-enters the runner (R15)', () => {
  test('R12/R15/T5 flush() does not throw when the attempt it starts calls run() on its own runner', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 2, delay: 100 } });
    const later = deferred<string>();
    const first = runner.run(async (ctx) => {
      if (ctx.attempt === 1) throw new Error('first attempt fails');
      // R15: a task may call run() on its own runner; in 'restart' mode that aborts the calling task.
      void runner.run(() => later.promise);
      return 'retried';
    });
    await vi.advanceTimersByTimeAsync(0); // the first attempt starts and fails
    await flushMicrotasks();
    expect(runner.getSnapshot().status).toBe('running'); // waiting to retry (T3)

    // T5: flush() with nothing waiting starts the next attempt at once. It must not throw (R12).
    let returned: Promise<Outcome<string> | undefined> | undefined;
    expect(() => {
      returned = runner.flush();
    }).not.toThrow();
    expect(await returned).toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(await first).toEqual({ status: 'cancelled', reason: 'superseded' });
    await vi.advanceTimersByTimeAsync(0); // the reentrant run()'s own delay (0) passes: its task starts
    later.resolve('later');
    await flushMicrotasks();
    expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'later', error: undefined });
  });

  test('R12/T5 flush() does not throw when the attempt it starts cancels the runner', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 2, delay: 100 } });
    const first = track(
      runner.run(async (ctx: TaskContext<string>) => {
        if (ctx.attempt === 1) throw new Error('first attempt fails');
        runner.cancel();
        return 'never used';
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    await flushMicrotasks();
    expect(() => runner.flush()).not.toThrow();
    await flushMicrotasks();
    expect(first.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
  });
});

export type { Deferred };
