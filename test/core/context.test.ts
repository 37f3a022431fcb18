import { expect, test, vi } from 'vitest';
import { createLastTaskRunner, type RunOptions, type TaskContext } from '../../src/index';
import { advance, deferred, flushMicrotasks, unsafe, withRunnerTestEnv } from '../helpers/core';

withRunnerTestEnv();

function contextRecorder<T>(result: (ctx: TaskContext<T>) => T) {
  const contexts: Array<TaskContext<T>> = [];
  const make = () =>
    vi.fn((ctx: TaskContext<T>) => {
      contexts.push(ctx);
      return result(ctx);
    });
  return { contexts, make };
}

test('R11 seq is 1 for the first run() call and +1 for every later call', async () => {
  const runner = createLastTaskRunner<number>();
  const { contexts, make } = contextRecorder<number>((ctx) => ctx.seq);
  runner.run(make());
  await advance(0);
  runner.run(make());
  await advance(0);
  runner.run(make());
  await advance(0);
  expect(contexts.map((c) => c.seq)).toEqual([1, 2, 3]);
});

test('R11 seq counts replaced, aborted and cancelled calls too', async () => {
  const runner = createLastTaskRunner<number>({ delay: 10 });
  const { contexts, make } = contextRecorder<number>((ctx) => ctx.seq);
  runner.run(make()); // 1, replaced
  runner.run(make()); // 2, replaced
  runner.run(make()); // 3, starts
  await advance(10);
  runner.run(make()); // 4, cancelled
  runner.cancel();
  const gate = deferred<number>();
  runner.run((ctx) => {
    contexts.push(ctx); // 5, aborted by the next call
    return gate.promise;
  });
  await advance(10);
  runner.run(make()); // 6
  await advance(10);
  expect(contexts.map((c) => c.seq)).toEqual([3, 5, 6]);
  gate.resolve(0);
});

test('R11 seq is counted per runner', async () => {
  const a = createLastTaskRunner<number>();
  const b = createLastTaskRunner<number>();
  a.run(() => 0);
  a.run(() => 0);
  const seen = vi.fn((ctx: TaskContext<number>) => ctx.seq);
  b.run(seen);
  await advance(0);
  expect(seen.mock.calls[0]![0].seq).toBe(1);
});

test('R11 a run() that throws for bad input does not count', async () => {
  const runner = createLastTaskRunner<number>();
  const { contexts, make } = contextRecorder<number>((ctx) => ctx.seq);
  runner.run(make());
  await advance(0);
  expect(() => runner.run(make(), unsafe<RunOptions>({ delay: -1 }))).toThrow(RangeError);
  expect(() => runner.run(unsafe<() => number>('not a function'))).toThrow(TypeError);
  runner.run(make());
  await advance(0);
  expect(contexts.map((c) => c.seq)).toEqual([1, 2]);
});

test('R11 previous is undefined for the first task', async () => {
  const runner = createLastTaskRunner<string>();
  const { contexts, make } = contextRecorder<string>(() => 'a');
  runner.run(make());
  await advance(0);
  expect(contexts[0]?.previous).toBeUndefined();
});

test("R11 previous is the last 'done' value; errors and cancels leave it unchanged", async () => {
  const runner = createLastTaskRunner<string>();
  const { contexts, make } = contextRecorder<string>((ctx) => `after ${String(ctx.previous)}`);
  runner.run(make());
  await advance(0);
  runner.run(make());
  await advance(0);
  runner.run(() => Promise.reject(new Error('failed')));
  await advance(0);
  runner.run(make());
  runner.cancel();
  const gate = deferred<string>();
  runner.run(() => gate.promise);
  await advance(0);
  runner.cancel();
  gate.resolve('aborted value');
  await flushMicrotasks();
  runner.run(make());
  await advance(0);

  expect(contexts.map((c) => c.previous)).toEqual([undefined, 'after undefined', 'after after undefined']);
});

test('R11 previous is read when the task starts, not when run() is called (keepLatest)', async () => {
  const runner = createLastTaskRunner<string>({ mode: 'keepLatest' });
  const gate = deferred<string>();
  runner.run(() => gate.promise);
  await advance(0);
  const { contexts, make } = contextRecorder<string>(() => 'second');
  runner.run(make()); // at this moment the last done value is undefined
  await advance(100);
  gate.resolve('first');
  await flushMicrotasks();
  expect(contexts[0]?.previous).toBe('first');
});

test('R11 previous is read when the task starts, not when run() is called (long per-call delay)', async () => {
  const runner = createLastTaskRunner<string>({ mode: 'keepLatest' });
  runner.run(() => 'first');
  await advance(0);
  const { contexts, make } = contextRecorder<string>(() => 'late');
  const gate = deferred<string>();
  runner.run(() => gate.promise);
  await advance(0); // running
  runner.run(make(), { delay: 500 }); // waits for both its delay and the running task
  gate.resolve('second');
  await advance(500);
  expect(contexts[0]?.previous).toBe('second');
});

test('R11 each task gets its own AbortSignal, not aborted when it starts', async () => {
  const runner = createLastTaskRunner<string>();
  const { contexts, make } = contextRecorder<string>((ctx) => {
    expect(ctx.signal.aborted).toBe(false);
    return 'x';
  });
  runner.run(make());
  await advance(0);
  runner.run(make());
  await advance(0);
  expect(contexts).toHaveLength(2);
  expect(contexts[0]?.signal).toBeInstanceOf(AbortSignal);
  expect(contexts[1]?.signal).toBeInstanceOf(AbortSignal);
  expect(contexts[0]?.signal).not.toBe(contexts[1]?.signal);
  expect(runner.getSnapshot().status).toBe('done');
});

test("R11 previous is undefined after a task ended 'done' with undefined", async () => {
  const runner = createLastTaskRunner<string | undefined>();
  runner.run(() => 'older');
  await advance(0);
  runner.run(() => undefined);
  await advance(0);
  const { contexts, make } = contextRecorder<string | undefined>(() => 'next');
  runner.run(make());
  await advance(0);
  expect(contexts[0]?.previous).toBeUndefined();
});
