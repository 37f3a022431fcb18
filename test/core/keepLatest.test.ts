import { expect, test, vi } from 'vitest';
import { createLastTaskRunner, type LastTaskRunner, type TaskContext } from '../../src/index';
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

/** Starts a task that waits on a deferred promise; the runner must use delay 100. */
async function startRunning(runner: LastTaskRunner<string>) {
  const gate = deferred<string>();
  let signal: AbortSignal | undefined;
  const task = vi.fn((ctx: TaskContext<string>) => {
    signal = ctx.signal;
    return gate.promise;
  });
  const outcome = track(runner.run(task));
  await advance(100);
  expect(task).toHaveBeenCalledTimes(1);
  return { gate, task, outcome, signal: signal! };
}

function keepLatest(): LastTaskRunner<string> {
  return createLastTaskRunner<string>({ delay: 100, mode: 'keepLatest' });
}

test('R4 a run() while a task is running does not abort it', async () => {
  const runner = keepLatest();
  const running = await startRunning(runner);
  runner.run(() => 'next');
  await advance(500);

  expect(running.signal.aborted).toBe(false);
  expect(running.outcome.settled).toBe(false);
  running.gate.resolve('first');
  await flushMicrotasks();
  expect(running.outcome.value).toEqual({ status: 'done', value: 'first' });
});

test('R4 the new task waits for the running task to settle even after its delay has passed, then starts at once', async () => {
  const runner = keepLatest();
  const running = await startRunning(runner);
  const next = vi.fn(() => 'next');
  const nextOutcome = track(runner.run(next)); // t = 100, due at t = 200

  await advance(300); // t = 400
  expect(next).not.toHaveBeenCalled();

  running.gate.resolve('first');
  await flushMicrotasks(); // no time passes
  expect(next).toHaveBeenCalledTimes(1);
  expect(nextOutcome.value).toEqual({ status: 'done', value: 'next' });
});

test('R4 the new task waits for its own delay when the running task settles first', async () => {
  const runner = keepLatest();
  const running = await startRunning(runner); // t = 100
  const next = vi.fn(() => 'next');
  runner.run(next); // due at t = 200

  await advance(20);
  running.gate.resolve('first');
  await flushMicrotasks();
  expect(next).not.toHaveBeenCalled();
  expect(runner.getSnapshot().status).toBe('pending');

  await advance(79); // t = 199
  expect(next).not.toHaveBeenCalled();
  await advance(1);
  expect(next).toHaveBeenCalledTimes(1);
});

test('R4 two tasks never overlap, whatever the order of calls and settlements', async () => {
  const runner = createLastTaskRunner<number>({ delay: 10, mode: 'keepLatest' });
  let active = 0;
  let maxActive = 0;
  const gates: Array<ReturnType<typeof deferred<number>>> = [];
  const makeTask = (n: number) =>
    vi
      .fn(async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        const gate = deferred<number>();
        gates.push(gate);
        try {
          return await gate.promise;
        } finally {
          active -= 1;
        }
      })
      .mockName(`task ${n}`);

  const tasks = [0, 1, 2, 3, 4].map(makeTask);
  runner.run(tasks[0]!);
  await advance(10); // task 0 running
  runner.run(tasks[1]!);
  await advance(50); // task 1 due but waiting
  runner.run(tasks[2]!); // replaces task 1
  await advance(50);
  expect(active).toBe(1);
  gates[0]!.resolve(0);
  await advance(0); // task 2 starts
  expect(tasks[2]).toHaveBeenCalledTimes(1);
  runner.run(tasks[3]!);
  await advance(10);
  expect(tasks[3]).not.toHaveBeenCalled();
  gates[1]!.resolve(2);
  await advance(0); // task 3 starts
  runner.run(tasks[4]!, { delay: 0 });
  await advance(0);
  expect(tasks[4]).not.toHaveBeenCalled();
  gates[2]!.resolve(3);
  await advance(0);
  expect(tasks[4]).toHaveBeenCalledTimes(1);
  gates[3]!.resolve(4);
  await advance(0);

  expect(tasks[1]).not.toHaveBeenCalled();
  expect(maxActive).toBe(1);
  expect(active).toBe(0);
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 4, error: undefined });
});

test("R4 while a running and a waiting task both exist the status is 'running', and adding the waiting one does not notify", async () => {
  const runner = keepLatest();
  const running = await startRunning(runner);
  const recorder = record(runner);
  const before = runner.getSnapshot();

  runner.run(() => 'next');
  expect(runner.getSnapshot().status).toBe('running');
  expect(runner.getSnapshot()).toBe(before);
  await advance(150); // the waiting task's delay passes
  expect(runner.getSnapshot().status).toBe('running');
  expect(recorder.listener).not.toHaveBeenCalled();
  running.gate.resolve('first');
});

