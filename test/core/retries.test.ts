import { describe, expect, test, vi } from 'vitest';
import {
  createLastTaskLanes,
  createLastTaskRunner,
  type Outcome,
  type RetryOptions,
  type RunnerOptions,
  type RunOptions,
  type TaskContext,
} from '../../src/index';
import {
  advance,
  controlledTask,
  deferred,
  flushMicrotasks,
  messageOf,
  record,
  thrownBy,
  track,
  unsafe,
  withRunnerTestEnv,
} from '../helpers/core';

withRunnerTestEnv();

/** A task that rejects on every attempt with a fresh error naming the attempt, recorded with its context. */
function alwaysFails<T>() {
  const errors: Error[] = [];
  const contexts: TaskContext<T>[] = [];
  const task = vi.fn(async (ctx: TaskContext<T>): Promise<T> => {
    contexts.push(ctx);
    const error = new Error(`attempt ${ctx.attempt} failed`);
    errors.push(error);
    throw error;
  });
  return { task, errors, contexts };
}

/** A task that fails (rejecting) `failures` times, then resolves with `value`. */
function failsThen<T>(failures: number, value: T) {
  const errors: Error[] = [];
  const contexts: TaskContext<T>[] = [];
  const task = vi.fn(async (ctx: TaskContext<T>): Promise<T> => {
    contexts.push(ctx);
    if (contexts.length <= failures) {
      const error = new Error(`attempt ${ctx.attempt} failed`);
      errors.push(error);
      throw error;
    }
    return value;
  });
  return { task, errors, contexts };
}

function expectNamedError(error: unknown, type: typeof TypeError | typeof RangeError, ...words: string[]): void {
  expect(error).toBeInstanceOf(type);
  for (const word of words) expect((error as Error).message).toContain(word);
}

const withRetry = (retry: unknown): RunnerOptions => unsafe<RunnerOptions>({ retry });

describe('T1 options', () => {
  test.each([[3], ['yes'], [true], [null]])('T1 retry: %s (not an object) throws a TypeError naming retry', (retry) => {
    expectNamedError(
      thrownBy(() => createLastTaskRunner(withRetry(retry))),
      TypeError,
      'retry',
    );
  });

  test.each([
    [0, '0'],
    [-1, '-1'],
    [1.5, '1.5'],
    [NaN, 'NaN'],
    [-Infinity, '-Infinity'],
    ['3', '3'],
    [null, 'null'],
    [Symbol('three'), 'Symbol(three)'], // compared as a number, a symbol would throw a TypeError naming nothing
    [3n, '3'],
  ])('T1 retry: { attempts: %s } throws a RangeError naming retry.attempts and the value', (attempts, shown) => {
    expectNamedError(
      thrownBy(() => createLastTaskRunner(withRetry({ attempts }))),
      RangeError,
      'retry.attempts',
      shown,
    );
  });

  test.each([[1], ['always'], [true], [{}], [null]])(
    'T1 retry: { shouldRetry: %s } (not a function) throws a TypeError naming retry.shouldRetry',
    (shouldRetry) => {
      expectNamedError(
        thrownBy(() => createLastTaskRunner(withRetry({ shouldRetry }))),
        TypeError,
        'retry.shouldRetry',
      );
    },
  );

  test.each([
    [-1, '-1'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    ['100', '100'],
    [null, 'null'],
    [true, 'true'],
  ])('T1 retry: { delay: %s } throws a RangeError naming retry.delay and the value', (delay, shown) => {
    expectNamedError(
      thrownBy(() => createLastTaskRunner(withRetry({ delay }))),
      RangeError,
      'retry.delay',
      shown,
    );
  });

  test('T1 the same checks apply to createLastTaskLanes', () => {
    expectNamedError(
      thrownBy(() => createLastTaskLanes(withRetry(3))),
      TypeError,
      'retry',
    );
    expectNamedError(
      thrownBy(() => createLastTaskLanes(withRetry({ attempts: 0 }))),
      RangeError,
      'retry.attempts',
    );
    expectNamedError(
      thrownBy(() => createLastTaskLanes(withRetry({ shouldRetry: 1 }))),
      TypeError,
      'retry.shouldRetry',
    );
    expectNamedError(
      thrownBy(() => createLastTaskLanes(withRetry({ delay: -1 }))),
      RangeError,
      'retry.delay',
    );
  });

  test('T1 valid retry options are accepted, and undefined fields count as not given', () => {
    const valid: RetryOptions[] = [
      {},
      { attempts: 1 },
      { attempts: 10 },
      { attempts: Infinity },
      { delay: 0 },
      { delay: 250 },
      { delay: () => 5 },
      { shouldRetry: () => true },
      unsafe<RetryOptions>({ attempts: undefined, delay: undefined, shouldRetry: undefined }),
    ];
    for (const retry of valid) {
      expect(() => createLastTaskRunner({ retry })).not.toThrow();
      expect(() => createLastTaskLanes({ retry })).not.toThrow();
    }
    expect(() => createLastTaskRunner(unsafe<RunnerOptions>({ retry: undefined }))).not.toThrow();
  });

  test('T1 the default delay is a backoff of 1000, 2000, 4000 ms between attempts', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 4 } });
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task));
    await advance(0);
    expect(failing.task).toHaveBeenCalledTimes(1);

    let calls = 1;
    for (const wait of [1000, 2000, 4000]) {
      await advance(wait - 1);
      expect(failing.task).toHaveBeenCalledTimes(calls);
      await advance(1);
      calls += 1;
      expect(failing.task).toHaveBeenCalledTimes(calls);
    }
    expect(outcome.value).toEqual({ status: 'error', error: failing.errors[3] });
    expect(runner.getSnapshot()).toEqual({ status: 'error', value: undefined, error: failing.errors[3] });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('T1 the default backoff is capped at 30000 ms', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 8 } });
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task));
    await advance(0);
    let calls = 1;
    for (const wait of [1000, 2000, 4000, 8000, 16000, 30000, 30000]) {
      await advance(wait - 1);
      expect(failing.task).toHaveBeenCalledTimes(calls);
      await advance(1);
      calls += 1;
      expect(failing.task).toHaveBeenCalledTimes(calls);
    }
    expect(outcome.value).toEqual({ status: 'error', error: failing.errors[7] });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('T1 retry: {} means 3 attempts in all with the default backoff', async () => {
    const runner = createLastTaskRunner<string>({ retry: {} });
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task));
    await advance(0);
    await advance(1000);
    await advance(2000);
    expect(failing.task).toHaveBeenCalledTimes(3);
    expect(outcome.value).toEqual({ status: 'error', error: failing.errors[2] });
    await advance(60_000);
    expect(failing.task).toHaveBeenCalledTimes(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('T1 a number delay is the wait before every next attempt', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 3, delay: 250 } });
    const failing = alwaysFails<string>();
    track(runner.run(failing.task));
    await advance(0);
    await advance(249);
    expect(failing.task).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(failing.task).toHaveBeenCalledTimes(2);
    await advance(249);
    expect(failing.task).toHaveBeenCalledTimes(2);
    await advance(1);
    expect(failing.task).toHaveBeenCalledTimes(3);
  });

  test('T1 a delay function gets (attempt that just failed, its error) and its result is the wait', async () => {
    const delay = vi.fn((attempt: number, _error: unknown) => attempt * 100);
    const runner = createLastTaskRunner<string>({ retry: { attempts: 3, delay } });
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task));
    await advance(0);
    expect(delay).toHaveBeenCalledTimes(1);
    expect(delay).toHaveBeenLastCalledWith(1, failing.errors[0]);
    await advance(99);
    expect(failing.task).toHaveBeenCalledTimes(1);
    await advance(1); // attempt 2 at +100
    expect(failing.task).toHaveBeenCalledTimes(2);
    expect(delay).toHaveBeenCalledTimes(2);
    expect(delay).toHaveBeenLastCalledWith(2, failing.errors[1]);
    await advance(199);
    expect(failing.task).toHaveBeenCalledTimes(2);
    await advance(1); // attempt 3 at +200
    expect(failing.task).toHaveBeenCalledTimes(3);
    expect(outcome.value).toEqual({ status: 'error', error: failing.errors[2] });
    expect(delay).toHaveBeenCalledTimes(2); // no wait after the last attempt
  });
});

