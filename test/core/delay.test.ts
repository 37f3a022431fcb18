import { describe, expect, test, vi } from 'vitest';
import { createLastTaskRunner, type RunOptions } from '../../src/index';
import { advance, flushMicrotasks, track, unsafe, withRunnerTestEnv } from '../helpers/core';

withRunnerTestEnv();

test('R1 run() starts the task only once the runner delay has passed', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const task = vi.fn(() => 'a');
  const outcome = track(runner.run(task));

  await advance(99);
  expect(task).not.toHaveBeenCalled();
  expect(runner.getSnapshot().status).toBe('pending');
  expect(outcome.settled).toBe(false);

  await advance(1);
  expect(task).toHaveBeenCalledTimes(1);
  expect(outcome.value).toEqual({ status: 'done', value: 'a' });
});

test('R1 a shorter per-call delay overrides the runner delay', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const task = vi.fn(() => 'a');
  runner.run(task, { delay: 30 });

  await advance(29);
  expect(task).not.toHaveBeenCalled();
  await advance(1);
  expect(task).toHaveBeenCalledTimes(1);
});

test('R1 a longer per-call delay overrides the runner delay', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const task = vi.fn(() => 'a');
  runner.run(task, { delay: 500 });

  await advance(100);
  expect(task).not.toHaveBeenCalled();
  await advance(399);
  expect(task).not.toHaveBeenCalled();
  await advance(1);
  expect(task).toHaveBeenCalledTimes(1);
});

test('R1 a per-call delay applies to that call only; the next call uses the runner delay again', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const first = vi.fn(() => 'first');
  runner.run(first, { delay: 10 });
  await advance(10);
  expect(first).toHaveBeenCalledTimes(1);

  const second = vi.fn(() => 'second');
  runner.run(second);
  await advance(99);
  expect(second).not.toHaveBeenCalled();
  await advance(1);
  expect(second).toHaveBeenCalledTimes(1);
});

test('R1 a per-call delay of undefined counts as not given: the runner delay applies', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const task = vi.fn(() => 'a');
  runner.run(task, unsafe<RunOptions>({ delay: undefined }));

  await advance(99);
  expect(task).not.toHaveBeenCalled();
  await advance(1);
  expect(task).toHaveBeenCalledTimes(1);
});

test('R1 with the default delay of 0 the task still waits for a timer, not just a microtask', async () => {
  const runner = createLastTaskRunner<string>();
  const task = vi.fn(() => 'a');
  const outcome = track(runner.run(task));

  expect(task).not.toHaveBeenCalled();
  await flushMicrotasks();
  expect(task).not.toHaveBeenCalled();
  expect(vi.getTimerCount()).toBeGreaterThanOrEqual(1);

  await advance(0);
  expect(task).toHaveBeenCalledTimes(1);
  expect(outcome.value).toEqual({ status: 'done', value: 'a' });
});

test('R1 a per-call delay of 0 overrides a runner delay and still waits for a timer', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const task = vi.fn(() => 'a');
  runner.run(task, { delay: 0 });

  await flushMicrotasks();
  expect(task).not.toHaveBeenCalled();
  await advance(0);
  expect(task).toHaveBeenCalledTimes(1);
});

test('R1 several run() calls in one tick with delay 0 start only the last one', async () => {
  const runner = createLastTaskRunner<string>();
  const tasks = [vi.fn(() => 'a'), vi.fn(() => 'b'), vi.fn(() => 'c')];
  const outcomes = tasks.map((task) => track(runner.run(task)));

  await advance(0);
  await advance(1000);
  expect(tasks[0]).not.toHaveBeenCalled();
  expect(tasks[1]).not.toHaveBeenCalled();
  expect(tasks[2]).toHaveBeenCalledTimes(1);
  expect(outcomes.map((o) => o.value)).toEqual([
    { status: 'cancelled', reason: 'superseded' },
    { status: 'cancelled', reason: 'superseded' },
    { status: 'done', value: 'c' },
  ]);
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'c', error: undefined });
});

describe('R1 one timer serves a whole burst', () => {
  test('R1 run() calls that only move the deadline later arm no new timer: one setTimeout per burst, plus re-arms', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const task = vi.fn(() => 'v');
    for (let i = 0; i < 9; i++) {
      runner.run(task); // t = 0, 10, …, 80: the deadline moves from 100 to 180
      await advance(10);
    }
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
    await advance(100);
    expect(task).toHaveBeenCalledTimes(1);
    expect(setTimeoutSpy.mock.calls.length).toBeLessThanOrEqual(2); // the timer fired early once and re-armed
    setTimeoutSpy.mockRestore();
  });

  test('R1 several run() calls in one tick arm one timer', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const task = vi.fn(() => 'v');
    for (let i = 0; i < 5; i++) runner.run(task);
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
    await advance(100);
    expect(task).toHaveBeenCalledTimes(1);
    setTimeoutSpy.mockRestore();
  });
});
