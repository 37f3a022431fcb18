import { expect, test, vi } from 'vitest';
import { createLastTaskRunner, type LastTaskRunner, type TaskContext } from '../../src/index';
import { advance, deferred, flushMicrotasks, withRunnerTestEnv } from '../helpers/core';

withRunnerTestEnv();

/** Starts a never-settling task and returns its signal with a spy on its 'abort' event. */
async function startRunning(runner: LastTaskRunner<string>) {
  const gate = deferred<string>();
  let signal: AbortSignal | undefined;
  runner.run((ctx: TaskContext<string>) => {
    signal = ctx.signal;
    return gate.promise;
  });
  await advance(0);
  expect(signal).toBeDefined();
  const onAbort = vi.fn();
  signal!.addEventListener('abort', onAbort);
  return { signal: signal!, onAbort, gate };
}

function expectAbortError(signal: AbortSignal, word: string): void {
  expect(signal.aborted).toBe(true);
  expect(signal.reason).toBeInstanceOf(DOMException);
  expect((signal.reason as DOMException).name).toBe('AbortError');
  expect((signal.reason as DOMException).message).toContain(word);
}

test("R16 a superseded task's signal.reason is a DOMException named AbortError mentioning 'superseded'", async () => {
  const runner = createLastTaskRunner<string>();
  const { signal, onAbort } = await startRunning(runner);
  runner.run(() => 'next');
  expectAbortError(signal, 'superseded');
  expect(onAbort).toHaveBeenCalledTimes(1);
});

test("R16 a cancelled task's signal.reason is a DOMException named AbortError mentioning 'cancelled'", async () => {
  const runner = createLastTaskRunner<string>();
  const { signal, onAbort } = await startRunning(runner);
  runner.cancel();
  expectAbortError(signal, 'cancelled');
  expect(onAbort).toHaveBeenCalledTimes(1);
});

test("R16 a disposed task's signal.reason is a DOMException named AbortError mentioning 'disposed'", async () => {
  const runner = createLastTaskRunner<string>();
  const { signal, onAbort } = await startRunning(runner);
  runner.dispose();
  expectAbortError(signal, 'disposed');
  expect(onAbort).toHaveBeenCalledTimes(1);
});

test("R16 in keepLatest mode the running task's signal is aborted with 'cancelled' on cancel() and 'disposed' on dispose()", async () => {
  const cancelled = createLastTaskRunner<string>({ mode: 'keepLatest' });
  const first = await startRunning(cancelled);
  cancelled.run(() => 'waiting');
  expect(first.signal.aborted).toBe(false);
  cancelled.cancel();
  expectAbortError(first.signal, 'cancelled');

  const disposed = createLastTaskRunner<string>({ mode: 'keepLatest' });
  const second = await startRunning(disposed);
  disposed.run(() => 'waiting');
  disposed.dispose();
  expectAbortError(second.signal, 'disposed');
});

test('R16 a signal is aborted exactly once: a superseded task stays superseded through later run(), cancel() and dispose()', async () => {
  const runner = createLastTaskRunner<string>();
  const { signal, onAbort, gate } = await startRunning(runner);
  runner.run(() => 'second', { delay: 50 });
  const reason: unknown = signal.reason;
  runner.run(() => 'third', { delay: 50 });
  runner.cancel();
  runner.dispose();
  gate.resolve('late');
  await advance(100);

  expect(onAbort).toHaveBeenCalledTimes(1);
  expect(signal.reason).toBe(reason);
  expectAbortError(signal, 'superseded');
});

test('R16 a cancelled task is not aborted again by dispose()', async () => {
  const runner = createLastTaskRunner<string>();
  const { signal, onAbort } = await startRunning(runner);
  runner.cancel();
  runner.dispose();
  expect(onAbort).toHaveBeenCalledTimes(1);
  expectAbortError(signal, 'cancelled');
});

test('R16 a task that ended done or error keeps an un-aborted signal through later run(), cancel() and dispose()', async () => {
  const runner = createLastTaskRunner<string>();
  const signals: AbortSignal[] = [];
  runner.run((ctx) => {
    signals.push(ctx.signal);
    return 'done';
  });
  await advance(0);
  runner.run((ctx) => {
    signals.push(ctx.signal);
    return Promise.reject(new Error('failed'));
  });
  await advance(0);
  const onAbort = vi.fn();
  for (const signal of signals) signal.addEventListener('abort', onAbort);

  runner.run(() => 'next');
  runner.cancel();
  runner.run(() => 'again');
  await flushMicrotasks();
  runner.dispose();

  expect(signals).toHaveLength(2);
  for (const signal of signals) expect(signal.aborted).toBe(false);
  expect(onAbort).not.toHaveBeenCalled();
});

test("R16 throwIfAborted() inside an aborted task throws the runner's AbortError", async () => {
  const runner = createLastTaskRunner<string>();
  const gate = deferred<void>();
  let thrown: unknown;
  runner.run(async ({ signal }) => {
    await gate.promise;
    try {
      signal.throwIfAborted();
    } catch (error) {
      thrown = error;
    }
    return 'x';
  });
  await advance(0);
  runner.cancel();
  gate.resolve();
  await flushMicrotasks();
  expect(thrown).toBeInstanceOf(DOMException);
  expect((thrown as DOMException).name).toBe('AbortError');
  expect((thrown as DOMException).message).toContain('cancelled');
});

test('R16 a task aborted by its own reentrant run() gets a superseded AbortError, once', async () => {
  const runner = createLastTaskRunner<string>();
  let signal: AbortSignal | undefined;
  const onAbort = vi.fn();
  runner.run((ctx) => {
    signal = ctx.signal;
    ctx.signal.addEventListener('abort', onAbort);
    void runner.run(() => 'inner');
    return 'outer';
  });
  await advance(0);
  await advance(1);
  expectAbortError(signal!, 'superseded');
  expect(onAbort).toHaveBeenCalledTimes(1);
});
