import { expect, test, vi } from 'vitest';
import { createLastTaskRunner, type RunnerSnapshot } from '../../src/index';
import { advance, deferred, expectEveryCallAChange, flushMicrotasks, record, withRunnerTestEnv } from '../helpers/core';

withRunnerTestEnv();

test("R10 a new runner's snapshot is idle with no value and no error", () => {
  const runner = createLastTaskRunner<string>();
  expect(runner.getSnapshot()).toEqual({ status: 'idle', value: undefined, error: undefined });
});

test('R10 getSnapshot() returns the same object until something observable changes', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const idle = runner.getSnapshot();
  expect(runner.getSnapshot()).toBe(idle);

  runner.run(() => 'a');
  const pending = runner.getSnapshot();
  expect(pending).not.toBe(idle);
  await advance(50);
  expect(runner.getSnapshot()).toBe(pending);
  runner.run(() => 'b'); // replaces the pending task: nothing observable changes
  expect(runner.getSnapshot()).toBe(pending);

  await advance(100);
  const done = runner.getSnapshot();
  expect(done).not.toBe(pending);
  await advance(1000);
  expect(runner.getSnapshot()).toBe(done);
});

test('R10 snapshots are immutable: an earlier snapshot keeps its contents after later changes', async () => {
  const runner = createLastTaskRunner<string>();
  const idle = runner.getSnapshot();
  runner.run(() => 'a');
  const pending = runner.getSnapshot();
  await advance(0);

  expect(idle).toEqual({ status: 'idle', value: undefined, error: undefined });
  expect(pending).toEqual({ status: 'pending', value: undefined, error: undefined });
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'a', error: undefined });
});

test('R10 status goes idle → pending on run() (synchronously) → running → done, one listener call per change', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10 });
  const recorder = record(runner);
  const gate = deferred<string>();
  runner.run(() => gate.promise);
  expect(runner.getSnapshot().status).toBe('pending');
  expect(recorder.listener).toHaveBeenCalledTimes(1);

  await advance(10);
  expect(runner.getSnapshot().status).toBe('running');
  expect(recorder.listener).toHaveBeenCalledTimes(2);

  gate.resolve('a');
  await flushMicrotasks();
  expect(recorder.statuses()).toEqual(['pending', 'running', 'done']);
  expect(recorder.snapshots[2]).toEqual({ status: 'done', value: 'a', error: undefined });
  expectEveryCallAChange(recorder);
});

test("R10 the status is already 'running' inside the task's first line", async () => {
  const runner = createLastTaskRunner<string>();
  let seen: RunnerSnapshot<string> | undefined;
  runner.run(() => {
    seen = runner.getSnapshot();
    return 'a';
  });
  await advance(0);
  expect(seen?.status).toBe('running');
});

test('R10 a listener reads the new snapshot when it is called', async () => {
  const runner = createLastTaskRunner<string>();
  const recorder = record(runner);
  runner.run(() => 'a');
  await advance(0);
  expect(recorder.snapshots.at(-1)).toBe(runner.getSnapshot());
  expect(recorder.snapshots.at(-1)?.status).toBe('done');
});

test("R10 status → 'error' with error set when the task fails, and error is undefined again on the next run()", async () => {
  const runner = createLastTaskRunner<string>({ delay: 10 });
  const recorder = record(runner);
  const failure = new Error('failed');
  runner.run(() => Promise.reject(failure));
  await advance(10);
  expect(runner.getSnapshot()).toEqual({ status: 'error', value: undefined, error: failure });

  runner.run(() => 'ok');
  expect(runner.getSnapshot()).toEqual({ status: 'pending', value: undefined, error: undefined });
  await advance(10);
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'ok', error: undefined });
  expect(recorder.statuses()).toEqual(['pending', 'running', 'error', 'pending', 'running', 'done']);
  expectEveryCallAChange(recorder);
});

