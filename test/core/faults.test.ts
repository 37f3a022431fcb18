import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  createLastTaskRunner,
  createStatusBadge,
  type AutosaveStatus,
  type LastTaskRunner,
  type RunOptions,
  type Task,
} from '../../src/index';
import {
  advance,
  catchReportedErrors,
  deferred,
  expectEveryCallAChange,
  flushMicrotasks,
  record,
  track,
  unsafe,
  withRunnerTestEnv,
} from '../helpers/core';

/*
 * Faults and bad input for the runner: what user code and the host can throw at it (non-Error failures,
 * thenables that never settle, throwing or re-entrant listeners, late timers, a clock that jumps back,
 * bad options, calls after dispose). Each test names the rule it leans on; "fault:" marks the fault.
 */

withRunnerTestEnv();

const START = Date.UTC(2024, 0, 1);

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

// ---------------------------------------------------------------------------------------------------

describe('fault: a task that fails with something that is not an Error', () => {
  const failures: Array<[string, unknown]> = [
    ['a string', 'offline'],
    ['undefined', undefined],
    ['null', null],
    ['0', 0],
    ['a plain object', { code: 503 }],
  ];

  test.each(failures)(
    'R6/R12 fault: a task that throws %s synchronously ends error with that very value',
    async (_, thrown) => {
      const runner = createLastTaskRunner<string>();
      const rec = record(runner);
      const outcome = track(
        runner.run(() => {
          throw thrown;
        }),
      );
      await advance(0);
      expect(outcome.rejected).toBe(false);
      expect(outcome.value).toEqual({ status: 'error', error: thrown });
      expect(Object.is((outcome.value as { error: unknown }).error, thrown)).toBe(true);
      expect(runner.getSnapshot().status).toBe('error');
      expect(Object.is(runner.getSnapshot().error, thrown)).toBe(true);
      expect(rec.statuses()).toEqual(['pending', 'running', 'error']);
      expect(vi.getTimerCount()).toBe(0);
      // The runner keeps working.
      const next = track(runner.run(() => 'ok'));
      await advance(0);
      expect(next.value).toEqual({ status: 'done', value: 'ok' });
      expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'ok', error: undefined });
    },
  );

  test.each(failures)(
    'R6/R12 fault: a task that rejects with %s ends error with that very value',
    async (_, thrown) => {
      const runner = createLastTaskRunner<string>();
      const outcome = track(runner.run(() => Promise.reject(thrown)));
      await advance(0);
      expect(outcome.value).toEqual({ status: 'error', error: thrown });
      expect(runner.getSnapshot().status).toBe('error');
      expect(Object.is(runner.getSnapshot().error, thrown)).toBe(true);
    },
  );

  test('R12 fault: a task that throws from flush() does not throw out of flush()', async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const outcome = track(
      runner.run(() => {
        throw undefined;
      }),
    );
    let flushed: Promise<unknown> | undefined;
    expect(() => (flushed = runner.flush())).not.toThrow();
    expect(flushed).toBe(outcome.promise);
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'error', error: undefined });
  });

  test('R6 fault: a thenable whose then() throws ends error with what it threw', async () => {
    const runner = createLastTaskRunner<string>();
    const thenable = {
      then() {
        throw 'broken then';
      },
    };
    const outcome = track(runner.run(() => unsafe<PromiseLike<string>>(thenable)));
    await advance(0);
    expect(outcome.value).toEqual({ status: 'error', error: 'broken then' });
  });

  test('R6 fault: a thenable that calls both of its callbacks ends with the first one only', async () => {
    const runner = createLastTaskRunner<string>();
    const rec = record(runner);
    const thenable: PromiseLike<string> = {
      then(onFulfilled, onRejected) {
        onFulfilled?.('first');
        onRejected?.(new Error('second'));
        onFulfilled?.('third');
        return unsafe(undefined);
      },
    };
    const outcome = track(runner.run(() => thenable));
    await advance(0);
    expect(outcome.value).toEqual({ status: 'done', value: 'first' });
    expect(rec.statuses()).toEqual(['pending', 'running', 'done']);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('fault: a task that never settles', () => {
  /** A thenable that never calls back, like a request that hangs. */
  const hanging = (): PromiseLike<string> => ({ then: () => unsafe(undefined) });

  test('R8/R14 fault: a never-settling thenable, then cancel(): its promise resolves cancelled and no timer is left', async () => {
    const runner = createLastTaskRunner<string>({ delay: 50 });
    const rec = record(runner);
    let signal: AbortSignal | undefined;
    const outcome = track(
      runner.run((ctx) => {
        signal = ctx.signal;
        return hanging();
      }),
    );
    await advance(50);
    expect(runner.getSnapshot().status).toBe('running');
    expect(vi.getTimerCount()).toBe(0);
    expect(runner.flush()).toBe(outcome.promise); // R7: with nothing pending, the running task's promise
    runner.cancel();
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(signal?.aborted).toBe(true);
    expect(runner.getSnapshot().status).toBe('cancelled');
    expect(vi.getTimerCount()).toBe(0);
    await advance(10_000);
    expect(rec.statuses()).toEqual(['pending', 'running', 'cancelled']);
  });

  test('R9/R14 fault: a never-settling task, then dispose(): its promise resolves cancelled/disposed, no timer, no listener call', async () => {
    const runner = createLastTaskRunner<string>();
    const listener = vi.fn();
    runner.subscribe(listener);
    const outcome = track(runner.run(() => hanging()));
    await advance(0);
    runner.dispose();
    const calls = listener.mock.calls.length;
    await advance(10_000);
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(vi.getTimerCount()).toBe(0);
    expect(listener).toHaveBeenCalledTimes(calls);
  });

  test('R3 fault: a never-settling task is superseded by the next run() (restart) and the next task runs as usual', async () => {
    const runner = createLastTaskRunner<string>();
    const first = track(runner.run(() => hanging()));
    await advance(0);
    const second = track(runner.run(() => 'second'));
    await flushMicrotasks();
    expect(first.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    await advance(0);
    expect(second.value).toEqual({ status: 'done', value: 'second' });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('R4/R8 fault: in keepLatest a never-settling task holds the next one back until cancel(); then the runner works again', async () => {
    const runner = createLastTaskRunner<string>({ mode: 'keepLatest' });
    const first = track(runner.run(() => hanging()));
    await advance(0);
    const held = vi.fn(() => 'held');
    const second = track(runner.run(held));
    await advance(60_000);
    expect(held).not.toHaveBeenCalled();
    expect(runner.getSnapshot().status).toBe('running');
    expect(vi.getTimerCount()).toBe(0);
    runner.cancel();
    await flushMicrotasks();
    expect(first.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(second.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(held).not.toHaveBeenCalled();
    const third = track(runner.run(() => 'third'));
    await advance(0);
    expect(third.value).toEqual({ status: 'done', value: 'third' });
  });
});

// ---------------------------------------------------------------------------------------------------

describe('fault: listeners that throw or call back into the runner', () => {
  test('R10 fault: a listener that throws: the other listeners still run, the runner keeps working, the error is rethrown on its own', async () => {
    const reported = catchReportedErrors();
    const runner = createLastTaskRunner<string>();
    const boom = new Error('listener broke');
    const throwing = vi.fn(() => {
      throw boom;
    });
    runner.subscribe(throwing);
    const rec = record(runner);
    const outcome = track(runner.run(() => 'v'));
    await advance(0);
    expect(outcome.value).toEqual({ status: 'done', value: 'v' });
    expect(rec.statuses()).toEqual(['pending', 'running', 'done']);
    expect(throwing).toHaveBeenCalledTimes(3);
    expect(reported).toEqual([boom, boom, boom]);
    expect(reported.every((e) => e === boom)).toBe(true);
    expectEveryCallAChange(rec);
  });

  test('R10 fault: a listener that throws something that is not an Error (undefined) is reported as it is', async () => {
    const reported = catchReportedErrors();
    const runner = createLastTaskRunner<string>();
    runner.subscribe(() => {
      throw undefined;
    });
    const after = vi.fn();
    runner.subscribe(after);
    runner.run(() => 'v');
    await advance(0);
    expect(after).toHaveBeenCalledTimes(3);
    expect(reported).toEqual([undefined, undefined, undefined]);
  });

  test('R10 fault: the error of a throwing listener is not swallowed: it is rethrown in a microtask, not synchronously', async () => {
    const queued: Array<() => void> = [];
    vi.stubGlobal('queueMicrotask', (callback: () => void) => queued.push(callback));
    const runner = createLastTaskRunner<string>();
    runner.subscribe(() => {
      throw new Error('late');
    });
    expect(() => runner.run(() => 'v')).not.toThrow();
    expect(queued).toHaveLength(1);
    expect(queued[0]!).toThrow('late');
    runner.dispose();
  });

  test('R8/R10 fault: a listener that cancels as soon as the task is running: the task is never called', async () => {
    const runner = createLastTaskRunner<string>();
    runner.subscribe(() => {
      if (runner.getSnapshot().status === 'running') runner.cancel();
    });
    const task = vi.fn(() => 'never');
    const outcome = track(runner.run(task));
    await advance(0);
    expect(task).not.toHaveBeenCalled();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(runner.getSnapshot().status).toBe('cancelled');
    expect(vi.getTimerCount()).toBe(0);
  });

  test('R15 fault: a listener that calls run() while a task settles: the new task runs as usual', async () => {
    const runner = createLastTaskRunner<string>();
    const second = vi.fn(() => 'second');
    let again: Promise<unknown> | undefined;
    runner.subscribe(() => {
      if (runner.getSnapshot().status === 'done' && !again) again = runner.run(second);
    });
    runner.run(() => 'first');
    await advance(0);
    expect(runner.getSnapshot().status).toBe('pending');
    await advance(1); // a 0 ms timer set inside a timer callback fires 1 ms later under fake timers
    expect(second).toHaveBeenCalledTimes(1);
    await expect(again).resolves.toEqual({ status: 'done', value: 'second' });
    expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'second', error: undefined });
  });
});

// ---------------------------------------------------------------------------------------------------

describe('fault: timers that fire late (a throttled background tab)', () => {
  /** The clock moves on while the timers do not fire: they keep their remaining time. */
  const throttle = (ms: number) => vi.setSystemTime(Date.now() + ms);

  test('R1/R14 fault: a late timer starts the task when it finally fires, with no further wait and no timer left', async () => {
    vi.setSystemTime(START);
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const task = vi.fn(() => 'v');
    runner.run(task);
    throttle(60_000);
    await advance(99);
    expect(task).not.toHaveBeenCalled();
    await advance(1);
    expect(task).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(runner.getSnapshot().status).toBe('done');
  });

  test('R2/R5 fault: run() calls while the timer is late replace the pending task; only the last starts, at the first timer that fires', async () => {
    vi.setSystemTime(START);
    const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 300 });
    const tasks = [vi.fn(() => 'a'), vi.fn(() => 'b'), vi.fn(() => 'c')];
    const outcomes = [track(runner.run(tasks[0]!))];
    await advance(40);
    throttle(10_000); // past maxWait by the clock
    outcomes.push(track(runner.run(tasks[1]!)));
    outcomes.push(track(runner.run(tasks[2]!)));
    expect(vi.getTimerCount()).toBe(1);
    await advance(60); // the first timer, late
    expect(tasks[0]).not.toHaveBeenCalled();
    expect(tasks[1]).not.toHaveBeenCalled();
    expect(tasks[2]).toHaveBeenCalledTimes(1);
    expect(outcomes.map((o) => o.value)).toEqual([
      { status: 'cancelled', reason: 'superseded' },
      { status: 'cancelled', reason: 'superseded' },
      { status: 'done', value: 'c' },
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('R4 fault: in keepLatest, a task whose timer is late starts no later than that timer and never overlaps the running one', async () => {
    vi.setSystemTime(START);
    const runner = createLastTaskRunner<string>({ delay: 100, mode: 'keepLatest' });
    const gate = deferred<string>();
    runner.run(() => gate.promise);
    await advance(100);
    const next = vi.fn(() => 'next');
    const outcome = track(runner.run(next)); // due 100 ms from now
    throttle(5_000);
    await advance(50);
    expect(next).not.toHaveBeenCalled(); // still running
    gate.resolve('first');
    await flushMicrotasks();
    expect(runner.getSnapshot().value).toBe('first');
    await advance(50); // the late timer fires
    expect(next).toHaveBeenCalledTimes(1);
    expect(outcome.value).toEqual({ status: 'done', value: 'next' });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('fault: waits longer than setTimeout can hold (2^31 - 1 ms, about 24.8 days)', () => {
  const DAYS_35 = 35 * 24 * 3600 * 1000;

  test('R1/R14 fault: a 35-day delay waits its whole time with a handful of timers, not one per millisecond', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const runner = createLastTaskRunner<string>({ delay: DAYS_35 });
    const task = vi.fn(() => 'late');
    const outcome = track(runner.run(task));
    await advance(1000);
    expect(setTimeoutSpy.mock.calls.length, 'timers armed in the first second').toBe(1);
    await advance(DAYS_35 - 1001);
    expect(task).not.toHaveBeenCalled();
    await advance(1);
    expect(task).toHaveBeenCalledTimes(1);
    expect(setTimeoutSpy.mock.calls.length).toBe(2); // 24.8 days, then the 10.2 left
    expect(outcome.value).toEqual({ status: 'done', value: 'late' });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('T1 fault: a retry delay over 2^31 - 1 ms does not retry at once: it waits 2^31 - 1 ms', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 2, delay: DAYS_35 } });
    let calls = 0;
    const outcome = track(
      runner.run(() => {
        calls++;
        throw new Error(`attempt ${calls}`);
      }),
    );
    await advance(0);
    expect(calls).toBe(1);
    await advance(2_147_483_646);
    expect(calls, 'retried before the longest wait setTimeout can hold').toBe(1);
    expect(runner.getSnapshot().status).toBe('running');
    await advance(1);
    expect(calls).toBe(2);
    expect(outcome.value).toMatchObject({ status: 'error' });
  });
});

describe('fault: Date.now() moving backwards', () => {
  const rewind = (ms: number) => vi.setSystemTime(Date.now() - ms);

  // Found by this file: before commit 34a2f6b the runner re-armed its timer when Date.now() said the deadline
  // was still ahead, so a task could start up to twice its delay after the call.
  test('R1 fault: after the clock goes back, a task still starts no later than its delay after the call', async () => {
    vi.setSystemTime(START);
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const task = vi.fn(() => 'v');
    runner.run(task);
    await advance(10);
    rewind(60_000); // e.g. an NTP correction
    await advance(90);
    expect(task, 'the task must have started 100 ms after run()').toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('R14 fault: after the clock goes back, no busy loop of timers: at most one re-arm, then the task starts', async () => {
    vi.setSystemTime(START);
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const task = vi.fn(() => 'v');
    runner.run(task);
    rewind(3_600_000);
    await advance(1_000);
    expect(task).toHaveBeenCalledTimes(1);
    expect(setTimeoutSpy.mock.calls.length).toBeLessThanOrEqual(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  // Same cause (fixed in 34a2f6b): the burst's start was a Date.now() reading, so a clock that went back stretched maxWait.
  // The runner cannot tell how much time passed between its last reading of the clock and a jump back, so it
  // counts none of it: deadlines come late by at most that time (20 ms here), never early (see the next test).
  test('R5 fault: after the clock goes back, a steady stream of run() calls still starts a task within maxWait (+ the time since the last reading)', async () => {
    vi.setSystemTime(START);
    const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 200 });
    const task = vi.fn(() => 'v');
    runner.run(task);
    await advance(20);
    rewind(500);
    for (let elapsed = 20; elapsed < 220; elapsed += 20) {
      runner.run(task);
      await advance(20);
    }
    expect(task, 'a task must have started 220 ms after the first run() of the burst').toHaveBeenCalledTimes(1);
  });

  // Found by this file: the runner once trusted the time its timer was armed for even when it had already
  // seen the jump at a run(), and started the newer task 50 ms before its delay was over.
  test('R1 fault: after the clock goes back, a run() made later still waits its whole delay', async () => {
    vi.setSystemTime(START);
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const first = vi.fn(() => 'first');
    const second = vi.fn(() => 'second');
    runner.run(first);
    await advance(50);
    rewind(10_000);
    runner.run(second);
    await advance(50);
    expect(second, 'the task started 50 ms after its run(), before its 100 ms delay').not.toHaveBeenCalled();
    await advance(50);
    expect(second).toHaveBeenCalledTimes(1);
    expect(first).not.toHaveBeenCalled();
  });

  // Found by this file: the first jump is seen by run(), which moves the stored times back by the whole
  // difference of readings and so loses the 50 ms that passed; the second is seen by no one, and fire() used to
  // trust the time its timer was armed for, which that loss had made 50 ms too late: the task started early.
  test('R1 fault: two jumps back, one seen by a run() and one not, still never start a task before its delay', async () => {
    vi.setSystemTime(START);
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const second = vi.fn(() => 'second');
    runner.run(() => 'first'); // its timer is armed for t = 100
    await advance(50);
    rewind(10_000);
    runner.run(second); // sees the jump; due at t = 150, the timer stays armed for t = 100
    await advance(10);
    rewind(10_000); // seen by no one until the timer fires
    await advance(40); // t = 100: the timer fires early for the new deadline
    expect(second, 'the task started 50 ms after its run(), before its 100 ms delay').not.toHaveBeenCalled();
    await advance(50); // t = 150: its deadline, unless the jump made it late
    // The runner last read the clock at t = 50 (the run()); it may be late by the 50 ms since then, never more.
    await advance(50);
    expect(second).toHaveBeenCalledTimes(1);
  });

  test('R1 fault: a jump back seen by no one until a timer fires early (its deadline moved later) still waits the new deadline', async () => {
    vi.setSystemTime(START);
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const second = vi.fn(() => 'second');
    runner.run(() => 'first'); // its timer is armed for t = 100
    await advance(50);
    runner.run(second); // due at t = 150; the timer stays armed for t = 100
    await advance(10);
    rewind(10_000); // seen by no one until the timer fires
    await advance(40); // t = 100: the timer fires early for the new deadline
    expect(second, 'the task started 50 ms after its run(), before its 100 ms delay').not.toHaveBeenCalled();
    await advance(50); // t = 150: its deadline, unless the jump made it late
    // The runner last read the clock at t = 50 (the run()); it may be late by the 50 ms since then, never more.
    await advance(50);
    expect(second).toHaveBeenCalledTimes(1);
  });

  // The badge, like the runner, cannot tell how much time passed between its last reading of the clock and a
  // jump back: a fade then ends late by at most that time (500 ms here), and never early.
  test('B4/B8 fault: a clock that goes back 500 ms after "Saved" showed keeps it at most savedFor + those 500 ms', () => {
    vi.setSystemTime(START);
    const badge = createStatusBadge<AutosaveStatus>('idle', { savedFor: 2000 });
    expect(badge.set('saved')).toBe('saved');
    vi.advanceTimersByTime(500);
    rewind(10_000);
    badge.set('saved');
    vi.advanceTimersByTime(1499);
    expect(badge.getSnapshot(), '"Saved" must not fade before savedFor has passed since the jump').toBe('saved');
    vi.advanceTimersByTime(501);
    expect(badge.getSnapshot(), '"Saved" must fade by savedFor + the unseen 500 ms').toBe('idle');
    badge.dispose();
  });

  test('R1 fault: a clock that jumps forward (sleep, resume) does not start a task before its timer fires', async () => {
    vi.setSystemTime(START);
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const task = vi.fn(() => 'v');
    runner.run(task);
    vi.setSystemTime(Date.now() + 3_600_000);
    await flushMicrotasks();
    expect(task).not.toHaveBeenCalled();
    await advance(100);
    expect(task).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('fault: calls after dispose()', () => {
  async function disposed(): Promise<{ runner: LastTaskRunner<string>; listener: ReturnType<typeof vi.fn> }> {
    const runner = createLastTaskRunner<string>({ delay: 10 });
    const listener = vi.fn();
    runner.subscribe(listener);
    runner.run(() => 'v');
    await advance(10);
    runner.dispose();
    listener.mockClear();
    return { runner, listener };
  }

  test('R9 fault: run() after dispose resolves cancelled/disposed at once, never calls its task, sets no timer', async () => {
    const { runner, listener } = await disposed();
    const snapshot = runner.getSnapshot();
    const task = vi.fn(() => 'late');
    const outcome = track(runner.run(task, { delay: 0 }));
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(vi.getTimerCount()).toBe(0);
    await advance(1000);
    expect(task).not.toHaveBeenCalled();
    expect(listener).not.toHaveBeenCalled();
    expect(runner.getSnapshot()).toBe(snapshot);
  });

  test('R9 fault: flush(), cancel() and dispose() after dispose change nothing; flush resolves undefined', async () => {
    const { runner, listener } = await disposed();
    const snapshot = runner.getSnapshot();
    runner.run(() => 'late');
    await expect(runner.flush()).resolves.toBeUndefined();
    runner.cancel();
    runner.dispose();
    await advance(1000);
    expect(listener).not.toHaveBeenCalled();
    expect(runner.getSnapshot()).toBe(snapshot);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('R9 fault: a listener subscribed after dispose is never called, and its unsubscribe works', async () => {
    const { runner } = await disposed();
    const late = vi.fn();
    const unsubscribe = runner.subscribe(late);
    expect(typeof unsubscribe).toBe('function');
    runner.run(() => 'late');
    runner.cancel();
    await advance(1000);
    expect(late).not.toHaveBeenCalled();
    expect(() => unsubscribe()).not.toThrow();
  });

  test('R13 fault: bad input after dispose still throws (validation comes first)', async () => {
    const { runner } = await disposed();
    expect(() => runner.run(unsafe<Task<string>>('task'))).toThrow(TypeError);
    expect(() => runner.run(() => 'v', unsafe<RunOptions>({ delay: -1 }))).toThrow(RangeError);
  });
});
