import { expect, test, vi } from 'vitest';
import { createLastTaskRunner, type TaskContext } from '../../src/index';
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

test("R8 cancel() drops the pending task: it never starts, its promise resolves cancelled, status 'cancelled'", async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const task = vi.fn(() => 'never');
  const outcome = track(runner.run(task));
  const recorder = record(runner);

  runner.cancel();
  expect(runner.getSnapshot().status).toBe('cancelled');
  await flushMicrotasks();
  expect(outcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
  await advance(1000);
  expect(task).not.toHaveBeenCalled();
  expect(recorder.statuses()).toEqual(['cancelled']);
});

test('R8 cancel() aborts the running task at once; its promise resolves cancelled before the task settles', async () => {
  const runner = createLastTaskRunner<string>();
  const gate = deferred<string>();
  let signal: AbortSignal | undefined;
  const outcome = track(
    runner.run((ctx) => {
      signal = ctx.signal;
      return gate.promise;
    }),
  );
  await advance(0);
  expect(signal?.aborted).toBe(false);

  runner.cancel();
  expect(signal?.aborted).toBe(true);
  expect(runner.getSnapshot().status).toBe('cancelled');
  await flushMicrotasks();
  expect(outcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
});

test('R8 what a cancelled running task later returns or throws changes nothing', async () => {
  const runner = createLastTaskRunner<string>();
  runner.run(() => 'kept');
  await advance(0);
  const resolving = deferred<string>();
  runner.run(() => resolving.promise);
  await advance(0);
  runner.cancel();
  const recorder = record(runner);
  const cancelled = runner.getSnapshot();
  expect(cancelled).toEqual({ status: 'cancelled', value: 'kept', error: undefined });

  resolving.resolve('late');
  await flushMicrotasks();
  expect(runner.getSnapshot()).toBe(cancelled);

  const rejecting = deferred<string>();
  runner.run(() => rejecting.promise);
  await advance(0);
  runner.cancel();
  const cancelledAgain = runner.getSnapshot();
  rejecting.reject(new Error('late failure'));
  await flushMicrotasks();
  expect(runner.getSnapshot()).toBe(cancelledAgain);
  expect(cancelledAgain).toEqual({ status: 'cancelled', value: 'kept', error: undefined });
  expectEveryCallAChange(recorder);
});

test('R8 in keepLatest mode cancel() drops the waiting task and aborts the running one; both resolve cancelled', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10, mode: 'keepLatest' });
  const gate = deferred<string>();
  let signal: AbortSignal | undefined;
  const running = track(
    runner.run((ctx) => {
      signal = ctx.signal;
      return gate.promise;
    }),
  );
  await advance(10);
  const waitingTask = vi.fn(() => 'waiting');
  const waiting = track(runner.run(waitingTask));

  runner.cancel();
  expect(signal?.aborted).toBe(true);
  await flushMicrotasks();
  expect(running.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
  expect(waiting.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
  expect(runner.getSnapshot().status).toBe('cancelled');

  gate.resolve('late');
  await advance(1000);
  expect(waitingTask).not.toHaveBeenCalled();
  expect(runner.getSnapshot().status).toBe('cancelled');
});

test("R8 with nothing pending or running cancel() changes nothing: a 'done' runner stays 'done'", async () => {
  const runner = createLastTaskRunner<string>();
  const outcome = track(runner.run(() => 'value'));
  await advance(0);
  const done = runner.getSnapshot();
  const recorder = record(runner);

  runner.cancel();
  expect(runner.getSnapshot()).toBe(done);
  expect(done).toEqual({ status: 'done', value: 'value', error: undefined });
  expect(recorder.listener).not.toHaveBeenCalled();
  expect(outcome.value).toEqual({ status: 'done', value: 'value' });
});

test("R8 with nothing pending or running cancel() changes nothing: idle, 'error' and 'cancelled' runners stay as they are", async () => {
  const runner = createLastTaskRunner<string>();
  const recorder = record(runner);
  const idle = runner.getSnapshot();
  runner.cancel();
  expect(runner.getSnapshot()).toBe(idle);
  expect(idle.status).toBe('idle');

  const failure = new Error('failed');
  runner.run(() => Promise.reject(failure));
  await advance(0);
  const errored = runner.getSnapshot();
  const callsBefore = recorder.listener.mock.calls.length;
  runner.cancel();
  expect(runner.getSnapshot()).toBe(errored);
  expect(errored).toEqual({ status: 'error', value: undefined, error: failure });

  runner.run(() => 'x');
  runner.cancel();
  const cancelled = runner.getSnapshot();
  const callsAfterFirstCancel = recorder.listener.mock.calls.length;
  runner.cancel();
  expect(runner.getSnapshot()).toBe(cancelled);
  expect(recorder.listener.mock.calls.length).toBe(callsAfterFirstCancel);
  expect(callsAfterFirstCancel).toBe(callsBefore + 2); // pending, cancelled
});

test("R8 cancel() after an error clears the error: status 'cancelled', error undefined, value kept", async () => {
  const runner = createLastTaskRunner<string>();
  runner.run(() => 'kept');
  await advance(0);
  runner.run(() => Promise.reject(new Error('failed')));
  await advance(0);
  expect(runner.getSnapshot().status).toBe('error');

  runner.run(() => 'dropped');
  runner.cancel();
  expect(runner.getSnapshot()).toEqual({ status: 'cancelled', value: 'kept', error: undefined });
});

test('R8 after cancel() the runner works as usual for the next run()', async () => {
  const runner = createLastTaskRunner<string>({ delay: 50 });
  runner.run(() => 'dropped');
  runner.cancel();
  const next = vi.fn((ctx: TaskContext<string>) => `seq ${ctx.seq}`);
  const outcome = track(runner.run(next));
  expect(runner.getSnapshot().status).toBe('pending');
  await advance(50);
  expect(outcome.value).toEqual({ status: 'done', value: 'seq 2' });
  expect(runner.getSnapshot().status).toBe('done');
});
