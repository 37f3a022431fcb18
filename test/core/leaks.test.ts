import { expect, test } from 'vitest';
import { vi } from 'vitest';
import { createLastTaskRunner } from '../../src/index';
import { advance, deferred, flushMicrotasks, withRunnerTestEnv } from '../helpers/core';

withRunnerTestEnv();

test('R14 an idle runner holds no timer, with or without options', () => {
  createLastTaskRunner<string>();
  createLastTaskRunner<string>({ delay: 100, maxWait: 300, mode: 'keepLatest' });
  expect(vi.getTimerCount()).toBe(0);
});

test("R14 a runner whose task ended 'done' holds no timer (maxWait timer included)", async () => {
  const runner = createLastTaskRunner<string>({ delay: 10, maxWait: 1000 });
  runner.run(() => 'a');
  expect(vi.getTimerCount()).toBeGreaterThan(0);
  await advance(10);
  expect(runner.getSnapshot().status).toBe('done');
  expect(vi.getTimerCount()).toBe(0);
});

test("R14 a runner whose task ended 'error' holds no timer", async () => {
  const runner = createLastTaskRunner<string>({ delay: 10, maxWait: 1000 });
  const gate = deferred<string>();
  runner.run(() => gate.promise);
  await advance(10);
  gate.reject(new Error('failed'));
  await flushMicrotasks();
  expect(runner.getSnapshot().status).toBe('error');
  expect(vi.getTimerCount()).toBe(0);
});

test('R14 a runner forced to start by maxWait holds no timer once its task settles', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 150 });
  for (let i = 0; i < 3; i += 1) {
    runner.run(() => `call ${i}`);
    await advance(50);
  }
  // t = 150: forced start of the call made at t = 100
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'call 2', error: undefined });
  expect(vi.getTimerCount()).toBe(0);
});

test('R14 cancel() of a pending task clears its timers at once', () => {
  const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 300 });
  runner.run(() => 'a');
  runner.run(() => 'b');
  runner.cancel();
  expect(vi.getTimerCount()).toBe(0);
});

test('R14 cancel() of a running task, and the task settling later, leave no timer', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10 });
  const gate = deferred<string>();
  runner.run(() => gate.promise);
  await advance(10);
  runner.cancel();
  expect(vi.getTimerCount()).toBe(0);
  gate.resolve('late');
  await flushMicrotasks();
  expect(vi.getTimerCount()).toBe(0);
});

test('R14 in keepLatest mode cancel() with a running and a waiting task leaves no timer', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10, maxWait: 50, mode: 'keepLatest' });
  const gate = deferred<string>();
  runner.run(() => gate.promise);
  await advance(10);
  runner.run(() => 'waiting');
  runner.cancel();
  expect(vi.getTimerCount()).toBe(0);
  gate.resolve('late');
  await advance(100);
  expect(vi.getTimerCount()).toBe(0);
});

test('R14 dispose() clears the pending timers, and run() after dispose creates none', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 300 });
  runner.run(() => 'a');
  runner.dispose();
  expect(vi.getTimerCount()).toBe(0);
  runner.run(() => 'b');
  runner.run(() => 'c', { delay: 5 });
  expect(vi.getTimerCount()).toBe(0);
  await advance(0);
  expect(vi.getTimerCount()).toBe(0);
});

test('R14 a long burst of replacing run() calls never piles up timers', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 10_000 });
  for (let i = 0; i < 50; i += 1) {
    runner.run(() => `call ${i}`);
    expect(vi.getTimerCount()).toBeLessThanOrEqual(2);
    await advance(10);
  }
  await advance(100);
  expect(runner.getSnapshot().status).toBe('done');
  expect(vi.getTimerCount()).toBe(0);
});

test('R14 after a restart sequence has settled, no timer is left', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10, maxWait: 40 });
  const gates = [deferred<string>(), deferred<string>(), deferred<string>()];
  for (const gate of gates) {
    runner.run(() => gate.promise);
    await advance(10);
  }
  gates[2]!.resolve('last');
  gates[0]!.resolve('first');
  gates[1]!.reject(new Error('middle'));
  await flushMicrotasks();
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'last', error: undefined });
  expect(vi.getTimerCount()).toBe(0);
});

test('R14 after flush() and settle no timer is left', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 300 });
  runner.run(() => 'a');
  await runner.flush();
  expect(runner.getSnapshot().status).toBe('done');
  expect(vi.getTimerCount()).toBe(0);
});
