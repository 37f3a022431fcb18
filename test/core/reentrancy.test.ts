import { expect, test, vi } from 'vitest';
import { createLastTaskRunner, type Outcome, type TaskContext } from '../../src/index';
import {
  advance,
  deferred,
  expectEveryCallAChange,
  flushMicrotasks,
  record,
  track,
  withRunnerTestEnv,
} from '../helpers/core';

withRunnerTestEnv();

test('R15 a task that calls run() on its own runner (restart mode) is aborted at once and the new task runs as usual', async () => {
  const runner = createLastTaskRunner<string>({ delay: 20 });
  const inner = vi.fn((ctx: TaskContext<string>) => `inner #${ctx.seq}`);
  let abortedRightAfterInnerRun: boolean | undefined;
  let innerOutcome: Promise<Outcome<string>> | undefined;
  const outer = track(
    runner.run((ctx) => {
      innerOutcome = runner.run(inner);
      abortedRightAfterInnerRun = ctx.signal.aborted;
      return 'outer';
    }),
  );
  await advance(20);
  expect(abortedRightAfterInnerRun).toBe(true);
  expect(outer.value).toEqual({ status: 'cancelled', reason: 'superseded' });
  expect(runner.getSnapshot().status).toBe('pending');
  expect(inner).not.toHaveBeenCalled();

  await advance(19);
  expect(inner).not.toHaveBeenCalled();
  await advance(1);
  expect(inner).toHaveBeenCalledTimes(1);
  expect(await innerOutcome).toEqual({ status: 'done', value: 'inner #2' });
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'inner #2', error: undefined });
});

test('R15 a task that calls run() after an await is aborted, and its later result is ignored', async () => {
  const runner = createLastTaskRunner<string>();
  const gate = deferred<void>();
  const finish = deferred<string>();
  let signal: AbortSignal | undefined;
  const outer = track(
    runner.run(async (ctx) => {
      signal = ctx.signal;
      await gate.promise;
      void runner.run(() => 'inner');
      return finish.promise;
    }),
  );
  await advance(0);
  gate.resolve();
  await flushMicrotasks();
  expect(signal?.aborted).toBe(true);
  expect(outer.value).toEqual({ status: 'cancelled', reason: 'superseded' });

  await advance(1);
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'inner', error: undefined });
  finish.resolve('outer late');
  await flushMicrotasks();
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'inner', error: undefined });
});

test('R15 the reentrant sequence notifies once per change: pending → running → pending → running → done', async () => {
  const runner = createLastTaskRunner<string>();
  const recorder = record(runner);
  runner.run(() => {
    void runner.run(() => 'inner');
    return 'outer';
  });
  await advance(0);
  // a 0 ms timer set from inside a timer callback fires on the next step (Node and fake timers clamp it to 1 ms)
  await advance(1);
  expect(recorder.statuses()).toEqual(['pending', 'running', 'pending', 'running', 'done']);
  expect(runner.getSnapshot().value).toBe('inner');
  expectEveryCallAChange(recorder);
});

test('R15 a task that calls run() and then flush() on its own runner starts the new task at once', async () => {
  const runner = createLastTaskRunner<string>({ delay: 1000 });
  const inner = vi.fn(() => 'inner');
  let innerStatusAfterFlush: string | undefined;
  const outer = track(
    runner.run(() => {
      void runner.run(inner);
      void runner.flush();
      innerStatusAfterFlush = runner.getSnapshot().status;
      return 'outer';
    }),
  );
  runner.flush();
  expect(inner).toHaveBeenCalledTimes(1);
  expect(innerStatusAfterFlush).toBe('running');
  await flushMicrotasks();
  expect(outer.value).toEqual({ status: 'cancelled', reason: 'superseded' });
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'inner', error: undefined });
});

test('R15 in keepLatest mode a task that calls run() is not aborted; the new task starts after it settles', async () => {
  const runner = createLastTaskRunner<string>({ mode: 'keepLatest' });
  const finish = deferred<string>();
  const inner = vi.fn((ctx: TaskContext<string>) => `inner after ${String(ctx.previous)}`);
  let signal: AbortSignal | undefined;
  const outer = track(
    runner.run((ctx) => {
      signal = ctx.signal;
      void runner.run(inner);
      return finish.promise;
    }),
  );
  await advance(100);
  expect(signal?.aborted).toBe(false);
  expect(inner).not.toHaveBeenCalled();

  finish.resolve('outer');
  await flushMicrotasks();
  expect(outer.value).toEqual({ status: 'done', value: 'outer' });
  expect(inner).toHaveBeenCalledTimes(1);
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'inner after outer', error: undefined });
});

test('R15 a task that calls cancel() on its own runner ends cancelled and leaves the runner cancelled', async () => {
  const runner = createLastTaskRunner<string>();
  const outer = track(
    runner.run(async () => {
      await Promise.resolve();
      runner.cancel();
      return 'ignored';
    }),
  );
  await advance(0);
  expect(outer.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
  expect(runner.getSnapshot()).toEqual({ status: 'cancelled', value: undefined, error: undefined });
  expect(vi.getTimerCount()).toBe(0);
});

test('R15 a chain of tasks each calling run() once ends with the last task done', async () => {
  const runner = createLastTaskRunner<number>();
  const started: number[] = [];
  const step = (ctx: TaskContext<number>): number => {
    started.push(ctx.seq);
    if (ctx.seq < 4) void runner.run(step);
    return ctx.seq;
  };
  runner.run(step);
  for (let i = 0; i < 5; i += 1) await advance(1);
  expect(started).toEqual([1, 2, 3, 4]);
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 4, error: undefined });
  expect(vi.getTimerCount()).toBe(0);
});
