import { describe, expect, test, vi } from 'vitest';
import { checkOptions } from '../../src/core/checkOptions';
import { createRunner } from '../../src/core/createRunner';
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

const restartRunners: Array<[string, () => LastTaskRunner<string>]> = [
  ['the default mode', () => createLastTaskRunner<string>({ delay: 10 })],
  ["mode 'restart'", () => createLastTaskRunner<string>({ delay: 10, mode: 'restart' })],
];

/** Starts a task that waits on a deferred promise and returns what a test needs to steer it. */
async function startRunning(runner: LastTaskRunner<string>) {
  const gate = deferred<string>();
  const contexts: Array<TaskContext<string>> = [];
  const task = vi.fn((ctx: TaskContext<string>) => {
    contexts.push(ctx);
    return gate.promise;
  });
  const outcome = track(runner.run(task));
  await advance(10);
  expect(task).toHaveBeenCalledTimes(1);
  expect(runner.getSnapshot().status).toBe('running');
  const signal = contexts[0]!.signal;
  return { gate, task, outcome, signal };
}

test.each(restartRunners)(
  'R3 (%s) a run() while a task is running aborts its signal at once, inside the run() call',
  async (_, make) => {
    const runner = make();
    const running = await startRunning(runner);
    expect(running.signal.aborted).toBe(false);

    runner.run(() => 'next');
    expect(running.signal.aborted).toBe(true);
  },
);

test.each(restartRunners)(
  "R3 (%s) the aborted task's promise resolves superseded at once, before the task itself settles",
  async (_, make) => {
    const runner = make();
    const running = await startRunning(runner);

    const next = track(runner.run(() => 'next'));
    await flushMicrotasks(); // no time passes, the aborted task has not settled
    expect(running.outcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(running.outcome.rejected).toBe(false);
    expect(next.settled).toBe(false);
  },
);

test('R3 after aborting the running task the new task still waits for its own delay', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10 });
  const running = await startRunning(runner);
  const next = vi.fn(() => 'next');
  runner.run(next, { delay: 200 });
  expect(runner.getSnapshot().status).toBe('pending');

  await advance(199);
  expect(next).not.toHaveBeenCalled();
  await advance(1);
  expect(next).toHaveBeenCalledTimes(1);
  running.gate.resolve('late');
});

test('R3 a value the aborted task resolves later changes no state and notifies no listener', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10 });
  const running = await startRunning(runner);
  const next = deferred<string>();
  runner.run(() => next.promise, { delay: 100 });
  const recorder = record(runner);
  const before = runner.getSnapshot();
  expect(before.status).toBe('pending');

  running.gate.resolve('stale');
  await flushMicrotasks();
  expect(runner.getSnapshot()).toBe(before);
  expect(runner.getSnapshot().value).toBeUndefined();
  expect(recorder.listener).not.toHaveBeenCalled();
  expect(running.outcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });

  await advance(100);
  next.resolve('fresh');
  await flushMicrotasks();
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'fresh', error: undefined });
});

test('R3 a rejection by the aborted task later changes no state and causes no unhandled rejection', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10 });
  const running = await startRunning(runner);
  runner.run(() => 'next', { delay: 100 });
  const recorder = record(runner);
  const before = runner.getSnapshot();

  running.gate.reject(new Error('boom after abort'));
  await flushMicrotasks();
  expect(runner.getSnapshot()).toBe(before);
  expect(runner.getSnapshot().status).toBe('pending');
  expect(runner.getSnapshot().error).toBeUndefined();
  expect(recorder.listener).not.toHaveBeenCalled();
  expect(running.outcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });

  await advance(100);
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'next', error: undefined });
  // the unhandled-rejection check runs after the test (withRunnerTestEnv)
});

test('R3 an older, slower task resolving after the newer one finished does not overwrite its value', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10 });
  const older = await startRunning(runner);
  const newer = deferred<string>();
  const newerOutcome = track(runner.run(() => newer.promise));
  await advance(10);

  newer.resolve('newer');
  await flushMicrotasks();
  expect(runner.getSnapshot()).toEqual({ status: 'done', value: 'newer', error: undefined });
  const recorder = record(runner);
  const settled = runner.getSnapshot();

  older.gate.resolve('older');
  await flushMicrotasks();
  expect(runner.getSnapshot()).toBe(settled);
  expect(recorder.listener).not.toHaveBeenCalled();
  expect(older.outcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
  expect(newerOutcome.value).toEqual({ status: 'done', value: 'newer' });
});

test('R3 an older task rejecting after the newer one finished does not turn the runner to error', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10 });
  const older = await startRunning(runner);
  runner.run(() => 'newer');
  await advance(10);
  const settled = runner.getSnapshot();
  expect(settled.status).toBe('done');

  older.gate.reject(new Error('late failure'));
  await flushMicrotasks();
  expect(runner.getSnapshot()).toBe(settled);
});

test("R3 the aborted task's late value never becomes `previous` of a later task", async () => {
  const runner = createLastTaskRunner<string>({ delay: 10 });
  runner.run(() => 'first');
  await advance(10);
  const running = await startRunning(runner);
  const next = vi.fn(({ previous }: TaskContext<string>) => `after ${String(previous)}`);
  runner.run(next, { delay: 50 });
  running.gate.resolve('aborted value');
  await advance(50);

  expect(next).toHaveBeenCalledTimes(1);
  expect(next.mock.calls[0]![0].previous).toBe('first');
  expect(runner.getSnapshot().value).toBe('after first');
});

