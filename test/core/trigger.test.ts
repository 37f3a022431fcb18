import { describe, expect, expectTypeOf, test, vi } from 'vitest';
import { createLastTaskLanes, createLastTaskRunner, type TaskContext, type TaskTrigger } from '../../src/index';
import { advance, controlledTask, flushMicrotasks, track, withRunnerTestEnv } from '../helpers/core';

withRunnerTestEnv();

/** A task that resolves with its own trigger, and records every context it got. */
function triggerTask() {
  const contexts: TaskContext<string>[] = [];
  const task = vi.fn((ctx: TaskContext<string>) => {
    contexts.push(ctx);
    return ctx.trigger;
  });
  return { task, contexts };
}

/** A task that fails `failures` times (rejecting), then resolves; records every context it got. */
function failsThen(failures: number) {
  const contexts: TaskContext<string>[] = [];
  const task = vi.fn(async (ctx: TaskContext<string>) => {
    contexts.push(ctx);
    if (contexts.length <= failures) throw new Error(`attempt ${ctx.attempt} failed`);
    return 'ok';
  });
  return { task, contexts };
}

describe("W1 'delay'", () => {
  test("W1 a task started because its delay passed has trigger 'delay'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const t = triggerTask();
    const outcome = track(runner.run(t.task));
    await advance(100);
    expect(outcome.value).toEqual({ status: 'done', value: 'delay' });
  });

  test("W1 a delay of 0 (runner's or per call) is still 'delay'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const perCall = track(runner.run(triggerTask().task, { delay: 0 }));
    await advance(0);
    expect(perCall.value).toEqual({ status: 'done', value: 'delay' });

    const zero = createLastTaskRunner<string>();
    const outcome = track(zero.run(triggerTask().task));
    await advance(0);
    expect(outcome.value).toEqual({ status: 'done', value: 'delay' });
  });

  test("W1 the last task of a burst that ends before maxWait is 'delay'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 250 });
    runner.run(triggerTask().task);
    await advance(80);
    const t = triggerTask();
    const outcome = track(runner.run(t.task)); // due at t = 180 < 250
    await advance(99);
    expect(t.task).not.toHaveBeenCalled();
    await advance(1);
    expect(outcome.value).toEqual({ status: 'done', value: 'delay' });
  });

  test("W1 a burst whose delay ends exactly at the maxWait deadline is 'delay' (the deadline did not come before it)", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 150 });
    runner.run(triggerTask().task); // t = 0: the burst's deadline is t = 150
    await advance(50);
    const t = triggerTask();
    const outcome = track(runner.run(t.task)); // t = 50: own delay ends at 150 too
    await advance(99);
    expect(t.task).not.toHaveBeenCalled();
    await advance(1);
    expect(outcome.value).toEqual({ status: 'done', value: 'delay' });
  });
});

describe("W1 'maxWait'", () => {
  test("W1 a task forced by its burst's maxWait has trigger 'maxWait'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 250 });
    const replaced = triggerTask();
    runner.run(replaced.task);
    await advance(80);
    runner.run(replaced.task);
    await advance(80);
    const t = triggerTask();
    const outcome = track(runner.run(t.task)); // t = 160: own delay ends at 260, deadline at 250
    await advance(89); // t = 249
    expect(t.task).not.toHaveBeenCalled();
    await advance(1); // t = 250
    expect(outcome.value).toEqual({ status: 'done', value: 'maxWait' });
    expect(replaced.task).not.toHaveBeenCalled();
  });

  test("W1 with a maxWait below the delay, the second call of a burst is forced at the delay after the first: 'maxWait'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 50 });
    runner.run(triggerTask().task);
    await advance(50);
    const t = triggerTask();
    const outcome = track(runner.run(t.task)); // own delay ends at 150; the burst is forced at 100
    await advance(50);
    expect(outcome.value).toEqual({ status: 'done', value: 'maxWait' });
  });
});

