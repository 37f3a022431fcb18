import { expect, test, vi } from 'vitest';
import { createLastTaskRunner, type TaskContext } from '../../src/index';
import { advance, deferred, flushMicrotasks, track, withRunnerTestEnv } from '../helpers/core';

withRunnerTestEnv();

test("R6 a task that returns a value synchronously ends 'done' with it", async () => {
  const runner = createLastTaskRunner<string>();
  const outcome = track(runner.run(() => 'sync'));
  await advance(0);
  expect(outcome.value).toEqual({ status: 'done', value: 'sync' });
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'sync', error: undefined });
});

test("R6 a task whose promise resolves ends 'done' with the resolved value", async () => {
  const runner = createLastTaskRunner<string>();
  const gate = deferred<string>();
  const outcome = track(runner.run(() => gate.promise));
  await advance(0);
  expect(runner.getSnapshot().status).toBe('running');
  gate.resolve('async');
  await flushMicrotasks();
  expect(outcome.value).toEqual({ status: 'done', value: 'async' });
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'async', error: undefined });
});

test("R6 a task returning a non-native thenable (PromiseLike) ends 'done' with its value", async () => {
  const runner = createLastTaskRunner<string>();
  const thenable: PromiseLike<string> = {
    then(onFulfilled) {
      return Promise.resolve('thenable').then(onFulfilled);
    },
  } as PromiseLike<string>;
  const outcome = track(runner.run(() => thenable));
  await advance(0);
  expect(outcome.value).toEqual({ status: 'done', value: 'thenable' });
});

test("R6 undefined is a value: a task returning undefined ends 'done' and replaces the previous value", async () => {
  const runner = createLastTaskRunner<string | undefined>();
  runner.run(() => 'before');
  await advance(0);
  expect(runner.getSnapshot().value).toBe('before');

  const outcome = track(runner.run(() => undefined));
  await advance(0);
  expect(outcome.value).toEqual({ status: 'done', value: undefined });
  expect(outcome.value).toHaveProperty('value');
  expect(runner.getSnapshot().status).toBe('done');
  expect(runner.getSnapshot().value).toBeUndefined();

  const next = vi.fn((ctx: TaskContext<string | undefined>) => ctx.previous);
  runner.run(next);
  await advance(0);
  expect(next.mock.calls[0]![0].previous).toBeUndefined();
});

test("R6 null is a value: a task resolving null ends 'done' with null, which becomes the value and `previous`", async () => {
  const runner = createLastTaskRunner<string | null>();
  runner.run(() => 'before');
  await advance(0);

  const outcome = track(runner.run(() => Promise.resolve(null)));
  await advance(0);
  expect(outcome.value).toEqual({ status: 'done', value: null });
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: null, error: undefined });

  const next = vi.fn((ctx: TaskContext<string | null>) => ctx.previous ?? 'none');
  runner.run(next);
  await advance(0);
  expect(next.mock.calls[0]![0].previous).toBeNull();
});

test("R6 a task that throws synchronously ends 'error' with the thrown error", async () => {
  const runner = createLastTaskRunner<string>();
  const failure = new Error('sync failure');
  const outcome = track(
    runner.run(() => {
      throw failure;
    }),
  );
  await advance(0);
  expect(outcome.rejected).toBe(false);
  expect(outcome.value).toEqual({ status: 'error', error: failure });
  expect(runner.getSnapshot().status).toBe('error');
  expect(runner.getSnapshot().error).toBe(failure);
});

test("R6 a task that rejects ends 'error' with the rejection reason", async () => {
  const runner = createLastTaskRunner<string>();
  const gate = deferred<string>();
  const outcome = track(runner.run(() => gate.promise));
  await advance(0);
  const failure = new TypeError('async failure');
  gate.reject(failure);
  await flushMicrotasks();
  expect(outcome.rejected).toBe(false);
  expect(outcome.value).toEqual({ status: 'error', error: failure });
  expect(runner.getSnapshot().error).toBe(failure);
});

test("R6 a task that rejects with undefined still ends 'error' (the error value is undefined)", async () => {
  const runner = createLastTaskRunner<string>();
  const outcome = track(runner.run(() => Promise.reject(undefined)));
  await advance(0);
  expect(outcome.value).toEqual({ status: 'error', error: undefined });
  expect(runner.getSnapshot().status).toBe('error');
});

test("R6 a task that throws a non-Error value ends 'error' with that value", async () => {
  const runner = createLastTaskRunner<string>();
  const outcome = track(
    runner.run(() => {
      throw 'plain string';
    }),
  );
  await advance(0);
  expect(outcome.value).toEqual({ status: 'error', error: 'plain string' });
  expect(runner.getSnapshot().error).toBe('plain string');
});

test("R6 a task returning a thenable whose then() throws ends 'error'", async () => {
  const runner = createLastTaskRunner<string>();
  const failure = new Error('then exploded');
  const thenable = {
    then() {
      throw failure;
    },
  } as unknown as PromiseLike<string>;
  const outcome = track(runner.run(() => thenable));
  await advance(0);
  expect(outcome.value).toEqual({ status: 'error', error: failure });
  expect(runner.getSnapshot().status).toBe('error');
});

test("R6 an aborted task that catches the abort and returns a fallback still ends 'cancelled'", async () => {
  const runner = createLastTaskRunner<string>();
  const outcome = track(
    runner.run(
      ({ signal }) =>
        new Promise<string>((resolve) => {
          signal.addEventListener('abort', () => resolve('fallback'));
        }),
    ),
  );
  await advance(0);
  runner.cancel();
  await flushMicrotasks();
  expect(outcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
  expect(runner.getSnapshot().value).toBeUndefined();
  expect(runner.getSnapshot().status).toBe('cancelled');
});

test("R6 an aborted task that catches its AbortError and returns normally ends 'cancelled' (superseded)", async () => {
  const runner = createLastTaskRunner<string>();
  const gate = deferred<string>();
  const outcome = track(
    runner.run(async ({ signal }) => {
      try {
        return await new Promise<string>((resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason));
          gate.promise.then(resolve, reject);
        });
      } catch {
        return 'recovered';
      }
    }),
  );
  await advance(0);
  runner.run(() => 'next', { delay: 50 });
  await flushMicrotasks();
  expect(outcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
  await advance(50);
  expect(runner.getSnapshot().value).toBe('next');
});

test("R6 an aborted task that throws ends 'cancelled', not 'error'", async () => {
  const runner = createLastTaskRunner<string>();
  const outcome = track(
    runner.run(
      ({ signal }) =>
        new Promise<string>((_, reject) => {
          signal.addEventListener('abort', () => reject(new Error('aborted fetch')));
        }),
    ),
  );
  await advance(0);
  runner.cancel();
  await flushMicrotasks();
  expect(outcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
  expect(runner.getSnapshot().status).toBe('cancelled');
  expect(runner.getSnapshot().error).toBeUndefined();
});

test("R6 a task whose signal is aborted during its own synchronous body ends 'cancelled' even though it returns a value", async () => {
  const runner = createLastTaskRunner<string>();
  const outcome = track(
    runner.run(() => {
      runner.cancel();
      return 'returned anyway';
    }),
  );
  await advance(0);
  expect(outcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
  expect(runner.getSnapshot().status).toBe('cancelled');
  expect(runner.getSnapshot().value).toBeUndefined();
});