test('R3 the restart sequence notifies once per observable change: running → pending → running → done', async () => {
  const runner = createLastTaskRunner<string>({ delay: 10 });
  const running = await startRunning(runner);
  const recorder = record(runner);

  runner.run(() => 'next');
  running.gate.resolve('ignored');
  await advance(10);
  expect(recorder.statuses()).toEqual(['pending', 'running', 'done']);
  expectEveryCallAChange(recorder);
});

// Before R3 was amended, a flush that starts a newer task at once (useAutosave's second "Save now", raised to
// priority 1) called it before the older task's signal was aborted.
test('R3 a task started at once by a raised flush is called only after the task it supersedes was aborted: they never overlap', async () => {
  const runner = createRunner<string>(checkOptions({ delay: 10 }));
  const signals: AbortSignal[] = [];
  const seen: boolean[] = [];
  const task = ({ signal }: TaskContext<string>) => {
    seen.push(...signals.map((s) => s.aborted));
    signals.push(signal);
    return deferred<string>().promise;
  };
  const first = track(runner.run(task));
  void runner.flushFor('flush', { priority: 1 });
  void runner.run(task); // priority 0: waits for the running task of priority 1 (P2)
  void runner.flushFor('flush', { priority: 1 }); // raised to 1: aborts it and starts at once (P4)
  expect(signals).toHaveLength(2);
  expect(seen).toEqual([true]); // the older signal was aborted when the newer task was called
  await flushMicrotasks();
  expect(first.value).toEqual({ status: 'cancelled', reason: 'superseded' });
});

test('R3 R15 an abort listener that calls cancel() when a raised flush supersedes its task: the flushed task never starts', async () => {
  const runner = createRunner<string>(checkOptions({ delay: 10 }));
  const first = vi.fn(({ signal }: TaskContext<string>) => {
    signal.addEventListener('abort', () => runner.cancel());
    return deferred<string>().promise;
  });
  void runner.run(first);
  void runner.flushFor('flush', { priority: 1 });
  const flushed = vi.fn(() => 'flushed');
  const outcome = track(runner.run(flushed)); // priority 0: waits for the running task of priority 1 (P2)
  void runner.flushFor('flush', { priority: 1 }); // raised to 1: aborts it, and its listener cancels this one
  await advance(100);
  expect(first).toHaveBeenCalledTimes(1);
  expect(flushed).not.toHaveBeenCalled();
  expect(outcome.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
  expect(runner.getSnapshot().status).toBe('cancelled');
});

describe('H3 H4 internal runner controls (used by the hooks): suspend, resume, dispose', () => {
  test('H3 resume() does not bring a disposed runner back: run() still resolves cancelled/disposed', async () => {
    const runner = createRunner<string>(checkOptions({ delay: 10 }));
    runner.dispose();
    runner.resume();
    const task = vi.fn(() => 'v');
    const outcome = track(runner.run(task));
    await advance(100);
    expect(task).not.toHaveBeenCalled();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('H3 a second suspend() in a later tick keeps run() refused at once: the snapshot does not move', async () => {
    const runner = createRunner<string>(checkOptions({ delay: 10 }));
    runner.suspend();
    await flushMicrotasks();
    const snapshot = runner.getSnapshot();
    runner.suspend();
    const task = vi.fn(() => 'v');
    const outcome = track(runner.run(task));
    expect(runner.getSnapshot()).toBe(snapshot);
    await advance(100);
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(task).not.toHaveBeenCalled();
  });

  test('H4 a listener subscribed while the runner is suspended hears of the changes after resume()', async () => {
    const runner = createRunner<string>(checkOptions({ delay: 10 }));
    runner.suspend();
    await flushMicrotasks();
    const listener = vi.fn();
    runner.subscribe(listener);
    runner.resume();
    runner.run(() => 'v');
    await advance(10);
    expect(listener).toHaveBeenCalledTimes(3); // pending, running, done
  });

  test('H4 R1 a run() taken while closing, then the clock goes back before resume(): it still starts after its delay', async () => {
    vi.setSystemTime(1_000_000);
    const runner = createRunner<string>(checkOptions({ delay: 100 }));
    runner.suspend(); // StrictMode's simulated unmount: run() is taken without a timer until resume()
    const task = vi.fn(() => 'v');
    const outcome = track(runner.run(task));
    vi.setSystemTime(Date.now() - 3_600_000); // an NTP correction, seen first by resume()
    runner.resume();
    await advance(99);
    expect(task).not.toHaveBeenCalled();
    await advance(1);
    expect(task, 'started 100 ms after resume(), not an hour late').toHaveBeenCalledTimes(1);
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'done', value: 'v' });
  });

  test('H4 resume() after suspend() takes run() again, with a timer', async () => {
    const runner = createRunner<string>(checkOptions({ delay: 10 }));
    runner.suspend();
    await flushMicrotasks();
    expect((await runner.run(() => 'refused')).status).toBe('cancelled');
    runner.resume();
    const outcome = track(runner.run(() => 'v'));
    expect(vi.getTimerCount()).toBe(1);
    await advance(10);
    expect(outcome.value).toEqual({ status: 'done', value: 'v' });
  });
});