describe("W1 'flush'", () => {
  test("W1 a task started by flush() has trigger 'flush'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 1000 });
    const t = triggerTask();
    const fromRun = runner.run(t.task);
    expect(runner.flush()).toBe(fromRun);
    expect(t.task).toHaveBeenCalledTimes(1);
    expect(await fromRun).toEqual({ status: 'done', value: 'flush' });
  });

  test("W1 a task flushed before its maxWait deadline is 'flush'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 150 });
    runner.run(triggerTask().task);
    await advance(90);
    const fromRun = runner.run(triggerTask().task); // forced at 150
    runner.flush();
    expect(await fromRun).toEqual({ status: 'done', value: 'flush' });
  });

  test("W1 keepLatest: a task made ready by flush() while it waits for a running task keeps 'flush'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, mode: 'keepLatest' });
    const running = controlledTask<string>();
    runner.run(running.task);
    await advance(100);
    const t = triggerTask();
    const fromRun = runner.run(t.task);
    expect(runner.flush()).toBe(fromRun);
    expect(t.task).not.toHaveBeenCalled();
    await advance(300); // its delay passes meanwhile
    running.call(0).resolve('first');
    await flushMicrotasks();
    expect(t.task).toHaveBeenCalledTimes(1);
    expect(await fromRun).toEqual({ status: 'done', value: 'flush' });
  });

  test("W1 keepLatest: a flushed task that waits starts the moment the running task settles, before its own delay, with 'flush'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 1000, mode: 'keepLatest' });
    const running = controlledTask<string>();
    runner.run(running.task);
    void runner.flush();
    const t = triggerTask();
    const fromRun = runner.run(t.task);
    void runner.flush();
    await advance(10);
    running.call(0).resolve('first');
    await flushMicrotasks();
    expect(t.task).toHaveBeenCalledTimes(1);
    expect(await fromRun).toEqual({ status: 'done', value: 'flush' });
  });

  test("W1 keepLatest: a task made ready by its timer while it waits for a running task keeps 'delay'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, mode: 'keepLatest' });
    const running = controlledTask<string>();
    runner.run(running.task);
    await advance(100);
    const t = triggerTask();
    const fromRun = runner.run(t.task);
    await advance(250); // ready at t = 200, still waiting
    expect(t.task).not.toHaveBeenCalled();
    running.call(0).resolve('first');
    await flushMicrotasks();
    expect(t.task).toHaveBeenCalledTimes(1);
    expect(await fromRun).toEqual({ status: 'done', value: 'delay' });
  });

  test("W1 keepLatest: a task made ready by its burst's maxWait while it waits for a running task keeps 'maxWait'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 150, mode: 'keepLatest' });
    const running = controlledTask<string>();
    runner.run(running.task);
    await advance(100); // t = 100, running; the next burst starts below
    runner.run(triggerTask().task); // t = 100, deadline 250
    await advance(90);
    const t = triggerTask();
    const fromRun = runner.run(t.task); // t = 190: own delay ends at 290, deadline 250
    await advance(100); // t = 290: ready at 250 by maxWait
    running.call(0).resolve('first');
    await flushMicrotasks();
    expect(t.task).toHaveBeenCalledTimes(1);
    expect(await fromRun).toEqual({ status: 'done', value: 'maxWait' });
  });

  test("W1 keepLatest: a task whose running predecessor settles before its delay starts at its delay with 'delay'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, mode: 'keepLatest' });
    const running = controlledTask<string>();
    runner.run(running.task);
    await advance(100);
    const t = triggerTask();
    const fromRun = runner.run(t.task);
    await advance(10);
    running.call(0).resolve('first');
    await flushMicrotasks();
    expect(t.task).not.toHaveBeenCalled();
    await advance(90);
    expect(await fromRun).toEqual({ status: 'done', value: 'delay' });
  });

  test("W1 keepLatest: a flush() that reaches a task already made ready by its timer gives its reason: 'flush'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, mode: 'keepLatest' });
    const running = controlledTask<string>();
    runner.run(running.task);
    await advance(100);
    const t = triggerTask();
    const fromRun = runner.run(t.task);
    await advance(150); // ready by its timer at t = 200
    expect(runner.flush()).toBe(fromRun);
    expect(t.task).not.toHaveBeenCalled();
    running.call(0).resolve('first');
    await flushMicrotasks();
    expect(await fromRun).toEqual({ status: 'done', value: 'flush' });
  });

  test("W1 keepLatest: a task that replaces a flushed one of equal priority is not flushed itself (R2): it waits its delay, 'delay'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, mode: 'keepLatest' });
    const running = controlledTask<string>();
    runner.run(running.task);
    await advance(100);
    const flushed = track(runner.run(triggerTask().task));
    void runner.flush();
    const t = triggerTask();
    const fromRun = runner.run(t.task); // due 100 ms later
    await advance(10);
    running.call(0).resolve('first');
    await flushMicrotasks();
    expect(flushed.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(t.task).not.toHaveBeenCalled();
    await advance(90);
    expect(await fromRun).toEqual({ status: 'done', value: 'delay' });
  });

  test("W1 restart mode with a running task of higher priority (P2): flushed → 'flush', made ready by its timer → 'delay'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const high = controlledTask<string>();
    runner.run(high.task, { priority: 1 });
    await advance(100);
    const flushedTask = triggerTask();
    const flushed = runner.run(flushedTask.task);
    void runner.flush();
    high.call(0).resolve('high');
    await flushMicrotasks();
    expect(await flushed).toEqual({ status: 'done', value: 'flush' });

    const high2 = controlledTask<string>();
    runner.run(high2.task, { priority: 1 });
    await advance(100);
    const timed = runner.run(triggerTask().task);
    await advance(200);
    high2.call(0).resolve('high 2');
    await flushMicrotasks();
    expect(await timed).toEqual({ status: 'done', value: 'delay' });
  });
});