describe('T2 attempts', () => {
  test('T2 a failing task is called again with the same signal, seq, trigger and previous, and attempt 1, 2, 3', async () => {
    const runner = createLastTaskRunner<string>({ delay: 10, retry: { attempts: 3, delay: 100 } });
    expect(await Promise.all([runner.run(() => 'before'), advance(10)]).then(([o]) => o)).toEqual({
      status: 'done',
      value: 'before',
    });

    const flaky = failsThen(2, 'third time');
    const outcome = track(runner.run(flaky.task));
    await advance(10);
    await advance(100);
    await advance(100);
    expect(flaky.task).toHaveBeenCalledTimes(3);
    const [first, second, third] = flaky.contexts;
    expect([first!.attempt, second!.attempt, third!.attempt]).toEqual([1, 2, 3]);
    for (const ctx of [second!, third!]) {
      expect(ctx.signal).toBe(first!.signal);
      expect(ctx.seq).toBe(2);
      expect(ctx.trigger).toBe('delay');
      expect(ctx.previous).toBe('before');
    }
    expect(first!.signal.aborted).toBe(false);
    expect(outcome.value).toEqual({ status: 'done', value: 'third time' });
    expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'third time', error: undefined });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('T2 ctx.attempt is 1 on a first call, with or without retry', async () => {
    const plain = createLastTaskRunner<number>();
    const retrying = createLastTaskRunner<number>({ retry: { attempts: 5 } });
    const seen: number[] = [];
    plain.run((ctx) => {
      seen.push(ctx.attempt);
      return 1;
    });
    retrying.run((ctx) => {
      seen.push(ctx.attempt);
      return 2;
    });
    await advance(0);
    expect(seen).toEqual([1, 1]);
  });

  test('T2 without retry a failing task is not called again', async () => {
    const runner = createLastTaskRunner<string>();
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task));
    await advance(0);
    expect(outcome.value).toEqual({ status: 'error', error: failing.errors[0] });
    await advance(60_000);
    expect(failing.task).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('T2 a task that throws synchronously is retried too', async () => {
    const runner = createLastTaskRunner<string>({ retry: { delay: 50 } });
    const failure = new Error('sync');
    let calls = 0;
    const task = vi.fn((ctx: TaskContext<string>) => {
      calls += 1;
      if (calls === 1) throw failure;
      return `ok on ${ctx.attempt}`;
    });
    const outcome = track(runner.run(task));
    await advance(0);
    expect(outcome.settled).toBe(false);
    expect(runner.getSnapshot().status).toBe('running');
    await advance(50);
    expect(outcome.value).toEqual({ status: 'done', value: 'ok on 2' });
  });

  test('T2 the promise resolves once, with the outcome of the attempt that ended it, and stays pending between attempts', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 3, delay: 100 } });
    const g = controlledTask<string>();
    const outcome = track(runner.run(g.task));
    await advance(0);
    g.call(0).reject(new Error('one'));
    await advance(50);
    expect(outcome.settled).toBe(false);
    await advance(50);
    expect(g.task).toHaveBeenCalledTimes(2);
    expect(outcome.settled).toBe(false);
    g.call(1).resolve('two');
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'done', value: 'two' });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('T2 attempts: 1 means no retry: the first failure ends the task', async () => {
    const shouldRetry = vi.fn(() => true);
    const runner = createLastTaskRunner<string>({ retry: { attempts: 1, delay: 10, shouldRetry } });
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task));
    await advance(0);
    expect(outcome.value).toEqual({ status: 'error', error: failing.errors[0] });
    expect(runner.getSnapshot().status).toBe('error');
    expect(vi.getTimerCount()).toBe(0);
    await advance(1000);
    expect(failing.task).toHaveBeenCalledTimes(1);
    expect(shouldRetry).not.toHaveBeenCalled();
  });

  test('T2 attempts: Infinity keeps trying until the task succeeds', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: Infinity, delay: 10 } });
    const flaky = failsThen(60, 'finally');
    const outcome = track(runner.run(flaky.task));
    await advance(0);
    for (let i = 0; i < 60; i += 1) await advance(10);
    expect(flaky.task).toHaveBeenCalledTimes(61);
    expect(flaky.contexts[60]!.attempt).toBe(61);
    expect(outcome.value).toEqual({ status: 'done', value: 'finally' });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('T2 attempts: Infinity with the default backoff keeps trying at 30 s intervals', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: Infinity } });
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task));
    await advance(0);
    await advance(1000 + 2000 + 4000 + 8000 + 16000);
    expect(failing.task).toHaveBeenCalledTimes(6);
    for (let i = 0; i < 20; i += 1) await advance(30_000);
    expect(failing.task).toHaveBeenCalledTimes(26);
    expect(outcome.settled).toBe(false);
    expect(runner.getSnapshot().status).toBe('running');
    runner.cancel();
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('T2 shouldRetry gets (error, attempt); when it says no the task ends at once with that error', async () => {
    class Fatal extends Error {}
    const shouldRetry = vi.fn((error: unknown, _attempt: number) => !(error instanceof Fatal));
    const runner = createLastTaskRunner<string>({ retry: { attempts: 5, delay: 100, shouldRetry } });
    const g = controlledTask<string>();
    const outcome = track(runner.run(g.task));
    await advance(0);
    const transient = new Error('transient');
    g.call(0).reject(transient);
    await flushMicrotasks();
    expect(shouldRetry).toHaveBeenCalledTimes(1);
    expect(shouldRetry).toHaveBeenLastCalledWith(transient, 1);
    await advance(100);
    expect(g.task).toHaveBeenCalledTimes(2);

    const fatal = new Fatal('fatal');
    g.call(1).reject(fatal);
    await flushMicrotasks(); // no time passes
    expect(shouldRetry).toHaveBeenCalledTimes(2);
    expect(shouldRetry).toHaveBeenLastCalledWith(fatal, 2);
    expect(outcome.value).toEqual({ status: 'error', error: fatal });
    expect(runner.getSnapshot()).toEqual({ status: 'error', value: undefined, error: fatal });
    expect(vi.getTimerCount()).toBe(0);
    await advance(1000);
    expect(g.task).toHaveBeenCalledTimes(2);
  });

  test('T2 shouldRetry is not asked after the last attempt', async () => {
    const shouldRetry = vi.fn(() => true);
    const runner = createLastTaskRunner<string>({ retry: { attempts: 2, delay: 10, shouldRetry } });
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task));
    await advance(0);
    await advance(10);
    expect(outcome.value).toEqual({ status: 'error', error: failing.errors[1] });
    expect(shouldRetry).toHaveBeenCalledTimes(1);
  });
});

