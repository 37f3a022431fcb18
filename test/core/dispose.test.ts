import { expect, test, vi } from 'vitest';
import { createLastTaskRunner, type TaskContext } from '../../src/index';
import { advance, deferred, flushMicrotasks, record, track, withRunnerTestEnv } from '../helpers/core';

withRunnerTestEnv();

test("R9 dispose() drops the pending task: it never starts and its promise resolves cancelled with reason 'disposed'", async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const task = vi.fn(() => 'never');
  const outcome = track(runner.run(task));

  runner.dispose();
  await flushMicrotasks();
  expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
  expect(runner.getSnapshot().status).toBe('cancelled');
  await advance(1000);
  expect(task).not.toHaveBeenCalled();
});

test("R9 dispose() aborts the running task at once; its promise resolves cancelled with reason 'disposed'", async () => {
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

  runner.dispose();
  expect(signal?.aborted).toBe(true);
  await flushMicrotasks();
  expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
  expect(runner.getSnapshot().status).toBe('cancelled');
});

test("R9 in keepLatest mode dispose() resolves both the running and the waiting task 'disposed'", async () => {
  const runner = createLastTaskRunner<string>({ delay: 10, mode: 'keepLatest' });
  const gate = deferred<string>();
  const running = track(runner.run(() => gate.promise));
  await advance(10);
  const waitingTask = vi.fn(() => 'waiting');
  const waiting = track(runner.run(waitingTask));

  runner.dispose();
  await flushMicrotasks();
  expect(running.value).toEqual({ status: 'cancelled', reason: 'disposed' });
  expect(waiting.value).toEqual({ status: 'cancelled', reason: 'disposed' });
  gate.resolve('late');
  await advance(1000);
  expect(waitingTask).not.toHaveBeenCalled();
});

test("R9 after dispose() every run() resolves cancelled 'disposed' at once, without calling its task or creating a timer", async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  runner.dispose();
  const before = runner.getSnapshot();

  const tasks = [vi.fn(() => 'a'), vi.fn(() => 'b')];
  const outcomes = [track(runner.run(tasks[0]!)), track(runner.run(tasks[1]!, { delay: 0 }))];
  expect(vi.getTimerCount()).toBe(0);
  await flushMicrotasks(); // no time passes
  for (const outcome of outcomes) {
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
  }
  await advance(1000);
  for (const task of tasks) expect(task).not.toHaveBeenCalled();
  expect(runner.getSnapshot()).toBe(before);
});

test('R9 after dispose() no listener is called again, whatever happens', async () => {
  const runner = createLastTaskRunner<string>();
  const gate = deferred<string>();
  runner.run(() => gate.promise);
  await advance(0);
  const recorder = record(runner);

  runner.dispose();
  const callsAtDispose = recorder.listener.mock.calls.length;
  expect(callsAtDispose).toBeLessThanOrEqual(1);
  const disposed = runner.getSnapshot();

  gate.resolve('late');
  await flushMicrotasks();
  runner.run(() => 'after');
  await advance(100);
  runner.cancel();
  await runner.flush();
  runner.dispose();
  await advance(100);

  expect(recorder.listener).toHaveBeenCalledTimes(callsAtDispose);
  expect(runner.getSnapshot()).toBe(disposed);
});

test('R9 a listener subscribed after dispose() is never called', async () => {
  const runner = createLastTaskRunner<string>();
  runner.dispose();
  const listener = vi.fn();
  const unsubscribe = runner.subscribe(listener);
  expect(typeof unsubscribe).toBe('function');
  runner.run(() => 'after');
  await advance(100);
  unsubscribe();
  expect(listener).not.toHaveBeenCalled();
});

test("R9 dispose() of a settled runner keeps its snapshot (nothing to cancel), and run() afterwards still resolves 'disposed'", async () => {
  const runner = createLastTaskRunner<string>();
  runner.run(() => 'value');
  await advance(0);
  const done = runner.getSnapshot();

  runner.dispose();
  expect(runner.getSnapshot()).toBe(done);
  expect(done).toEqual({ status: 'done', value: 'value', error: undefined });
  const task = vi.fn(() => 'after');
  expect(await runner.run(task)).toEqual({ status: 'cancelled', reason: 'disposed' });
  expect(task).not.toHaveBeenCalled();
});

test('R9 dispose() keeps the last done value in the snapshot and may be called twice', async () => {
  const runner = createLastTaskRunner<string>();
  runner.run(() => 'kept');
  await advance(0);
  runner.run(() => 'dropped');

  runner.dispose();
  expect(() => runner.dispose()).not.toThrow();
  expect(runner.getSnapshot()).toEqual({ status: 'cancelled', value: 'kept', error: undefined });
});

test('R9 a task running when the runner is disposed never commits its late result', async () => {
  const runner = createLastTaskRunner<string>();
  const gate = deferred<string>();
  const outcome = track(runner.run(() => gate.promise));
  await advance(0);
  runner.dispose();
  const disposed = runner.getSnapshot();
  gate.reject(new Error('late failure'));
  await flushMicrotasks();
  expect(runner.getSnapshot()).toBe(disposed);
  expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
});

test('R9 a task that calls run() on its runner after dispose gets a disposed outcome and nothing starts', async () => {
  const runner = createLastTaskRunner<string>();
  const inner = vi.fn(() => 'inner');
  let innerOutcome: Promise<unknown> | undefined;
  const gate = deferred<void>();
  runner.run(async (ctx: TaskContext<string>) => {
    await gate.promise;
    innerOutcome = runner.run(inner);
    return String(ctx.seq);
  });
  await advance(0);
  runner.dispose();
  gate.resolve();
  await advance(100);
  expect(await innerOutcome).toEqual({ status: 'cancelled', reason: 'disposed' });
  expect(inner).not.toHaveBeenCalled();
});