describe('W1 retries keep the trigger of their first attempt', () => {
  test("W1 a task started by flush() retries with trigger 'flush'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 1000, retry: { attempts: 3, delay: 100 } });
    const t = failsThen(2);
    const fromRun = runner.run(t.task);
    void runner.flush();
    await advance(100);
    await advance(100);
    expect(await fromRun).toEqual({ status: 'done', value: 'ok' });
    expect(t.contexts.map((c) => [c.attempt, c.trigger])).toEqual([
      [1, 'flush'],
      [2, 'flush'],
      [3, 'flush'],
    ]);
  });

  test("W1 a task forced by maxWait retries with trigger 'maxWait'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 150, retry: { attempts: 2, delay: 100 } });
    runner.run(triggerTask().task);
    await advance(90);
    const t = failsThen(1);
    const fromRun = runner.run(t.task); // forced at 150
    await advance(60);
    await advance(100);
    expect(await fromRun).toEqual({ status: 'done', value: 'ok' });
    expect(t.contexts.map((c) => c.trigger)).toEqual(['maxWait', 'maxWait']);
  });

  test("W1 an attempt that flush() starts early (T5) carries the flush's reason: 'delay', then 'flush'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, retry: { attempts: 3, delay: 1000 } });
    const t = failsThen(1);
    const fromRun = runner.run(t.task);
    await advance(100);
    await advance(10);
    void runner.flush();
    expect(t.task).toHaveBeenCalledTimes(2);
    expect(await fromRun).toEqual({ status: 'done', value: 'ok' });
    expect(t.contexts.map((c) => c.trigger)).toEqual(['delay', 'flush']);
  });

  test("W1 a task that waited and was made ready by flush() retries with 'flush'", async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, mode: 'keepLatest', retry: { attempts: 2, delay: 50 } });
    const running = controlledTask<string>();
    runner.run(running.task);
    await advance(100);
    const t = failsThen(1);
    const fromRun = runner.run(t.task);
    void runner.flush();
    running.call(0).resolve('first');
    await flushMicrotasks();
    await advance(50);
    expect(await fromRun).toEqual({ status: 'done', value: 'ok' });
    expect(t.contexts.map((c) => c.trigger)).toEqual(['flush', 'flush']);
  });
});