describe('T3 status', () => {
  test("T3 between attempts the status stays 'running' and no listener is called; the last failure ends 'error' with its error", async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 3, delay: 100 } });
    const rec = record(runner);
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task));
    await advance(0);
    expect(rec.statuses()).toEqual(['pending', 'running']);
    const running = runner.getSnapshot();

    await advance(50);
    expect(runner.getSnapshot()).toBe(running);
    await advance(50); // attempt 2
    expect(failing.task).toHaveBeenCalledTimes(2);
    expect(runner.getSnapshot()).toBe(running);
    expect(running).toEqual({ status: 'running', value: undefined, error: undefined });
    expect(rec.listener).toHaveBeenCalledTimes(2);

    await advance(100); // attempt 3, the last
    expect(outcome.value).toEqual({ status: 'error', error: failing.errors[2] });
    expect(rec.statuses()).toEqual(['pending', 'running', 'error']);
    expect(rec.snapshots[2]!.error).toBe(failing.errors[2]);
  });

  test("T3 success after failures: listeners see only 'pending', 'running', 'done'", async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 4, delay: 10 } });
    const rec = record(runner);
    const flaky = failsThen(3, 'ok');
    track(runner.run(flaky.task));
    await advance(0);
    await advance(10);
    await advance(10);
    await advance(10);
    expect(flaky.task).toHaveBeenCalledTimes(4);
    expect(rec.statuses()).toEqual(['pending', 'running', 'done']);
    expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'ok', error: undefined });
  });

  test('T3 the value of an earlier done task survives the retries and the final error', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 2, delay: 10 } });
    runner.run(() => 'kept');
    await advance(0);
    const failing = alwaysFails<string>();
    runner.run(failing.task);
    await advance(0);
    expect(runner.getSnapshot()).toEqual({ status: 'running', value: 'kept', error: undefined });
    await advance(10);
    expect(runner.getSnapshot()).toEqual({ status: 'error', value: 'kept', error: failing.errors[1] });
  });
});

