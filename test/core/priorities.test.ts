import { describe, expect, test, vi } from 'vitest';
import { createLastTaskLanes, createLastTaskRunner, type RunOptions, type TaskContext } from '../../src/index';
import {
  advance,
  controlledTask,
  flushMicrotasks,
  messageOf,
  record,
  thrownBy,
  track,
  unsafe,
  withRunnerTestEnv,
} from '../helpers/core';

withRunnerTestEnv();

const badPriorities: Array<[unknown, string]> = [
  [NaN, 'NaN'],
  [Infinity, 'Infinity'],
  [-Infinity, '-Infinity'],
  [null, 'null'],
  ['1', '1'],
  ['high', 'high'],
  [true, 'true'],
];

describe('P1 priority', () => {
  test.each(badPriorities)(
    'P1 run(task, { priority: %s }) throws a RangeError naming priority and the value, and leaves the runner as it was',
    async (value, shown) => {
      const runner = createLastTaskRunner<string>({ delay: 100 });
      const waiting = vi.fn((ctx: TaskContext<string>) => `waiting ${ctx.seq}`);
      const waitingOutcome = track(runner.run(waiting)); // seq 1, due at t = 100
      await advance(50);
      const before = runner.getSnapshot();
      const rec = record(runner);
      const refused = vi.fn(() => 'refused');

      const error = thrownBy(() => runner.run(refused, unsafe<RunOptions>({ priority: value })));
      expect(error).toBeInstanceOf(RangeError);
      expect((error as RangeError).message).toContain('priority');
      expect((error as RangeError).message).toContain(shown);

      await flushMicrotasks();
      expect(runner.getSnapshot()).toBe(before);
      expect(rec.listener).not.toHaveBeenCalled();
      expect(waitingOutcome.settled).toBe(false);
      // The waiting task keeps its deadline (t = 100), and the refused call did not count as a seq.
      await advance(49);
      expect(waiting).not.toHaveBeenCalled();
      await advance(1);
      expect(waiting).toHaveBeenCalledTimes(1);
      expect(waitingOutcome.value).toEqual({ status: 'done', value: 'waiting 1' });
      expect(refused).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);
    },
  );

  test('P1 a run() refused for a bad priority is not counted in seq (R13: it leaves the runner as it was, as a bad delay does)', async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const first = track(runner.run((ctx) => `first ${ctx.seq}`));
    await advance(100);
    expect(first.value).toEqual({ status: 'done', value: 'first 1' });

    for (const [value] of badPriorities) {
      expect(() => runner.run(() => 'refused', unsafe<RunOptions>({ priority: value }))).toThrow(RangeError);
    }
    const next = track(runner.run((ctx) => `next ${ctx.seq}`));
    await advance(100);
    expect(next.value).toEqual({ status: 'done', value: 'next 2' });
  });

  test('P1 a bad priority throws even after dispose(), as a bad delay does (R13: run() throws synchronously)', () => {
    const runner = createLastTaskRunner<string>();
    runner.dispose();
    expect(() => runner.run(() => 'x', unsafe<RunOptions>({ delay: -1 }))).toThrow(RangeError);
    const error = thrownBy(() => runner.run(() => 'x', unsafe<RunOptions>({ priority: NaN })));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as RangeError).message).toContain('priority');
  });

  test('P6 lanes.run() with a bad priority throws even after dispose() (L10), as a bad delay does', () => {
    const lanes = createLastTaskLanes<string, string>();
    lanes.dispose();
    expect(() => lanes.run('a', () => 'x', unsafe<RunOptions>({ delay: -1 }))).toThrow(RangeError);
    expect(() => lanes.run('a', () => 'x', unsafe<RunOptions>({ priority: NaN }))).toThrow(RangeError);
  });

  test('P1 a bad priority thrown while a task runs neither aborts it nor queues anything', async () => {
    const runner = createLastTaskRunner<string>();
    const running = controlledTask<string>();
    const outcome = track(runner.run(running.task));
    await advance(0);
    const signal = running.call(0).ctx.signal;

    expect(() => runner.run(() => 'x', { priority: NaN })).toThrow(RangeError);
    expect(signal.aborted).toBe(false);
    expect(runner.getSnapshot().status).toBe('running');
    running.call(0).resolve('first');
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'done', value: 'first' });
    expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'first', error: undefined });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('P1 priority: undefined counts as not given (priority 0)', async () => {
    const runner = createLastTaskRunner<string>();
    const running = controlledTask<string>();
    const outcome = track(runner.run(running.task, unsafe<RunOptions>({ priority: undefined })));
    await advance(0);
    expect(running.task).toHaveBeenCalledTimes(1);

    // A run() at priority 0 is of equal priority, so it aborts (R3).
    runner.run(() => 'next', { priority: 0 });
    expect(running.call(0).ctx.signal.aborted).toBe(true);
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    await advance(0);
  });

  test('P1 the default priority is 0: a run() at -1 does not abort it, one at 0 or 0.5 does', async () => {
    const runner = createLastTaskRunner<string>();
    const running = controlledTask<string>();
    const outcome = track(runner.run(running.task)); // default priority
    await advance(0);
    const signal = running.call(0).ctx.signal;

    const low = track(runner.run(() => 'low', { priority: -1 }));
    await advance(10);
    expect(signal.aborted).toBe(false);
    expect(outcome.settled).toBe(false);

    const equal = track(runner.run(() => 'equal', { priority: 0 }));
    expect(signal.aborted).toBe(true);
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(low.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    await advance(0);
    expect(equal.value).toEqual({ status: 'done', value: 'equal' });

    // A fractional priority above the default aborts a default-priority task too.
    const second = controlledTask<string>();
    const secondOutcome = track(runner.run(second.task));
    await advance(0);
    runner.run(() => 'half', { priority: 0.5 });
    expect(second.call(0).ctx.signal.aborted).toBe(true);
    await advance(0);
    expect(secondOutcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(runner.getSnapshot().value).toBe('half');
  });

  test('P1 any finite number is a priority: negative, fractional, large', async () => {
    const runner = createLastTaskRunner<number>();
    for (const priority of [-5, -0.25, 0, 1e9, Number.MAX_SAFE_INTEGER]) {
      const outcome = await Promise.all([runner.run(() => priority, { priority }), advance(0)]);
      expect(outcome[0]).toEqual({ status: 'done', value: priority });
    }
  });
});

