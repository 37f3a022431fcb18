import { expect, test, vi } from 'vitest';
import { createLastTaskRunner, type TaskContext, type TaskStatus } from '../../src/index';
import { advance, deferred, flushMicrotasks, track, withRunnerTestEnv } from '../helpers/core';

withRunnerTestEnv();

test('R7 flush() calls the pending task before it returns and returns the same promise run() returned', async () => {
  const runner = createLastTaskRunner<string>({ delay: 1000 });
  const task = vi.fn(() => 'flushed');
  const fromRun = runner.run(task);

  const fromFlush = runner.flush();
  expect(task).toHaveBeenCalledTimes(1);
  expect(fromFlush).toBe(fromRun);
  expect(await fromFlush).toEqual({ status: 'done', value: 'flushed' });
});

test("R7 a flushed task sees status 'running' in its first line", async () => {
  const runner = createLastTaskRunner<string>({ delay: 1000 });
  let seen: TaskStatus | undefined;
  runner.run(() => {
    seen = runner.getSnapshot().status;
    return 'x';
  });
  runner.flush();
  expect(seen).toBe('running');
});

test('R7 a flushed task is not started a second time when its delay would have passed', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const task = vi.fn(() => 'once');
  runner.run(task);
  runner.flush();
  await advance(1000);
  expect(task).toHaveBeenCalledTimes(1);
  expect(vi.getTimerCount()).toBe(0);
});

test('R7 flush() starts only the latest pending task; the replaced one never starts', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const replaced = vi.fn(() => 'old');
  const latest = vi.fn(() => 'new');
  const first = track(runner.run(replaced));
  const second = runner.run(latest);
  expect(runner.flush()).toBe(second);
  await flushMicrotasks();
  expect(replaced).not.toHaveBeenCalled();
  expect(latest).toHaveBeenCalledTimes(1);
  expect(first.value).toEqual({ status: 'cancelled', reason: 'superseded' });
});

test("R7 with nothing pending flush() returns the running task's promise without starting anything", async () => {
  const runner = createLastTaskRunner<string>();
  const gate = deferred<string>();
  const task = vi.fn(() => gate.promise);
  const fromRun = runner.run(task);
  await advance(0);

  const fromFlush = runner.flush();
  expect(fromFlush).toBe(fromRun);
  expect(task).toHaveBeenCalledTimes(1);
  gate.resolve('running');
  expect(await fromFlush).toEqual({ status: 'done', value: 'running' });
});

test('R7 with nothing pending or running flush() returns a promise of undefined (fresh runner)', async () => {
  const runner = createLastTaskRunner<string>();
  const result = runner.flush();
  expect(result).toBeInstanceOf(Promise);
  expect(await result).toBeUndefined();
  expect(runner.getSnapshot().status).toBe('idle');
});

test('R7 with nothing pending or running flush() returns a promise of undefined (after done, error and cancel)', async () => {
  const runner = createLastTaskRunner<string>();
  runner.run(() => 'done');
  await advance(0);
  expect(await runner.flush()).toBeUndefined();

  runner.run(() => Promise.reject(new Error('failed')));
  await advance(0);
  expect(await runner.flush()).toBeUndefined();

  runner.run(() => 'cancelled');
  runner.cancel();
  expect(await runner.flush()).toBeUndefined();
  expect(runner.getSnapshot().status).toBe('cancelled');
});

test('R7 in keepLatest mode a flushed task still waits for the running one, then starts at once without its delay', async () => {
  const runner = createLastTaskRunner<string>({ delay: 1000, mode: 'keepLatest' });
  const gate = deferred<string>();
  runner.run(() => gate.promise);
  runner.flush();
  expect(runner.getSnapshot().status).toBe('running');

  const next = vi.fn((ctx: TaskContext<string>) => `next after ${String(ctx.previous)}`);
  const fromRun = runner.run(next);
  const fromFlush = runner.flush();
  expect(fromFlush).toBe(fromRun);
  expect(next).not.toHaveBeenCalled();

  await advance(10);
  expect(next).not.toHaveBeenCalled();
  gate.resolve('first');
  await flushMicrotasks(); // t = 10, far before the 1000 ms delay
  expect(next).toHaveBeenCalledTimes(1);
  expect(await fromFlush).toEqual({ status: 'done', value: 'next after first' });
});

test("R7 in keepLatest mode with nothing pending flush() returns the running task's promise", async () => {
  const runner = createLastTaskRunner<string>({ delay: 10, mode: 'keepLatest' });
  const gate = deferred<string>();
  const fromRun = runner.run(() => gate.promise);
  await advance(10);
  expect(runner.flush()).toBe(fromRun);
  gate.resolve('x');
});

test('R7 flush() of a task that throws synchronously does not throw and resolves an error outcome', async () => {
  const runner = createLastTaskRunner<string>({ delay: 1000 });
  const failure = new Error('sync failure');
  const fromRun = runner.run(() => {
    throw failure;
  });
  let fromFlush: Promise<unknown> | undefined;
  expect(() => {
    fromFlush = runner.flush();
  }).not.toThrow();
  expect(fromFlush).toBe(fromRun);
  expect(await fromFlush).toEqual({ status: 'error', error: failure });
  expect(runner.getSnapshot().status).toBe('error');
});

test('R7 a flush() ends the maxWait burst: the timers of the flushed task are gone', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 150 });
  const task = vi.fn(() => 'a');
  runner.run(task);
  runner.flush();
  await flushMicrotasks();
  expect(vi.getTimerCount()).toBe(0);

  await advance(60);
  const next = vi.fn(() => 'b');
  runner.run(next); // t = 60: a new burst, so due at t = 160 (not forced by the old burst at t = 150)
  await advance(90); // t = 150
  expect(next).not.toHaveBeenCalled();
  await advance(10);
  expect(next).toHaveBeenCalledTimes(1);
  expect(task).toHaveBeenCalledTimes(1);
});