describe('T4 stopping', () => {
  test("T4 in 'restart' mode a newer run() during the retry wait stops the retries at once: 'superseded', signal aborted, no further call", async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 5, delay: 1000 } });
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task));
    await advance(0);
    await advance(500); // in the retry wait
    const signal = failing.contexts[0]!.signal;

    const next = vi.fn(() => 'next');
    const nextOutcome = track(runner.run(next));
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(DOMException);
    expect((signal.reason as DOMException).name).toBe('AbortError');
    expect((signal.reason as DOMException).message).toContain('superseded');
    await flushMicrotasks(); // no time passes
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    await advance(0);
    expect(nextOutcome.value).toEqual({ status: 'done', value: 'next' });
    expect(vi.getTimerCount()).toBe(0);
    await advance(10_000);
    expect(failing.task).toHaveBeenCalledTimes(1);
  });

  test("T4 in 'restart' mode a newer run() during a later attempt aborts it, and it is not retried (shouldRetry is not asked)", async () => {
    const shouldRetry = vi.fn(() => true);
    const runner = createLastTaskRunner<string>({ retry: { attempts: 5, delay: 100, shouldRetry } });
    const g = controlledTask<string>();
    const outcome = track(runner.run(g.task));
    await advance(0);
    g.call(0).reject(new Error('one'));
    await advance(100);
    expect(g.task).toHaveBeenCalledTimes(2);

    runner.run(() => 'next');
    expect(g.call(1).ctx.signal.aborted).toBe(true);
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    g.call(1).reject(new Error('two, late'));
    await advance(1000);
    expect(g.task).toHaveBeenCalledTimes(2);
    expect(shouldRetry).toHaveBeenCalledTimes(1); // for the first failure only
    expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'next', error: undefined });
    expect(vi.getTimerCount()).toBe(0);
  });

  test("T4 cancel() during the retry wait: 'cancelled', signal aborted, status 'cancelled', no timer, no further call", async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 5, delay: 1000 } });
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task));
    await advance(0);
    await advance(300);
    const rec = record(runner);

    runner.cancel();
    const signal = failing.contexts[0]!.signal;
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).message).toContain('cancelled');
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(runner.getSnapshot()).toEqual({ status: 'cancelled', value: undefined, error: undefined });
    expect(rec.statuses()).toEqual(['cancelled']);
    expect(vi.getTimerCount()).toBe(0);
    await advance(10_000);
    expect(failing.task).toHaveBeenCalledTimes(1);
  });

  test("T4 dispose() during the retry wait: 'disposed', signal aborted, no timer, no further call, no listener call afterwards", async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 5, delay: 1000 } });
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task));
    await advance(0);
    await advance(300);
    const rec = record(runner);

    runner.dispose();
    const callsAtDispose = rec.listener.mock.calls.length;
    const signal = failing.contexts[0]!.signal;
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).message).toContain('disposed');
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(vi.getTimerCount()).toBe(0);
    await advance(10_000);
    expect(failing.task).toHaveBeenCalledTimes(1);
    expect(rec.listener).toHaveBeenCalledTimes(callsAtDispose);
  });

  test("T4 in 'restart' mode a lower-priority run() during the retry wait does not stop a higher-priority task's retries; it starts after them", async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 3, delay: 1000 } });
    const flaky = failsThen(1, 'high');
    const highOutcome = track(runner.run(flaky.task, { priority: 1 }));
    await advance(0);
    await advance(200); // in the retry wait

    const low = vi.fn((ctx: TaskContext<string>) => `low after ${ctx.previous}`);
    const lowOutcome = track(runner.run(low));
    expect(flaky.contexts[0]!.signal.aborted).toBe(false);
    await flushMicrotasks();
    expect(highOutcome.settled).toBe(false);
    expect(runner.getSnapshot().status).toBe('running');

    await advance(799); // t = 999 after the failure
    expect(flaky.task).toHaveBeenCalledTimes(1);
    expect(low).not.toHaveBeenCalled();
    await advance(1); // attempt 2 succeeds
    expect(flaky.task).toHaveBeenCalledTimes(2);
    expect(highOutcome.value).toEqual({ status: 'done', value: 'high' });
    expect(lowOutcome.value).toEqual({ status: 'done', value: 'low after high' });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('T4 a failure while only a lower-priority task waits is retried', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 3, delay: 100 } });
    const g = controlledTask<string>();
    const highOutcome = track(runner.run(g.task, { priority: 1 }));
    await advance(0);
    const low = vi.fn(() => 'low');
    const lowOutcome = track(runner.run(low)); // waits for the high task (P2)
    await advance(0);

    const failure = new Error('high failed once');
    g.call(0).reject(failure);
    await flushMicrotasks();
    expect(highOutcome.settled).toBe(false);
    expect(low).not.toHaveBeenCalled();
    await advance(100);
    expect(g.task).toHaveBeenCalledTimes(2);
    expect(g.call(1).ctx.attempt).toBe(2);
    g.call(1).resolve('high');
    await flushMicrotasks();
    expect(highOutcome.value).toEqual({ status: 'done', value: 'high' });
    expect(lowOutcome.value).toEqual({ status: 'done', value: 'low' });
  });

  test("T4 in 'keepLatest' mode a run() of equal priority during the retry wait supersedes the task", async () => {
    const runner = createLastTaskRunner<string>({ delay: 50, mode: 'keepLatest', retry: { attempts: 5, delay: 1000 } });
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task));
    await advance(50);
    await advance(100); // in the retry wait

    const next = vi.fn(() => 'next');
    const nextOutcome = track(runner.run(next));
    expect(failing.contexts[0]!.signal.aborted).toBe(true);
    expect((failing.contexts[0]!.signal.reason as DOMException).message).toContain('superseded');
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    await advance(49);
    expect(next).not.toHaveBeenCalled();
    await advance(1); // the new task's own delay
    expect(nextOutcome.value).toEqual({ status: 'done', value: 'next' });
    expect(vi.getTimerCount()).toBe(0);
    await advance(10_000);
    expect(failing.task).toHaveBeenCalledTimes(1);
  });

  test("T4 in 'keepLatest' mode a run() of higher priority during the retry wait supersedes the task", async () => {
    const runner = createLastTaskRunner<string>({ mode: 'keepLatest', retry: { attempts: 5, delay: 1000 } });
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task, { priority: 1 }));
    await advance(0);
    await advance(100);
    const nextOutcome = track(runner.run(() => 'next', { priority: 2 }));
    await advance(0);
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(nextOutcome.value).toEqual({ status: 'done', value: 'next' });
    await advance(10_000);
    expect(failing.task).toHaveBeenCalledTimes(1);
  });

  test("T4 in 'keepLatest' mode a run() of lower priority during the retry wait does not stop the retries", async () => {
    const runner = createLastTaskRunner<string>({ mode: 'keepLatest', retry: { attempts: 3, delay: 1000 } });
    const flaky = failsThen(1, 'high');
    const highOutcome = track(runner.run(flaky.task, { priority: 1 }));
    await advance(0);
    await advance(100);
    const low = vi.fn(() => 'low');
    const lowOutcome = track(runner.run(low));
    await flushMicrotasks();
    expect(flaky.contexts[0]!.signal.aborted).toBe(false);
    expect(highOutcome.settled).toBe(false);
    await advance(900);
    expect(flaky.task).toHaveBeenCalledTimes(2);
    expect(highOutcome.value).toEqual({ status: 'done', value: 'high' });
    expect(lowOutcome.value).toEqual({ status: 'done', value: 'low' });
  });

  test("T4 in 'keepLatest' mode a failure while a newer task of equal priority waits is not retried: it ends 'error' and the newer one starts", async () => {
    const shouldRetry = vi.fn(() => true);
    const runner = createLastTaskRunner<string>({
      mode: 'keepLatest',
      retry: { attempts: 5, delay: 100, shouldRetry },
    });
    const g = controlledTask<string>();
    const outcome = track(runner.run(g.task));
    await advance(0);
    const next = vi.fn(() => 'next');
    const nextOutcome = track(runner.run(next));
    await advance(10); // the newer task's delay has passed; it waits

    const failure = new Error('first failed');
    g.call(0).reject(failure);
    await flushMicrotasks(); // no time passes
    expect(outcome.value).toEqual({ status: 'error', error: failure });
    expect(shouldRetry).not.toHaveBeenCalled();
    expect(next).toHaveBeenCalledTimes(1);
    expect(nextOutcome.value).toEqual({ status: 'done', value: 'next' });
    await advance(1000);
    expect(g.task).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("T4 in 'keepLatest' mode a failure while a newer task of higher priority waits is not retried", async () => {
    const runner = createLastTaskRunner<string>({
      delay: 100,
      mode: 'keepLatest',
      retry: { attempts: 5, delay: 10 },
    });
    const g = controlledTask<string>();
    const outcome = track(runner.run(g.task));
    await advance(100);
    const next = vi.fn(() => 'next');
    const nextOutcome = track(runner.run(next, { priority: 3 })); // due 100 ms later
    await advance(20);

    const failure = new Error('first failed');
    g.call(0).reject(failure);
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'error', error: failure });
    expect(runner.getSnapshot().status).toBe('pending');
    await advance(10); // when a retry would have come
    expect(g.task).toHaveBeenCalledTimes(1);
    await advance(70); // the newer task's own delay
    expect(next).toHaveBeenCalledTimes(1);
    expect(nextOutcome.value).toEqual({ status: 'done', value: 'next' });
    expect(vi.getTimerCount()).toBe(0);
  });

  test("T4 in 'keepLatest' mode a failure while only a lower-priority task waits is retried", async () => {
    const runner = createLastTaskRunner<string>({ mode: 'keepLatest', retry: { attempts: 5, delay: 100 } });
    const g = controlledTask<string>();
    const outcome = track(runner.run(g.task, { priority: 1 }));
    await advance(0);
    const next = vi.fn(() => 'next');
    const nextOutcome = track(runner.run(next));
    await advance(10);
    g.call(0).reject(new Error('first failed'));
    await flushMicrotasks();
    expect(outcome.settled).toBe(false);
    expect(next).not.toHaveBeenCalled();
    await advance(100);
    expect(g.task).toHaveBeenCalledTimes(2);
    g.call(1).resolve('first');
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'done', value: 'first' });
    expect(nextOutcome.value).toEqual({ status: 'done', value: 'next' });
  });

  test('T4 a signal aborted during the retry wait is aborted exactly once, whatever follows (R16)', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 5, delay: 1000 } });
    const failing = alwaysFails<string>();
    runner.run(failing.task);
    await advance(0);
    const signal = failing.contexts[0]!.signal;
    const onAbort = vi.fn();
    signal.addEventListener('abort', onAbort);
    runner.cancel();
    runner.cancel();
    runner.run(() => 'x');
    runner.dispose();
    await advance(5000);
    expect(onAbort).toHaveBeenCalledTimes(1);
    expect((signal.reason as DOMException).message).toContain('cancelled');
    expect(failing.task).toHaveBeenCalledTimes(1);
  });

  /** A runner whose retry.shouldRetry or retry.delay calls run() with a newer task, once, between attempts. */
  function runFromRetryCallback(which: 'shouldRetry' | 'delay', mode: 'restart' | 'keepLatest') {
    let runner!: ReturnType<typeof createLastTaskRunner<string>>;
    const newer = vi.fn(() => 'newer');
    const box: { newerOutcome?: Promise<Outcome<string>> } = {};
    const callRun = () => {
      box.newerOutcome ??= runner.run(newer);
    };
    const retry: RetryOptions =
      which === 'shouldRetry'
        ? {
            attempts: 5,
            delay: 100,
            shouldRetry: () => {
              callRun();
              return true;
            },
          }
        : {
            attempts: 5,
            delay: () => {
              callRun();
              return 100;
            },
          };
    runner = createLastTaskRunner<string>({ mode, retry });
    return { runner, newer, box };
  }

  test.each(['shouldRetry', 'delay'] as const)(
    "T4 in 'keepLatest' mode a run() made from inside retry.%s (between attempts) is not followed by a retry of the failed task",
    async (which) => {
      const { runner, newer, box } = runFromRetryCallback(which, 'keepLatest');
      const failing = alwaysFails<string>();
      const outcome = track(runner.run(failing.task));
      await advance(0);
      expect(box.newerOutcome).toBeDefined();
      await advance(1000);
      // The newer task of equal priority came while the failed one was between attempts: the failed task
      // must not be called again (T4), and the newer one runs.
      expect(failing.task).toHaveBeenCalledTimes(1);
      expect(newer).toHaveBeenCalledTimes(1);
      expect(await box.newerOutcome).toEqual({ status: 'done', value: 'newer' });
      expect(outcome.settled).toBe(true);
      expect(['error', 'cancelled']).toContain((outcome.value as Outcome<string>).status);
      expect(vi.getTimerCount()).toBe(0);
    },
  );

  test.each(['shouldRetry', 'delay'] as const)(
    "T4 in 'restart' mode a run() made from inside retry.%s supersedes the failed task: no retry",
    async (which) => {
      const { runner, box } = runFromRetryCallback(which, 'restart');
      const failing = alwaysFails<string>();
      const outcome = track(runner.run(failing.task));
      await advance(0);
      await advance(1000);
      expect(failing.task).toHaveBeenCalledTimes(1);
      expect(outcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
      expect(await box.newerOutcome).toEqual({ status: 'done', value: 'newer' });
      expect(vi.getTimerCount()).toBe(0);
    },
  );

  test('T4 a run() that throws for bad input during the retry wait stops nothing', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 3, delay: 100 } });
    const flaky = failsThen(1, 'ok');
    const outcome = track(runner.run(flaky.task));
    await advance(0);
    expect(() => runner.run(() => 'bad', unsafe<RunOptions>({ delay: -1 }))).toThrow(RangeError);
    expect(() => runner.run(() => 'bad', unsafe<RunOptions>({ priority: NaN }))).toThrow(RangeError);
    expect(flaky.contexts[0]!.signal.aborted).toBe(false);
    await advance(100);
    expect(outcome.value).toEqual({ status: 'done', value: 'ok' });
  });
});