describe('P2 a running task of higher priority is never aborted', () => {
  test("P2 a run() of lower priority does not abort a running task of higher priority ('restart'); it starts once the running task settles, its delay having passed", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const high = controlledTask<string>();
    const highOutcome = track(runner.run(high.task, { priority: 1 }));
    await advance(100);
    expect(high.task).toHaveBeenCalledTimes(1);
    const signal = high.call(0).ctx.signal;
    const rec = record(runner);

    const low = vi.fn((ctx: TaskContext<string>) => `low after ${ctx.previous}`);
    const lowOutcome = track(runner.run(low)); // due at t = 200
    expect(signal.aborted).toBe(false);
    await advance(300); // t = 400
    expect(signal.aborted).toBe(false);
    expect(highOutcome.settled).toBe(false);
    expect(low).not.toHaveBeenCalled();
    expect(runner.getSnapshot().status).toBe('running');
    expect(rec.listener).not.toHaveBeenCalled();

    high.call(0).resolve('high');
    await flushMicrotasks(); // no time passes
    expect(highOutcome.value).toEqual({ status: 'done', value: 'high' });
    expect(low).toHaveBeenCalledTimes(1);
    expect(lowOutcome.value).toEqual({ status: 'done', value: 'low after high' });
    expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'low after high', error: undefined });
    expect(vi.getTimerCount()).toBe(0);
  });

  test("P2 the lower-priority task still waits for its own delay when the running task settles first, and the status moves straight to 'pending'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const high = controlledTask<string>();
    runner.run(high.task, { priority: 1 });
    await advance(100); // t = 100, running
    const low = vi.fn(() => 'low');
    runner.run(low); // due at t = 200
    const rec = record(runner);

    await advance(20); // t = 120
    high.call(0).resolve('high');
    await flushMicrotasks();
    expect(low).not.toHaveBeenCalled();
    expect(runner.getSnapshot()).toEqual({ status: 'pending', value: 'high', error: undefined });
    expect(rec.statuses()).toEqual(['pending']);

    await advance(79); // t = 199
    expect(low).not.toHaveBeenCalled();
    await advance(1); // t = 200
    expect(low).toHaveBeenCalledTimes(1);
    expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'low', error: undefined });
  });

  test("P2 a run() of lower priority does not abort a running task of higher priority ('keepLatest')", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, mode: 'keepLatest' });
    const high = controlledTask<string>();
    const highOutcome = track(runner.run(high.task, { priority: 2 }));
    await advance(100);
    const signal = high.call(0).ctx.signal;

    const low = vi.fn(() => 'low');
    const lowOutcome = track(runner.run(low, { priority: 1 }));
    await advance(500);
    expect(signal.aborted).toBe(false);
    expect(low).not.toHaveBeenCalled();
    expect(runner.getSnapshot().status).toBe('running');

    high.call(0).resolve('high');
    await flushMicrotasks();
    expect(highOutcome.value).toEqual({ status: 'done', value: 'high' });
    expect(lowOutcome.value).toEqual({ status: 'done', value: 'low' });
  });

  test("P2 a run() of equal priority acts as R3 in 'restart' mode: the running task is aborted at once", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const first = controlledTask<string>();
    const firstOutcome = track(runner.run(first.task, { priority: 1 }));
    await advance(100);

    const second = vi.fn(() => 'second');
    const secondOutcome = track(runner.run(second, { priority: 1 }));
    expect(first.call(0).ctx.signal.aborted).toBe(true);
    await flushMicrotasks();
    expect(firstOutcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    first.call(0).resolve('late');
    await advance(100);
    expect(secondOutcome.value).toEqual({ status: 'done', value: 'second' });
    expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'second', error: undefined });
  });

  test("P2 a run() of higher priority acts as R3 in 'restart' mode: the running task is aborted at once", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const first = controlledTask<string>();
    const firstOutcome = track(runner.run(first.task, { priority: 1 }));
    await advance(100);

    const secondOutcome = track(runner.run(() => 'second', { priority: 3 }));
    expect(first.call(0).ctx.signal.aborted).toBe(true);
    await flushMicrotasks();
    expect(firstOutcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    await advance(100);
    expect(secondOutcome.value).toEqual({ status: 'done', value: 'second' });
  });

  test("P2 a run() of higher priority acts as R4 in 'keepLatest' mode: the running task is not aborted", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, mode: 'keepLatest' });
    const first = controlledTask<string>();
    const firstOutcome = track(runner.run(first.task));
    await advance(100);

    const second = vi.fn(() => 'second');
    const secondOutcome = track(runner.run(second, { priority: 5 }));
    await advance(300);
    expect(first.call(0).ctx.signal.aborted).toBe(false);
    expect(second).not.toHaveBeenCalled();
    first.call(0).resolve('first');
    await flushMicrotasks();
    expect(firstOutcome.value).toEqual({ status: 'done', value: 'first' });
    expect(secondOutcome.value).toEqual({ status: 'done', value: 'second' });
  });

  test("P2 when the higher-priority task fails, the waiting one goes on and the status moves straight on (no 'error' shown)", async () => {
    const runner = createLastTaskRunner<string>({ delay: 10 });
    const high = controlledTask<string>();
    const highOutcome = track(runner.run(high.task, { priority: 1 }));
    await advance(10);
    const low = controlledTask<string>();
    const lowOutcome = track(runner.run(low.task));
    await advance(10);
    const rec = record(runner);

    const failure = new Error('high failed');
    high.call(0).reject(failure);
    await flushMicrotasks();
    expect(highOutcome.value).toEqual({ status: 'error', error: failure });
    expect(low.task).toHaveBeenCalledTimes(1);
    expect(runner.getSnapshot().status).toBe('running');
    expect(rec.statuses()).not.toContain('error');

    low.call(0).resolve('low');
    await flushMicrotasks();
    expect(lowOutcome.value).toEqual({ status: 'done', value: 'low' });
  });

  test('P2 a later run() of at least the running priority aborts the running task and supersedes the lower one waiting for it', async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const high = controlledTask<string>();
    const highOutcome = track(runner.run(high.task, { priority: 1 }));
    await advance(100);
    const low = vi.fn(() => 'low');
    const lowOutcome = track(runner.run(low));
    await advance(50);
    expect(high.call(0).ctx.signal.aborted).toBe(false);

    const top = vi.fn(() => 'top');
    const topOutcome = track(runner.run(top, { priority: 1 }));
    expect(high.call(0).ctx.signal.aborted).toBe(true);
    await flushMicrotasks();
    expect(highOutcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(lowOutcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(runner.getSnapshot().status).toBe('pending');
    await advance(99);
    expect(top).not.toHaveBeenCalled();
    await advance(1);
    expect(top).toHaveBeenCalledTimes(1);
    expect(topOutcome.value).toEqual({ status: 'done', value: 'top' });
    expect(low).not.toHaveBeenCalled();
  });

  test('P2 the task that waited runs at its own priority: once it runs, a run() of its priority aborts it', async () => {
    const runner = createLastTaskRunner<string>();
    const high = controlledTask<string>();
    runner.run(high.task, { priority: 1 });
    await advance(0);
    const low = controlledTask<string>();
    const lowOutcome = track(runner.run(low.task));
    high.call(0).resolve('high');
    await advance(0);
    expect(low.task).toHaveBeenCalledTimes(1);

    runner.run(() => 'newest');
    expect(low.call(0).ctx.signal.aborted).toBe(true);
    await advance(0);
    expect(lowOutcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(runner.getSnapshot().value).toBe('newest');
  });
});