test("R4 when the running task ends 'done' before the waiting one is due, the status moves straight to 'pending' keeping the value", async () => {
  const runner = keepLatest();
  const running = await startRunning(runner);
  const next = vi.fn(() => 'next');
  runner.run(next);
  const recorder = record(runner);

  running.gate.resolve('first');
  await flushMicrotasks();
  expect(running.outcome.value).toEqual({ status: 'done', value: 'first' });
  expect(runner.getSnapshot()).toEqual({ status: 'pending', value: 'first', error: undefined });
  expect(recorder.statuses()).toEqual(['pending']);

  await advance(100);
  expect(recorder.statuses()).toEqual(['pending', 'running', 'done']);
  expect(recorder.snapshots.map((s) => s.value)).toEqual(['first', 'first', 'next']);
  expectEveryCallAChange(recorder);
});

test("R4 when the running task ends 'done' after the waiting one is due, the status stays 'running' with the settled value", async () => {
  const runner = keepLatest();
  const running = await startRunning(runner);
  const next = deferred<string>();
  const nextTask = vi.fn((ctx: TaskContext<string>) => {
    expect(ctx.previous).toBe('first');
    return next.promise;
  });
  runner.run(nextTask);
  await advance(150);
  const recorder = record(runner);

  running.gate.resolve('first');
  await flushMicrotasks();
  expect(nextTask).toHaveBeenCalledTimes(1);
  expect(runner.getSnapshot()).toEqual({ status: 'running', value: 'first', error: undefined });
  // straight on: no 'done' (nor 'pending') in between
  expect(recorder.statuses()).toEqual(['running']);

  next.resolve('next');
  await flushMicrotasks();
  expect(recorder.statuses()).toEqual(['running', 'done']);
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'next', error: undefined });
  expectEveryCallAChange(recorder);
});

test("R4 when the running task ends 'error', the status moves on to the waiting task without the error and keeps the older value", async () => {
  const runner = keepLatest();
  runner.run(() => 'older');
  await advance(100);
  const running = await startRunning(runner);
  const next = vi.fn(() => 'next');
  runner.run(next);
  const recorder = record(runner);

  const failure = new Error('running failed');
  running.gate.reject(failure);
  await flushMicrotasks();
  expect(running.outcome.value).toEqual({ status: 'error', error: failure });
  expect(runner.getSnapshot()).toEqual({ status: 'pending', value: 'older', error: undefined });
  expect(recorder.statuses()).toEqual(['pending']);

  await advance(100);
  expect(next).toHaveBeenCalledTimes(1);
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'next', error: undefined });
  expectEveryCallAChange(recorder);
});

test("R4 when the running task ends 'error' after the waiting one is due, the waiting task starts at once and no 'error' status shows", async () => {
  const runner = keepLatest();
  const running = await startRunning(runner);
  const next = deferred<string>();
  const nextTask = vi.fn(() => next.promise);
  runner.run(nextTask);
  await advance(150);
  const recorder = record(runner);
  const before = runner.getSnapshot();

  running.gate.reject(new Error('running failed'));
  await flushMicrotasks();
  expect(nextTask).toHaveBeenCalledTimes(1);
  expect(runner.getSnapshot().status).toBe('running');
  expect(runner.getSnapshot().error).toBeUndefined();
  // nothing observable changed (still running, same value, no error): no notification
  expect(recorder.listener).not.toHaveBeenCalled();
  expect(runner.getSnapshot()).toBe(before);
  next.resolve('next');
});

test("R4 a running task that ends 'done' with undefined hands undefined on: the value becomes undefined and the waiting task's previous is undefined", async () => {
  const runner = createLastTaskRunner<string | undefined>({ delay: 100, mode: 'keepLatest' });
  runner.run(() => 'older');
  await advance(100);
  const gate = deferred<string | undefined>();
  runner.run(() => gate.promise);
  await advance(100);
  const previousSeen: Array<string | undefined> = [];
  runner.run((ctx: TaskContext<string | undefined>) => {
    previousSeen.push(ctx.previous);
    return new Promise<string | undefined>(() => {});
  });
  await advance(150); // the waiting task is due

  gate.resolve(undefined);
  await flushMicrotasks();
  expect(previousSeen).toEqual([undefined]);
  expect(runner.getSnapshot()).toEqual({ status: 'running', value: undefined, error: undefined });
  runner.cancel();
});