describe('T5 flush', () => {
  test('T5 flush() with nothing waiting, during the retry wait, starts the next attempt at once and returns the run() promise', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 3, delay: 1000 } });
    const g = controlledTask<string>();
    const fromRun = runner.run(g.task);
    const outcome = track(fromRun);
    await advance(0);
    g.call(0).reject(new Error('one'));
    await advance(100);

    const fromFlush = runner.flush();
    expect(g.task).toHaveBeenCalledTimes(2); // before flush() returns
    expect(fromFlush).toBe(fromRun);
    expect(g.call(1).ctx.attempt).toBe(2);
    expect(g.call(1).ctx.signal).toBe(g.call(0).ctx.signal);
    g.call(1).resolve('two');
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'done', value: 'two' });
    expect(vi.getTimerCount()).toBe(0); // the wait's timer is gone
    await advance(5000);
    expect(g.task).toHaveBeenCalledTimes(2);
  });

  test('T5 after a flushed attempt fails, the next wait is the one for that attempt', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 3 } });
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task));
    await advance(0);
    await advance(10);
    void runner.flush(); // attempt 2 fails at once
    expect(failing.task).toHaveBeenCalledTimes(2);
    await advance(1999);
    expect(failing.task).toHaveBeenCalledTimes(2);
    await advance(1);
    expect(failing.task).toHaveBeenCalledTimes(3);
    expect(outcome.value).toEqual({ status: 'error', error: failing.errors[2] });
    expect(vi.getTimerCount()).toBe(0);
  });

  test("T5 flush() during the retry wait in 'keepLatest' mode starts the next attempt at once", async () => {
    const runner = createLastTaskRunner<string>({ mode: 'keepLatest', retry: { attempts: 3, delay: 1000 } });
    const flaky = failsThen(1, 'ok');
    const fromRun = runner.run(flaky.task);
    await advance(0);
    expect(runner.flush()).toBe(fromRun);
    expect(flaky.task).toHaveBeenCalledTimes(2);
    expect(await fromRun).toEqual({ status: 'done', value: 'ok' });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('T6 failing options', () => {
  test("T6 a shouldRetry that throws ends the task 'error' with what it threw", async () => {
    const thrown = new Error('shouldRetry broke');
    const runner = createLastTaskRunner<string>({
      retry: {
        attempts: 5,
        delay: 10,
        shouldRetry: () => {
          throw thrown;
        },
      },
    });
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task));
    await advance(0);
    expect(outcome.value).toEqual({ status: 'error', error: thrown });
    expect(runner.getSnapshot()).toEqual({ status: 'error', value: undefined, error: thrown });
    expect(vi.getTimerCount()).toBe(0);
    await advance(100);
    expect(failing.task).toHaveBeenCalledTimes(1);
  });

  test("T6 a delay function that throws ends the task 'error' with what it threw", async () => {
    const thrown = new Error('delay broke');
    const runner = createLastTaskRunner<string>({
      retry: {
        attempts: 5,
        delay: () => {
          throw thrown;
        },
      },
    });
    const failing = alwaysFails<string>();
    const outcome = track(runner.run(failing.task));
    await advance(0);
    expect(outcome.value).toEqual({ status: 'error', error: thrown });
    expect(runner.getSnapshot().error).toBe(thrown);
    expect(vi.getTimerCount()).toBe(0);
    await advance(60_000);
    expect(failing.task).toHaveBeenCalledTimes(1);
  });

  test.each([
    [-1, '-1'],
    [undefined, 'undefined'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    ['10', '10'],
    [null, 'null'],
  ])(
    "T6 a delay function that returns %s ends the task 'error' with a RangeError naming retry.delay()",
    async (returned, shown) => {
      const runner = createLastTaskRunner<string>({
        retry: { attempts: 5, delay: unsafe<() => number>(() => returned) },
      });
      const failing = alwaysFails<string>();
      const outcome = track(runner.run(failing.task));
      await advance(0);
      expect(outcome.settled).toBe(true);
      const result = outcome.value as Outcome<string>;
      expect(result.status).toBe('error');
      const error = (result as { error: unknown }).error;
      expect(error).toBeInstanceOf(RangeError);
      expect((error as RangeError).message).toContain('retry.delay()');
      expect((error as RangeError).message).toContain(shown);
      expect(runner.getSnapshot()).toEqual({ status: 'error', value: undefined, error });
      expect(vi.getTimerCount()).toBe(0);
      await advance(60_000);
      expect(failing.task).toHaveBeenCalledTimes(1);
    },
  );

  test('T6 a delay function that returns 0 is fine: the next attempt comes after a zero wait', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 2, delay: () => 0 } });
    const flaky = failsThen(1, 'ok');
    const outcome = track(runner.run(flaky.task));
    await advance(0);
    // The fake clock turns a 0 ms timeout set during a tick into 1 ms (as Node does for real).
    await advance(1);
    expect(flaky.task).toHaveBeenCalledTimes(2);
    expect(outcome.value).toEqual({ status: 'done', value: 'ok' });
  });
});