describe('W1 on lanes', () => {
  test("W1 lanes: 'delay' when a lane's delay passes, 'flush' for flush(key), and flush(key) leaves other lanes on 'delay'", async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 100 });
    const a = triggerTask();
    const b = triggerTask();
    const fromA = lanes.run('a', a.task);
    const fromB = lanes.run('b', b.task);
    expect(lanes.flush('a')).toBe(fromA);
    expect(a.task).toHaveBeenCalledTimes(1);
    expect(b.task).not.toHaveBeenCalled();
    await advance(100);
    expect(await fromA).toEqual({ status: 'done', value: 'flush' });
    expect(await fromB).toEqual({ status: 'done', value: 'delay' });
  });

  test("W1 lanes: flush() gives 'flush' to every busy lane's waiting task", async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 100 });
    lanes.run('a', triggerTask().task);
    lanes.run('b', triggerTask().task);
    expect(await lanes.flush()).toEqual([
      { status: 'done', value: 'flush' },
      { status: 'done', value: 'flush' },
    ]);
  });

  test("W1 lanes: a burst forced by maxWait on a lane is 'maxWait'; another lane's burst is its own", async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 100, maxWait: 150 });
    lanes.run('a', triggerTask().task);
    await advance(90);
    const fromA = lanes.run('a', triggerTask().task); // forced at 150
    const fromB = lanes.run('b', triggerTask().task); // t = 90: b's first call, due at 190
    await advance(60);
    expect(await fromA).toEqual({ status: 'done', value: 'maxWait' });
    await advance(40);
    expect(await fromB).toEqual({ status: 'done', value: 'delay' });
  });

  test("W1 lanes (keepLatest): made ready by flush(key) while waiting keeps 'flush'; made ready by its timer keeps 'delay'", async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 100, mode: 'keepLatest' });
    const a = controlledTask<string>();
    const b = controlledTask<string>();
    lanes.run('a', a.task);
    lanes.run('b', b.task);
    await advance(100);
    const fromA = lanes.run('a', triggerTask().task);
    void lanes.flush('a');
    const fromB = lanes.run('b', triggerTask().task);
    await advance(200);
    a.call(0).resolve('a');
    b.call(0).resolve('b');
    await flushMicrotasks();
    expect(await fromA).toEqual({ status: 'done', value: 'flush' });
    expect(await fromB).toEqual({ status: 'done', value: 'delay' });
  });

  test('W1 lanes: retries keep the trigger of their first attempt', async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 100, retry: { attempts: 2, delay: 50 } });
    const a = failsThen(1);
    const b = failsThen(1);
    const fromA = lanes.run('a', a.task);
    const fromB = lanes.run('b', b.task);
    void lanes.flush('a');
    await advance(100);
    await advance(50);
    expect(await fromA).toEqual({ status: 'done', value: 'ok' });
    expect(await fromB).toEqual({ status: 'done', value: 'ok' });
    expect(a.contexts.map((c) => c.trigger)).toEqual(['flush', 'flush']);
    expect(b.contexts.map((c) => c.trigger)).toEqual(['delay', 'delay']);
  });
});

test('W2 the trigger type is exported as TaskTrigger and is the type of ctx.trigger', () => {
  expectTypeOf<TaskTrigger>().toEqualTypeOf<'delay' | 'maxWait' | 'flush' | 'unmount' | 'hidden'>();
  expectTypeOf<TaskContext<unknown>['trigger']>().toEqualTypeOf<TaskTrigger>();
});
