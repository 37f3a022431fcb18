import { describe, expect, test, vi } from 'vitest';
import { createLastTaskRunner, type LastTaskRunner, type RunnerOptions } from '../../src/index';
import { advance, deferred, flushMicrotasks, track, withRunnerTestEnv } from '../helpers/core';

withRunnerTestEnv();

/** Calls run() every `every` ms, `count` times, starting now; returns the task mocks in call order. */
async function callEvery(runner: LastTaskRunner<number>, every: number, count: number, from = 0) {
  const tasks = [];
  for (let i = 0; i < count; i += 1) {
    const task = vi.fn(() => from + i);
    tasks.push(task);
    runner.run(task);
    if (i < count - 1) await advance(every);
  }
  return tasks;
}

test('R5 under a steady stream of calls the pending task starts maxWait ms after the first call of the burst', async () => {
  const runner = createLastTaskRunner<number>({ delay: 100, maxWait: 250 });
  const tasks = await callEvery(runner, 50, 5); // calls at t = 0..200
  // t = 200
  await advance(49); // t = 249
  for (const task of tasks) expect(task).not.toHaveBeenCalled();

  await advance(1); // t = 250
  expect(tasks[4]).toHaveBeenCalledTimes(1);
  for (const task of tasks.slice(0, 4)) expect(task).not.toHaveBeenCalled();
  expect(runner.getSnapshot().value).toBe(4);

  await advance(1000);
  expect(tasks[4]).toHaveBeenCalledTimes(1);
});

test('R5 a forced start ends the burst: the next calls form a new burst timed from their own first call', async () => {
  const runner = createLastTaskRunner<number>({ delay: 100, maxWait: 250 });
  await callEvery(runner, 50, 5); // t = 0..200
  await advance(50); // t = 250: forced start of the first burst
  expect(runner.getSnapshot().value).toBe(4);

  await advance(50); // t = 300
  const second = await callEvery(runner, 50, 5, 10); // calls at t = 300..500
  await advance(49); // t = 549
  for (const task of second) expect(task).not.toHaveBeenCalled();
  await advance(1); // t = 550
  expect(second[4]).toHaveBeenCalledTimes(1);
  expect(runner.getSnapshot().value).toBe(14);
});

test('R5 a burst also ends when its task starts after the delay; a later burst gets a fresh maxWait window', async () => {
  const runner = createLastTaskRunner<number>({ delay: 100, maxWait: 250 });
  const single = vi.fn(() => 0);
  runner.run(single);
  await advance(100);
  expect(single).toHaveBeenCalledTimes(1);

  await advance(100); // t = 200
  const burst = await callEvery(runner, 50, 5, 10); // t = 200..400
  await advance(49); // t = 449
  for (const task of burst) expect(task).not.toHaveBeenCalled();
  await advance(1); // t = 450
  expect(burst[4]).toHaveBeenCalledTimes(1);
});

test('R5 after cancel() the next run() begins a new burst', async () => {
  const runner = createLastTaskRunner<number>({ delay: 100, maxWait: 250 });
  await callEvery(runner, 50, 4); // t = 0..150
  await advance(50); // t = 200
  runner.cancel();

  await advance(20); // t = 220
  const burst = await callEvery(runner, 50, 5, 10); // t = 220..420
  await advance(49); // t = 469
  for (const task of burst) expect(task).not.toHaveBeenCalled();
  await advance(1); // t = 470
  expect(burst[4]).toHaveBeenCalledTimes(1);
});

test('R5 maxWait counts from the first call of the burst, not from the latest one', async () => {
  const runner = createLastTaskRunner<number>({ delay: 100, maxWait: 150 });
  const first = vi.fn(() => 1);
  const second = vi.fn(() => 2);
  runner.run(first);
  await advance(90);
  runner.run(second); // t = 90: alone due at t = 190; the burst began at t = 0

  await advance(59); // t = 149
  expect(second).not.toHaveBeenCalled();
  await advance(1); // t = 150
  expect(second).toHaveBeenCalledTimes(1);
  expect(first).not.toHaveBeenCalled();
});

test('R5 a maxWait below the runner delay acts as that delay: a single call starts after the delay', async () => {
  const runner = createLastTaskRunner<number>({ delay: 100, maxWait: 30 });
  const task = vi.fn(() => 1);
  runner.run(task);

  await advance(30);
  expect(task).not.toHaveBeenCalled();
  await advance(69); // t = 99
  expect(task).not.toHaveBeenCalled();
  await advance(1); // t = 100
  expect(task).toHaveBeenCalledTimes(1);
});

test('R5 a maxWait below the runner delay acts as that delay: a burst is forced to start one delay after its first call', async () => {
  const runner = createLastTaskRunner<number>({ delay: 100, maxWait: 30 });
  const first = vi.fn(() => 1);
  const second = vi.fn(() => 2);
  runner.run(first);
  await advance(50);
  runner.run(second); // t = 50: alone due at t = 150

  await advance(49); // t = 99
  expect(second).not.toHaveBeenCalled();
  await advance(1); // t = 100 = first call + max(maxWait, delay)
  expect(second).toHaveBeenCalledTimes(1);
  expect(first).not.toHaveBeenCalled();
});