describe('T7 no leaks', () => {
  test('T7 no timer is left after a task settles after retries, is superseded, cancelled or disposed in a retry wait', async () => {
    const options: RunnerOptions = { retry: { attempts: 3, delay: 500 } };

    const settled = createLastTaskRunner<string>(options);
    const failing = alwaysFails<string>();
    track(settled.run(failing.task));
    await advance(0);
    expect(vi.getTimerCount()).toBe(1); // the retry wait
    await advance(1000);
    expect(failing.task).toHaveBeenCalledTimes(3);
    expect(vi.getTimerCount()).toBe(0);

    const cancelled = createLastTaskRunner<string>(options);
    cancelled.run(alwaysFails<string>().task);
    await advance(0);
    cancelled.cancel();
    expect(vi.getTimerCount()).toBe(0);

    const disposed = createLastTaskRunner<string>(options);
    disposed.run(alwaysFails<string>().task);
    await advance(0);
    disposed.dispose();
    expect(vi.getTimerCount()).toBe(0);

    const superseded = createLastTaskRunner<string>(options);
    superseded.run(alwaysFails<string>().task);
    await advance(0);
    superseded.run(() => 'x', { delay: 0 });
    await advance(0);
    expect(superseded.getSnapshot().status).toBe('done');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('retries on lanes', () => {
  test('T2 a retry option on createLastTaskLanes applies per lane; other lanes run, settle and cancel without touching it', async () => {
    const lanes = createLastTaskLanes<string, string>({ retry: { attempts: 3, delay: 100 } });
    const calls: string[] = [];
    const listener = vi.fn((key: string) => calls.push(`${key}:${lanes.getSnapshot(key).status}`));
    lanes.subscribe(listener);

    const flaky = failsThen(2, 'a done');
    const aOutcome = track(lanes.run('a', flaky.task));
    await advance(0);
    expect(flaky.task).toHaveBeenCalledTimes(1);

    const bOutcome = track(lanes.run('b', () => 'b done'));
    const c = controlledTask<string>();
    const cOutcome = track(lanes.run('c', c.task));
    await advance(50);
    expect(bOutcome.value).toEqual({ status: 'done', value: 'b done' });
    lanes.cancel('c');
    await flushMicrotasks();
    expect(cOutcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(flaky.contexts[0]!.signal.aborted).toBe(false);
    expect(lanes.getSnapshot('a').status).toBe('running');
    expect(lanes.size).toBe(1);

    await advance(50); // attempt 2
    await advance(100); // attempt 3 succeeds
    expect(flaky.task).toHaveBeenCalledTimes(3);
    expect(flaky.contexts.map((ctx) => [ctx.attempt, ctx.seq])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    expect(flaky.contexts[2]!.signal).toBe(flaky.contexts[0]!.signal);
    expect(aOutcome.value).toEqual({ status: 'done', value: 'a done' });
    expect(calls.filter((s) => s.startsWith('a:'))).toEqual(['a:pending', 'a:running', 'a:done']);
    expect(lanes.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('T3 a lane ends error after its last attempt; the aggregate stays running between attempts', async () => {
    const lanes = createLastTaskLanes<string, string>({ retry: { attempts: 2, delay: 100 } });
    const failing = alwaysFails<string>();
    const outcome = track(lanes.run('a', failing.task));
    await advance(0);
    expect(lanes.getStatus()).toBe('running');
    await advance(99);
    expect(lanes.getStatus()).toBe('running');
    await advance(1);
    expect(outcome.value).toEqual({ status: 'error', error: failing.errors[1] });
    expect(lanes.getSnapshot('a')).toEqual({ status: 'error', value: undefined, error: failing.errors[1] });
    expect(lanes.getStatus()).toBe('error');
    expect(lanes.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("T4 cancel(key) and dispose() stop a lane's retries: no timer left, no further call", async () => {
    const lanes = createLastTaskLanes<string, string>({ retry: { attempts: 5, delay: 1000 } });
    const a = alwaysFails<string>();
    const b = alwaysFails<string>();
    const aOutcome = track(lanes.run('a', a.task));
    const bOutcome = track(lanes.run('b', b.task));
    await advance(0);
    await advance(100);
    lanes.cancel('a');
    await flushMicrotasks();
    expect(aOutcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(a.contexts[0]!.signal.aborted).toBe(true);
    expect(bOutcome.settled).toBe(false);
    expect(lanes.size).toBe(1);
    lanes.dispose();
    await flushMicrotasks();
    expect(bOutcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(lanes.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    await advance(10_000);
    expect(a.task).toHaveBeenCalledTimes(1);
    expect(b.task).toHaveBeenCalledTimes(1);
  });

  test("T4 a newer run() on the same lane during the retry wait supersedes it ('restart')", async () => {
    const lanes = createLastTaskLanes<string, string>({ retry: { attempts: 5, delay: 1000 } });
    const a = alwaysFails<string>();
    const outcome = track(lanes.run('a', a.task));
    await advance(0);
    const next = track(lanes.run('a', () => 'next'));
    await advance(0);
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(next.value).toEqual({ status: 'done', value: 'next' });
    await advance(10_000);
    expect(a.task).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('T5 lanes.flush(key) and lanes.flush() during a retry wait start the next attempt at once', async () => {
    const lanes = createLastTaskLanes<string, string>({ retry: { attempts: 3, delay: 1000 } });
    const a = failsThen(1, 'a');
    const b = failsThen(1, 'b');
    const fromRunA = lanes.run('a', a.task);
    lanes.run('b', b.task);
    await advance(0);
    expect(lanes.flush('a')).toBe(fromRunA);
    expect(a.task).toHaveBeenCalledTimes(2);
    expect(b.task).toHaveBeenCalledTimes(1);
    await flushMicrotasks(); // lane a settles and is released
    expect(lanes.size).toBe(1);
    const all = lanes.flush();
    expect(b.task).toHaveBeenCalledTimes(2);
    expect(await all).toEqual([{ status: 'done', value: 'b' }]);
    expect(await fromRunA).toEqual({ status: 'done', value: 'a' });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('T1 bad input: the messages say what was expected', () => {
  test('T1 retry that is not an object, attempts out of range, a delay function returning nothing', async () => {
    expect(messageOf(() => createLastTaskRunner(unsafe<RunnerOptions>({ retry: 3 })))).toBe(
      'react-last-task: retry must be an object, got 3',
    );
    expect(messageOf(() => createLastTaskRunner({ retry: { attempts: 1.5 } }))).toBe(
      'react-last-task: retry.attempts must be an integer >= 1 or Infinity, got 1.5',
    );
    const runner = createLastTaskRunner<string>({
      retry: { attempts: 2, delay: unsafe<() => number>(() => undefined) },
    });
    const outcome = track(
      runner.run(() => {
        throw new Error('down');
      }),
    );
    await advance(0);
    expect(outcome.value).toMatchObject({ status: 'error' });
    expect(String((outcome.value as { error: unknown }).error)).toBe(
      'RangeError: react-last-task: retry.delay() must be a finite number >= 0, got undefined',
    );
  });

  test('T1 attempts must be a number: the string "Infinity" (which == Infinity) is refused', () => {
    expect(messageOf(() => createLastTaskRunner({ retry: { attempts: unsafe<number>('Infinity') } }))).toBe(
      'react-last-task: retry.attempts must be an integer >= 1 or Infinity, got "Infinity"',
    );
  });

  test('T1 retry.delay 0 retries on the next timer, not after the default backoff', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 2, delay: 0 } });
    let calls = 0;
    const outcome = track(
      runner.run(() => {
        if (++calls === 1) throw new Error('once');
        return 'second';
      }),
    );
    await advance(0);
    await advance(1); // a 0 ms timer set inside a timer callback fires 1 ms later under fake timers
    expect(calls).toBe(2);
    expect(outcome.value).toEqual({ status: 'done', value: 'second' });
  });
});

describe('T5 R15 flush() while the running task waits to retry, and the retry re-enters the runner', () => {
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
