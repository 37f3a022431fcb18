import { expect, test, vi } from 'vitest';
import { createLastTaskRunner, type TaskContext } from '../../src/index';
import { advance, deferred, flushMicrotasks, track, withRunnerTestEnv } from '../helpers/core';

withRunnerTestEnv();

test('R2 a run() while a task is pending replaces it; the replaced promise resolves superseded at once', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const replaced = vi.fn(() => 'old');
  const latest = vi.fn(() => 'new');
  const first = track(runner.run(replaced));
  await advance(40);

  const second = track(runner.run(latest));
  await flushMicrotasks(); // no time passes
  expect(first.value).toEqual({ status: 'cancelled', reason: 'superseded' });
  expect(first.rejected).toBe(false);
  expect(second.settled).toBe(false);
  expect(runner.getSnapshot().status).toBe('pending');
});

test('R2 the replaced task never starts, however long one waits', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const replaced = vi.fn(() => 'old');
  const latest = vi.fn(() => 'new');
  runner.run(replaced);
  await advance(50);
  const second = track(runner.run(latest));

  await advance(10_000);
  expect(replaced).not.toHaveBeenCalled();
  expect(latest).toHaveBeenCalledTimes(1);
  expect(second.value).toEqual({ status: 'done', value: 'new' });
  expect(runner.getSnapshot().value).toBe('new');
});

test('R2 the timer restarts from the newest call (trailing debounce)', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const replaced = vi.fn(() => 'old');
  const latest = vi.fn(() => 'new');
  runner.run(replaced);
  await advance(60);
  runner.run(latest); // t = 60, due at t = 160

  await advance(40); // t = 100: the first call's deadline
  expect(replaced).not.toHaveBeenCalled();
  expect(latest).not.toHaveBeenCalled();
  await advance(59); // t = 159
  expect(latest).not.toHaveBeenCalled();
  await advance(1); // t = 160
  expect(latest).toHaveBeenCalledTimes(1);
  expect(replaced).not.toHaveBeenCalled();
});

test('R2 a steady stream of calls closer than the delay starts nothing until the stream stops', async () => {
  const runner = createLastTaskRunner<number>({ delay: 100 });
  const tasks = Array.from({ length: 10 }, (_, i) => vi.fn(() => i));
  const outcomes = [];
  for (const task of tasks) {
    outcomes.push(track(runner.run(task)));
    await advance(90);
  }
  // t = 900, the last call was at t = 810
  for (const task of tasks) expect(task).not.toHaveBeenCalled();
  await advance(10);
  for (const task of tasks.slice(0, -1)) expect(task).not.toHaveBeenCalled();
  expect(tasks[9]).toHaveBeenCalledTimes(1);
  for (const outcome of outcomes.slice(0, -1)) {
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
  }
  expect(outcomes[9]?.value).toEqual({ status: 'done', value: 9 });
});

test('R2 each replaced promise resolves as soon as its successor is called, in call order', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const a = track(runner.run(() => 'a'));
  await flushMicrotasks();
  expect(a.settled).toBe(false);

  const b = track(runner.run(() => 'b'));
  await flushMicrotasks();
  expect(a.value).toEqual({ status: 'cancelled', reason: 'superseded' });
  expect(b.settled).toBe(false);

  const c = track(runner.run(() => 'c'));
  await flushMicrotasks();
  expect(b.value).toEqual({ status: 'cancelled', reason: 'superseded' });
  expect(c.settled).toBe(false);
});

test('R2 the newest call decides the delay: a shorter per-call delay replaces a longer pending one', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const replaced = vi.fn(() => 'old');
  const latest = vi.fn(() => 'new');
  runner.run(replaced, { delay: 500 });
  await advance(10);
  runner.run(latest, { delay: 50 }); // due at t = 60

  await advance(49);
  expect(latest).not.toHaveBeenCalled();
  await advance(1);
  expect(latest).toHaveBeenCalledTimes(1);
  await advance(1000);
  expect(replaced).not.toHaveBeenCalled();
});

test('R2 the newest call decides the delay: a longer per-call delay replaces a shorter pending one', async () => {
  const runner = createLastTaskRunner<string>({ delay: 100 });
  const replaced = vi.fn(() => 'old');
  const latest = vi.fn(() => 'new');
  runner.run(replaced, { delay: 50 });
  await advance(10);
  runner.run(latest, { delay: 500 }); // due at t = 510

  await advance(50); // t = 60: the replaced call's deadline
  expect(replaced).not.toHaveBeenCalled();
  expect(latest).not.toHaveBeenCalled();
  await advance(449); // t = 509
  expect(latest).not.toHaveBeenCalled();
  await advance(1);
  expect(latest).toHaveBeenCalledTimes(1);
  expect(replaced).not.toHaveBeenCalled();
});

test('R2 in keepLatest mode a task waiting behind a running one is replaced too; the running one is untouched', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10, mode: 'keepLatest' });
  const running = deferred<string>();
  let runningSignal: AbortSignal | undefined;
  const runningTask = vi.fn(({ signal }: TaskContext<string>) => {
    runningSignal = signal;
    return running.promise;
  });
  const runningOutcome = track(runner.run(runningTask));
  await advance(10);
  expect(runningTask).toHaveBeenCalledTimes(1);

  const waiting = vi.fn(() => 'waiting');
  const latest = vi.fn(() => 'latest');
  const waitingOutcome = track(runner.run(waiting));
  await advance(20);
  const latestOutcome = track(runner.run(latest));
  await flushMicrotasks();
  expect(waitingOutcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
  expect(runningSignal?.aborted).toBe(false);
  expect(runningOutcome.settled).toBe(false);

  running.resolve('running');
  await advance(10);
  expect(runningOutcome.value).toEqual({ status: 'done', value: 'running' });
  expect(waiting).not.toHaveBeenCalled();
  expect(latest).toHaveBeenCalledTimes(1);
  expect(latestOutcome.value).toEqual({ status: 'done', value: 'latest' });
});

test('R2 in restart mode a task that replaced an aborted one is itself replaced while pending', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10 });
  const running = deferred<string>();
  runner.run(() => running.promise);
  await advance(10);

  const middle = vi.fn(() => 'middle');
  const last = vi.fn(() => 'last');
  const middleOutcome = track(runner.run(middle));
  const lastOutcome = track(runner.run(last));
  await flushMicrotasks();
  expect(middleOutcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });

  await advance(10);
  expect(middle).not.toHaveBeenCalled();
  expect(last).toHaveBeenCalledTimes(1);
  expect(lastOutcome.value).toEqual({ status: 'done', value: 'last' });
  running.resolve('late');
});