describe("P3 a waiting task's place is kept", () => {
  test('P3 a run() that replaces a waiting task of higher priority supersedes it at once but keeps its sooner start time', async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const high = vi.fn(() => 'high');
    const highOutcome = track(runner.run(high, { priority: 1 })); // due at t = 100
    await advance(50);

    const rec = record(runner);
    const low = vi.fn(() => 'low');
    const lowOutcome = track(runner.run(low)); // own start time t = 150
    await flushMicrotasks();
    expect(highOutcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(runner.getSnapshot().status).toBe('pending');
    expect(rec.listener).not.toHaveBeenCalled(); // R10: replacing a pending task does not notify

    await advance(49); // t = 99
    expect(low).not.toHaveBeenCalled();
    await advance(1); // t = 100
    expect(low).toHaveBeenCalledTimes(1);
    expect(lowOutcome.value).toEqual({ status: 'done', value: 'low' });
    expect(high).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  test("P3 the new task keeps its own start time when that is sooner than the replaced task's", async () => {
    const runner = createLastTaskRunner<string>({ delay: 500 });
    const highOutcome = track(runner.run(() => 'high', { priority: 1 })); // due at t = 500
    await advance(50);
    const low = vi.fn(() => 'low');
    runner.run(low, { delay: 10 }); // own start time t = 60
    await advance(9);
    expect(low).not.toHaveBeenCalled();
    await advance(1);
    expect(low).toHaveBeenCalledTimes(1);
    expect(highOutcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
  });

  test("P3 the new task takes over the replaced task's priority: once it runs, a run() of its own priority does not abort it", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    runner.run(() => 'high', { priority: 1 });
    await advance(50);
    const low = controlledTask<string>();
    const lowOutcome = track(runner.run(low.task));
    await advance(50); // t = 100: the low task starts, at priority 1
    expect(low.task).toHaveBeenCalledTimes(1);

    const later = vi.fn(() => 'later');
    const laterOutcome = track(runner.run(later)); // priority 0 < 1
    await advance(200);
    expect(low.call(0).ctx.signal.aborted).toBe(false);
    expect(later).not.toHaveBeenCalled();
    expect(runner.getSnapshot().status).toBe('running');

    low.call(0).resolve('low');
    await flushMicrotasks();
    expect(lowOutcome.value).toEqual({ status: 'done', value: 'low' });
    expect(laterOutcome.value).toEqual({ status: 'done', value: 'later' });
  });

  test('P3 the highest priority is kept through a chain of replacements', async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    runner.run(() => 'a', { priority: 2 });
    runner.run(() => 'b', { priority: 1 });
    const last = controlledTask<string>();
    runner.run(last.task);
    await advance(100);
    expect(last.task).toHaveBeenCalledTimes(1);

    runner.run(() => 'one', { priority: 1 }); // below 2: does not abort
    expect(last.call(0).ctx.signal.aborted).toBe(false);
    runner.run(() => 'two', { priority: 2 }); // equal: aborts
    expect(last.call(0).ctx.signal.aborted).toBe(true);
    await advance(100);
    expect(runner.getSnapshot().value).toBe('two');
  });

  test('P3 a new task of higher priority than the waiting one keeps its own (higher) priority', async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    runner.run(() => 'one', { priority: 1 });
    const top = controlledTask<string>();
    runner.run(top.task, { priority: 3 });
    await advance(100);
    runner.run(() => 'two', { priority: 2 });
    expect(top.call(0).ctx.signal.aborted).toBe(false);
    top.call(0).resolve('top');
    await advance(100);
    expect(runner.getSnapshot().value).toBe('two');
  });

  test('P3 replacing a waiting task of equal priority is plain R2: the wait restarts from the new call', async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const first = track(runner.run(() => 'first', { priority: 1 }));
    await advance(50);
    const second = vi.fn(() => 'second');
    runner.run(second, { priority: 1 }); // due at t = 150
    await advance(50); // t = 100
    expect(second).not.toHaveBeenCalled();
    expect(first.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    await advance(50); // t = 150
    expect(second).toHaveBeenCalledTimes(1);
  });

  test("P3 the new task takes over a flushed task's readiness and 'flush' trigger while both wait for a running task it may not abort", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const top = controlledTask<string>();
    const topOutcome = track(runner.run(top.task, { priority: 2 }));
    await advance(100); // t = 100, top runs

    const flushed = vi.fn(() => 'flushed');
    const flushedOutcome = track(runner.run(flushed, { priority: 1 }));
    const fromFlush = runner.flush();
    expect(fromFlush).toBe(flushedOutcome.promise);
    expect(flushed).not.toHaveBeenCalled();
    expect(top.call(0).ctx.signal.aborted).toBe(false);

    const newest = controlledTask<string>();
    const newestOutcome = track(runner.run(newest.task)); // own due time t = 200
    await flushMicrotasks();
    expect(flushedOutcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    await advance(10); // t = 110
    top.call(0).resolve('top');
    await flushMicrotasks();
    expect(topOutcome.value).toEqual({ status: 'done', value: 'top' });
    expect(newest.task).toHaveBeenCalledTimes(1); // at once, not at t = 200
    expect(newest.call(0).ctx.trigger).toBe('flush');

    // ...and at the flushed task's priority 1: a run() at 0 does not abort it.
    runner.run(() => 'after');
    expect(newest.call(0).ctx.signal.aborted).toBe(false);
    newest.call(0).resolve('newest');
    await advance(100);
    expect(newestOutcome.value).toEqual({ status: 'done', value: 'newest' });
    expect(runner.getSnapshot().value).toBe('after');
    expect(flushed).not.toHaveBeenCalled();
  });

  test("P3 the new task takes over a flushed task's readiness in 'keepLatest' mode", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, mode: 'keepLatest' });
    const running = controlledTask<string>();
    runner.run(running.task);
    await advance(100);
    runner.run(() => 'flushed', { priority: 1 });
    runner.flush();
    const newest = vi.fn((ctx: TaskContext<string>) => ctx.trigger);
    const newestOutcome = track(runner.run(newest));
    await advance(10);
    running.call(0).resolve('first');
    await flushMicrotasks();
    expect(newest).toHaveBeenCalledTimes(1);
    expect(newestOutcome.value).toEqual({ status: 'done', value: 'flush' });
  });

  test("P3 the new task takes over the readiness of a waiting task whose time had come, with its 'delay' trigger", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, mode: 'keepLatest' });
    const running = controlledTask<string>();
    runner.run(running.task);
    await advance(100); // t = 100
    const ready = track(runner.run(() => 'ready', { priority: 1 })); // due t = 200
    await advance(150); // t = 250: its time has come, it waits for the running task

    const newest = vi.fn((ctx: TaskContext<string>) => ctx.trigger);
    const newestOutcome = track(runner.run(newest)); // own due time t = 350
    await advance(10); // t = 260
    expect(ready.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    running.call(0).resolve('first');
    await flushMicrotasks();
    expect(newest).toHaveBeenCalledTimes(1);
    expect(newestOutcome.value).toEqual({ status: 'done', value: 'delay' });
  });

  test('P3 readiness and priority pass down a chain of replacements while a running task is waited for', async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const top = controlledTask<string>();
    runner.run(top.task, { priority: 2 });
    await advance(100);
    const flushed = track(runner.run(() => 'flushed', { priority: 1 }));
    void runner.flush();
    const middle = track(runner.run(() => 'middle'));
    const last = vi.fn((ctx: TaskContext<string>) => ctx.trigger);
    const lastOutcome = track(runner.run(last));
    await advance(10);
    top.call(0).resolve('top');
    await flushMicrotasks();
    expect(flushed.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(middle.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(last).toHaveBeenCalledTimes(1);
    expect(lastOutcome.value).toEqual({ status: 'done', value: 'flush' });
  });

  test('P3 a waiting task of equal priority whose time had come passes on no readiness (R2: the new one waits for its own delay)', async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, mode: 'keepLatest' });
    const running = controlledTask<string>();
    runner.run(running.task);
    await advance(100); // t = 100
    runner.run(() => 'ready'); // due t = 200
    await advance(150); // t = 250
    const newest = vi.fn(() => 'newest');
    runner.run(newest); // due t = 350
    await advance(10); // t = 260
    running.call(0).resolve('first');
    await flushMicrotasks();
    expect(newest).not.toHaveBeenCalled();
    expect(runner.getSnapshot().status).toBe('pending');
    await advance(89); // t = 349
    expect(newest).not.toHaveBeenCalled();
    await advance(1); // t = 350
    expect(newest).toHaveBeenCalledTimes(1);
  });
});

