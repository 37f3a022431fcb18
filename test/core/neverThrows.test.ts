import { expect, test, vi } from 'vitest';
import { createLastTaskRunner, type Outcome } from '../../src/index';
import { advance, deferred, flushMicrotasks, track, withRunnerTestEnv } from '../helpers/core';

withRunnerTestEnv();

test('R12 run() never rejects: done, sync throw, rejection, superseded, cancelled and disposed all resolve to an Outcome', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10 });
  const results: Array<Promise<Outcome<string>>> = [];

  results.push(runner.run(() => 'done'));
  await advance(10);
  results.push(
    runner.run(() => {
      throw new Error('sync');
    }),
  );
  await advance(10);
  results.push(runner.run(() => Promise.reject(new Error('async'))));
  await advance(10);
  results.push(runner.run(() => 'superseded'));
  results.push(runner.run(() => 'cancelled'));
  runner.cancel();
  results.push(runner.run(() => new Promise<string>(() => {})));
  await advance(10);
  runner.dispose();
  results.push(runner.run(() => 'after dispose'));

  const settled = await Promise.allSettled(results);
  expect(settled.every((s) => s.status === 'fulfilled')).toBe(true);
  expect(settled.map((s) => (s.status === 'fulfilled' ? s.value.status : 'rejected'))).toEqual([
    'done',
    'error',
    'error',
    'cancelled',
    'cancelled',
    'cancelled',
    'cancelled',
  ]);
});

test('R12 a task that throws synchronously does not throw out of the timer that starts it', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10 });
  const failure = new Error('sync failure');
  const outcome = track(
    runner.run(() => {
      throw failure;
    }),
  );
  let escaped: unknown;
  await vi.advanceTimersByTimeAsync(10).catch((error: unknown) => {
    escaped = error;
  });
  expect(escaped).toBeUndefined();
  await flushMicrotasks();
  expect(outcome.value).toEqual({ status: 'error', error: failure });
});

test('R12 a task that throws synchronously does not throw out of run() or flush()', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10 });
  const failure = new Error('sync failure');
  const throwing = () => {
    throw failure;
  };
  let fromRun: Promise<Outcome<string>> | undefined;
  expect(() => {
    fromRun = runner.run(throwing);
  }).not.toThrow();
  expect(() => runner.flush()).not.toThrow();
  expect(await fromRun).toEqual({ status: 'error', error: failure });
});

test('R12 a failing task whose run() promise nobody awaits causes no unhandled rejection', async () => {
  const runner = createLastTaskRunner<string>();
  runner.run(() => Promise.reject(new Error('ignored async failure')));
  await advance(0);
  runner.run(() => {
    throw new Error('ignored sync failure');
  });
  await advance(0);
  expect(runner.getSnapshot().status).toBe('error');
  // the unhandled-rejection check runs after the test (withRunnerTestEnv)
});

test('R12 a task started after a keepLatest predecessor settles may throw synchronously without escaping', async () => {
  const runner = createLastTaskRunner<string>({ mode: 'keepLatest' });
  const gate = deferred<string>();
  runner.run(() => gate.promise);
  await advance(0);
  const failure = new Error('sync failure in a chained start');
  const outcome = track(
    runner.run(() => {
      throw failure;
    }),
  );
  await advance(10);
  gate.resolve('first');
  await advance(0);
  expect(outcome.value).toEqual({ status: 'error', error: failure });
  expect(runner.getSnapshot()).toEqual({ status: 'error', value: 'first', error: failure });
});

test('R12 a task that throws synchronously after being aborted in its own body resolves cancelled, without escaping', async () => {
  const runner = createLastTaskRunner<string>();
  const outcome = track(
    runner.run(() => {
      runner.cancel();
      throw new Error('thrown after cancel');
    }),
  );
  await advance(0);
  expect(outcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
  expect(runner.getSnapshot().status).toBe('cancelled');
});

test('R12 flush() never rejects, also when it returns a running task that later fails', async () => {
  const runner = createLastTaskRunner<string>();
  const gate = deferred<string>();
  runner.run(() => gate.promise);
  await advance(0);
  const fromFlush = track(runner.flush());
  const failure = new Error('failed');
  gate.reject(failure);
  await flushMicrotasks();
  expect(fromFlush.rejected).toBe(false);
  expect(fromFlush.value).toEqual({ status: 'error', error: failure });
});