test('R10 the error is undefined while running and after cancel', async () => {
  const runner = createLastTaskRunner<string>();
  runner.run(() => Promise.reject(new Error('failed')));
  await advance(0);
  const gate = deferred<string>();
  runner.run(() => gate.promise);
  await advance(0);
  expect(runner.getSnapshot()).toEqual({ status: 'running', value: undefined, error: undefined });
  runner.cancel();
  expect(runner.getSnapshot()).toEqual({ status: 'cancelled', value: undefined, error: undefined });
});

test('R10 value is the last done value and survives later runs, errors and cancels', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10 });
  runner.run(() => 'kept');
  await advance(10);

  runner.run(() => 'x');
  expect(runner.getSnapshot()).toMatchObject({ status: 'pending', value: 'kept' });
  const gate = deferred<string>();
  runner.run(() => gate.promise);
  await advance(10);
  expect(runner.getSnapshot()).toMatchObject({ status: 'running', value: 'kept' });
  gate.reject(new Error('failed'));
  await flushMicrotasks();
  expect(runner.getSnapshot()).toMatchObject({ status: 'error', value: 'kept' });

  runner.run(() => 'dropped');
  runner.cancel();
  expect(runner.getSnapshot()).toMatchObject({ status: 'cancelled', value: 'kept' });

  runner.run(() => 'replaced');
  await advance(10);
  expect(runner.getSnapshot()).toMatchObject({ status: 'done', value: 'replaced' });
});

test('R10 a run() that replaces a pending task does not notify', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const recorder = record(runner);
  runner.run(() => 'a');
  expect(recorder.listener).toHaveBeenCalledTimes(1);
  for (let i = 0; i < 10; i += 1) {
    runner.run(() => `replacement ${i}`);
    await advance(10);
  }
  expect(recorder.listener).toHaveBeenCalledTimes(1);
  await advance(100);
  expect(recorder.statuses()).toEqual(['pending', 'running', 'done']);
});

test('R10 a run() that replaces a pending task with a different per-call delay does not notify either', () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  runner.run(() => 'a');
  const recorder = record(runner);
  const pending = runner.getSnapshot();
  runner.run(() => 'b', { delay: 0 });
  runner.run(() => 'c', { delay: 500 });
  expect(runner.getSnapshot()).toBe(pending);
  expect(recorder.listener).not.toHaveBeenCalled();
});

test('R10 a task that ends done with the value already held still notifies the done status once', async () => {
  const runner = createLastTaskRunner<string>();
  runner.run(() => 'same');
  await advance(0);
  const recorder = record(runner);
  runner.run(() => 'same');
  await advance(0);
  expect(recorder.statuses()).toEqual(['pending', 'running', 'done']);
  expectEveryCallAChange(recorder);
});

test('R10 every subscribed listener is called once per change, and an unsubscribed one no more', async () => {
  const runner = createLastTaskRunner<string>();
  const first = vi.fn();
  const second = vi.fn();
  const unsubscribeFirst = runner.subscribe(first);
  runner.subscribe(second);

  runner.run(() => 'a');
  expect(first).toHaveBeenCalledTimes(1);
  expect(second).toHaveBeenCalledTimes(1);
  unsubscribeFirst();
  unsubscribeFirst(); // harmless
  await advance(0);
  expect(first).toHaveBeenCalledTimes(1);
  expect(second).toHaveBeenCalledTimes(3);
});

test('R10 over a sequence of runs, errors and cancels each listener call carries a new, changed snapshot', async () => {
  const runner = createLastTaskRunner<number>({ delay: 5 });
  const recorder = record(runner);
  for (let i = 0; i < 3; i += 1) {
    runner.run(() => i);
    await advance(5);
  }
  runner.run(() => Promise.reject(new Error('x')));
  await advance(5);
  runner.run(() => 4);
  runner.cancel();
  runner.cancel();
  expect(new Set(recorder.snapshots).size).toBe(recorder.snapshots.length);
  expectEveryCallAChange(recorder);
  expect(recorder.statuses()).toEqual([
    ...['pending', 'running', 'done'],
    ...['pending', 'running', 'done'],
    ...['pending', 'running', 'done'],
    ...['pending', 'running', 'error'],
    ...['pending', 'cancelled'],
  ]);
});