test('R5 a maxWait below a per-call delay acts as that delay, still counted from the first call of the burst', async () => {
  const runner = createLastTaskRunner<number>({ delay: 10, maxWait: 200 });
  const first = vi.fn(() => 1);
  const second = vi.fn(() => 2);
  runner.run(first, { delay: 1000 });
  await advance(300);
  expect(first).not.toHaveBeenCalled(); // maxWait 200 does not cut a 1000 ms delay short
  runner.run(second, { delay: 1000 }); // t = 300: alone due at t = 1300

  await advance(699); // t = 999
  expect(second).not.toHaveBeenCalled();
  await advance(1); // t = 1000 = first call + max(maxWait, delay)
  expect(second).toHaveBeenCalledTimes(1);
  expect(first).not.toHaveBeenCalled();
});

test('R5 maxWait 0 acts as the delay: a stream of calls starts one delay after the first call', async () => {
  const runner = createLastTaskRunner<number>({ delay: 100, maxWait: 0 });
  const first = vi.fn(() => 1);
  const second = vi.fn(() => 2);
  const outcome = track(runner.run(first));
  expect(first).not.toHaveBeenCalled();
  await advance(60);
  runner.run(second);

  await advance(39); // t = 99
  expect(second).not.toHaveBeenCalled();
  await advance(1); // t = 100
  expect(second).toHaveBeenCalledTimes(1);
  expect(outcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
});

test('R5 maxWait 0 with delay 0 still starts on a timer step, never synchronously', async () => {
  const runner = createLastTaskRunner<number>({ maxWait: 0 });
  const task = vi.fn(() => 1);
  runner.run(task);
  await flushMicrotasks();
  expect(task).not.toHaveBeenCalled();
  await advance(0);
  expect(task).toHaveBeenCalledTimes(1);
});

test('R5 a maxWait longer than the delay changes nothing for a single call', async () => {
  const runner = createLastTaskRunner<number>({ delay: 100, maxWait: 250 });
  const task = vi.fn(() => 1);
  runner.run(task);
  await advance(99);
  expect(task).not.toHaveBeenCalled();
  await advance(1);
  expect(task).toHaveBeenCalledTimes(1);
});

const unlimited: Array<[string, RunnerOptions]> = [
  ['maxWait Infinity', { delay: 100, maxWait: Infinity }],
  ['no maxWait', { delay: 100 }],
];

test.each(unlimited)('R5 with %s a steady stream of calls never forces a start', async (_, options) => {
  const runner = createLastTaskRunner<number>(options);
  const tasks = await callEvery(runner, 50, 40); // t = 0..1950
  for (const task of tasks) expect(task).not.toHaveBeenCalled();
  await advance(99);
  for (const task of tasks) expect(task).not.toHaveBeenCalled();
  await advance(1);
  expect(tasks[39]).toHaveBeenCalledTimes(1);
});

test('R5 in keepLatest mode a forced start waits for the running task and starts the moment it settles, before its own delay', async () => {
  const runner = createLastTaskRunner<number>({ delay: 100, maxWait: 250, mode: 'keepLatest' });
  const gate = deferred<number>();
  runner.run(() => gate.promise);
  await advance(100); // t = 100: first task running; the runner has no pending task

  const burst = await callEvery(runner, 50, 5, 10); // calls at t = 100..300, maxWait deadline t = 350
  await advance(60); // t = 360: deadline passed; the last call alone would be due at t = 400
  for (const task of burst) expect(task).not.toHaveBeenCalled();
  expect(runner.getSnapshot().status).toBe('running');

  gate.resolve(0);
  await advance(0); // still t = 360
  expect(burst[4]).toHaveBeenCalledTimes(1);
  for (const task of burst.slice(0, 4)) expect(task).not.toHaveBeenCalled();
});

test('R5 in keepLatest mode a call after the missed deadline, in the same burst, still starts the moment the running task settles', async () => {
  const runner = createLastTaskRunner<number>({ delay: 100, maxWait: 250, mode: 'keepLatest' });
  const gate = deferred<number>();
  runner.run(() => gate.promise);
  await advance(100); // t = 100

  const burst = await callEvery(runner, 50, 6, 10); // t = 100..350, deadline t = 350
  await advance(50); // t = 400
  const late = vi.fn(() => 99);
  runner.run(late); // same burst: a task has been pending since t = 100
  await advance(10); // t = 410; this call alone would be due at t = 500

  gate.resolve(0);
  await advance(0);
  expect(late).toHaveBeenCalledTimes(1);
  for (const task of burst) expect(task).not.toHaveBeenCalled();
});

describe('R5 one timer serves a whole burst', () => {
  test('R5 run() calls whose deadline is the maxWait of the burst, already armed, arm no new timer', async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 150 });
    const task = vi.fn(() => 'v');
    runner.run(task); // due t = 100
    await advance(60);
    runner.run(task); // due t = 150 (maxWait); the timer fires early at 100 and re-arms for 150
    await advance(50);
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    runner.run(task); // t = 110: due 150 again, the very time the timer is armed for
    await advance(10);
    runner.run(task);
    expect(setTimeoutSpy).not.toHaveBeenCalled();
    await advance(30);
    expect(task).toHaveBeenCalledTimes(1);
    setTimeoutSpy.mockRestore();
  });
});