describe('P4 cancel, dispose and flush ignore priorities', () => {
  test('P4 cancel() aborts a running task of any priority and drops the waiting one', async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const high = controlledTask<string>();
    const highOutcome = track(runner.run(high.task, { priority: 5 }));
    await advance(100);
    const low = vi.fn(() => 'low');
    const lowOutcome = track(runner.run(low));

    runner.cancel();
    expect(high.call(0).ctx.signal.aborted).toBe(true);
    expect((high.call(0).ctx.signal.reason as DOMException).message).toContain('cancelled');
    await flushMicrotasks();
    expect(highOutcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(lowOutcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(runner.getSnapshot().status).toBe('cancelled');
    expect(vi.getTimerCount()).toBe(0);
    await advance(1000);
    expect(low).not.toHaveBeenCalled();
  });

  test('P4 cancel() drops a waiting task of high priority', async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const task = vi.fn(() => 'x');
    const outcome = track(runner.run(task, { priority: 10 }));
    runner.cancel();
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(vi.getTimerCount()).toBe(0);
    await advance(200);
    expect(task).not.toHaveBeenCalled();
  });

  test('P4 dispose() aborts a running task of any priority and drops the waiting one', async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const high = controlledTask<string>();
    const highOutcome = track(runner.run(high.task, { priority: 5 }));
    await advance(100);
    const low = vi.fn(() => 'low');
    const lowOutcome = track(runner.run(low, { priority: 2 }));

    runner.dispose();
    expect(high.call(0).ctx.signal.aborted).toBe(true);
    await flushMicrotasks();
    expect(highOutcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(lowOutcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(vi.getTimerCount()).toBe(0);
    const after = vi.fn(() => 'after');
    expect(await runner.run(after, { priority: 100 })).toEqual({ status: 'cancelled', reason: 'disposed' });
    await advance(1000);
    expect(low).not.toHaveBeenCalled();
    expect(after).not.toHaveBeenCalled();
  });

  test('P4 flush() does not abort a running task of higher priority: the waiting task starts right after it, without waiting for its delay', async () => {
    const runner = createLastTaskRunner<string>({ delay: 1000 });
    const high = controlledTask<string>();
    const highOutcome = track(runner.run(high.task, { priority: 1 }));
    void runner.flush();
    expect(high.task).toHaveBeenCalledTimes(1);

    const low = vi.fn((ctx: TaskContext<string>) => ctx.trigger);
    const fromRun = runner.run(low);
    const fromFlush = runner.flush();
    expect(fromFlush).toBe(fromRun);
    expect(low).not.toHaveBeenCalled();
    expect(high.call(0).ctx.signal.aborted).toBe(false);
    expect(runner.getSnapshot().status).toBe('running');

    await advance(10);
    high.call(0).resolve('high');
    await flushMicrotasks();
    expect(highOutcome.value).toEqual({ status: 'done', value: 'high' });
    expect(low).toHaveBeenCalledTimes(1);
    expect(await fromFlush).toEqual({ status: 'done', value: 'flush' });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('P4 flush() starts a waiting task of any priority at once when nothing runs', async () => {
    const runner = createLastTaskRunner<string>({ delay: 1000 });
    const task = vi.fn(() => 'x');
    const fromRun = runner.run(task, { priority: -3 });
    expect(runner.flush()).toBe(fromRun);
    expect(task).toHaveBeenCalledTimes(1);
    expect(await fromRun).toEqual({ status: 'done', value: 'x' });
  });
});

describe('P6 lanes', () => {
  test.each(badPriorities)(
    'P6 lanes.run(key, task, { priority: %s }) throws a RangeError naming priority and the value, before anything changes',
    async (value, shown) => {
      const lanes = createLastTaskLanes<string, string>({ delay: 100 });
      const listener = vi.fn();
      lanes.subscribe(listener);
      const refused = vi.fn(() => 'refused');
      const error = thrownBy(() => lanes.run('a', refused, unsafe<RunOptions>({ priority: value })));
      expect(error).toBeInstanceOf(RangeError);
      expect((error as RangeError).message).toContain('priority');
      expect((error as RangeError).message).toContain(shown);
      expect(lanes.size).toBe(0);
      expect(lanes.getSnapshot('a').status).toBe('idle');
      expect(listener).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);

      const outcome = track(lanes.run('a', (ctx) => `seq ${ctx.seq}`));
      await advance(100);
      expect(outcome.value).toEqual({ status: 'done', value: 'seq 1' });
      expect(refused).not.toHaveBeenCalled();
    },
  );

  test("P6 within a lane a run() of lower priority does not abort the lane's higher-priority task; other lanes are unaffected", async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 10 });
    const a = controlledTask<string>();
    const aOutcome = track(lanes.run('a', a.task, { priority: 1 }));
    await advance(10);
    const aNext = vi.fn(() => 'a next');
    const aNextOutcome = track(lanes.run('a', aNext));
    const b = vi.fn(() => 'b');
    const bOutcome = track(lanes.run('b', b, { priority: 0 }));
    await advance(50);
    expect(a.call(0).ctx.signal.aborted).toBe(false);
    expect(aNext).not.toHaveBeenCalled();
    expect(lanes.getSnapshot('a').status).toBe('running');
    expect(bOutcome.value).toEqual({ status: 'done', value: 'b' });

    a.call(0).resolve('a');
    await flushMicrotasks();
    expect(aOutcome.value).toEqual({ status: 'done', value: 'a' });
    expect(aNextOutcome.value).toEqual({ status: 'done', value: 'a next' });
    expect(lanes.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("P6 within a lane a run() of equal priority aborts the lane's running task ('restart')", async () => {
    const lanes = createLastTaskLanes<string, string>();
    const a = controlledTask<string>();
    const aOutcome = track(lanes.run('a', a.task, { priority: 1 }));
    await advance(0);
    lanes.run('a', () => 'a2', { priority: 1 });
    expect(a.call(0).ctx.signal.aborted).toBe(true);
    await advance(0);
    expect(aOutcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(lanes.getSnapshot('a').value).toBe('a2');
  });

  test("P6 a priority on one lane does not protect against run()s on another key's lane, nor raise the other lane", async () => {
    const lanes = createLastTaskLanes<string, string>();
    const a = controlledTask<string>();
    lanes.run('a', a.task, { priority: 5 });
    const b = controlledTask<string>();
    const bOutcome = track(lanes.run('b', b.task));
    await advance(0);
    lanes.run('b', () => 'b2'); // equal priority on lane b: aborts b's task
    expect(b.call(0).ctx.signal.aborted).toBe(true);
    expect(a.call(0).ctx.signal.aborted).toBe(false);
    await advance(0);
    expect(bOutcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    lanes.cancel('a');
  });

  test("P6 within a lane the new task takes over a waiting higher-priority task's start time and priority", async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 100 });
    const high = track(lanes.run('a', () => 'high', { priority: 1 })); // due t = 100
    await advance(50);
    const low = controlledTask<string>();
    const lowOutcome = track(lanes.run('a', low.task)); // own due t = 150
    await flushMicrotasks();
    expect(high.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    await advance(49);
    expect(low.task).not.toHaveBeenCalled();
    await advance(1); // t = 100
    expect(low.task).toHaveBeenCalledTimes(1);

    lanes.run('a', () => 'later');
    expect(low.call(0).ctx.signal.aborted).toBe(false);
    low.call(0).resolve('low');
    await advance(100);
    expect(lowOutcome.value).toEqual({ status: 'done', value: 'low' });
    expect(lanes.getSnapshot('a').value).toBe('later');
    expect(lanes.size).toBe(0);
  });

  test("P6 within a lane the new task takes over a flushed task's readiness", async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 100 });
    const top = controlledTask<string>();
    lanes.run('a', top.task, { priority: 2 });
    await advance(100);
    lanes.run('a', () => 'flushed', { priority: 1 });
    void lanes.flush('a');
    const newest = vi.fn((ctx: TaskContext<string>) => ctx.trigger);
    const newestOutcome = track(lanes.run('a', newest));
    await advance(10);
    top.call(0).resolve('top');
    await flushMicrotasks();
    expect(newest).toHaveBeenCalledTimes(1);
    expect(newestOutcome.value).toEqual({ status: 'done', value: 'flush' });
  });

  test('P6 cancel(key), cancel() and dispose() ignore priorities on lanes', async () => {
    const lanes = createLastTaskLanes<string, string>();
    const a = controlledTask<string>();
    const b = controlledTask<string>();
    const c = controlledTask<string>();
    const aOutcome = track(lanes.run('a', a.task, { priority: 9 }));
    const bOutcome = track(lanes.run('b', b.task, { priority: 9 }));
    const cOutcome = track(lanes.run('c', c.task, { priority: 9 }));
    await advance(0);
    lanes.cancel('a');
    expect(a.call(0).ctx.signal.aborted).toBe(true);
    expect(b.call(0).ctx.signal.aborted).toBe(false);
    lanes.cancel();
    expect(b.call(0).ctx.signal.aborted).toBe(true);
    expect(c.call(0).ctx.signal.aborted).toBe(true);
    await flushMicrotasks();
    expect(aOutcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(bOutcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(cOutcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });

    const d = controlledTask<string>();
    const dOutcome = track(lanes.run('d', d.task, { priority: 9 }));
    await advance(0);
    lanes.dispose();
    expect(d.call(0).ctx.signal.aborted).toBe(true);
    await flushMicrotasks();
    expect(dOutcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(lanes.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('P1 bad input: the message says what was expected', () => {
  test('P1 a bad priority: "priority must be a finite number"', () => {
    const runner = createLastTaskRunner<string>();
    expect(messageOf(() => runner.run(() => 'v', unsafe<RunOptions>({ priority: Infinity })))).toBe(
      'react-last-task: priority must be a finite number, got Infinity',
    );
  });
});
