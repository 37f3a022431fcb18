import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, test, vi } from 'vitest';
import {
  createLastTaskLanes,
  createLastTaskRunner,
  type LastTaskLanes,
  type Outcome,
  type RunnerSnapshot,
  type Task,
  type TaskContext,
  type TaskStatus,
} from '../../src/index';
import { createLanes } from '../../src/core/createLastTaskLanes';
import { measureBundle, reexport } from '../bench/bundleSize.mjs';
import {
  advance,
  catchReportedErrors,
  controlledTask,
  deferred,
  type Deferred,
  flushMicrotasks,
  messageOf,
  thrownBy,
  track,
  unsafe,
  withRunnerTestEnv,
} from '../helpers/core';

withRunnerTestEnv();

/** Records every listener call: the key and what the lanes reported at that moment. */
function recordLanes<K, T>(lanes: LastTaskLanes<K, T>) {
  const calls: { key: K; snapshot: RunnerSnapshot<T>; status: string }[] = [];
  const listener = vi.fn((key: K) => {
    calls.push({ key, snapshot: lanes.getSnapshot(key), status: lanes.getStatus() });
  });
  const unsubscribe = lanes.subscribe(listener);
  return {
    listener,
    calls,
    unsubscribe,
    of: (key: K) => calls.filter((c) => c.key === key).map((c) => c.snapshot.status),
  };
}

describe('L1 lanes are independent last-task runners', () => {
  test('L1 two keys whose tasks race and settle out of order each end with their own outcome; neither is aborted', async () => {
    const lanes = createLastTaskLanes<string, string>();
    const a = controlledTask<string>();
    const b = controlledTask<string>();
    const pa = track(lanes.run('a', a.task));
    const pb = track(lanes.run('b', b.task));
    await advance(0);
    expect(a.task).toHaveBeenCalledTimes(1);
    expect(b.task).toHaveBeenCalledTimes(1);
    expect(lanes.getSnapshot('a').status).toBe('running');
    expect(lanes.getSnapshot('b').status).toBe('running');

    b.call(0).resolve('B');
    await flushMicrotasks();
    expect(pb.value).toEqual({ status: 'done', value: 'B' });
    expect(pa.settled).toBe(false);
    expect(lanes.getSnapshot('a').status).toBe('running');
    a.call(0).resolve('A');
    await flushMicrotasks();
    expect(pa.value).toEqual({ status: 'done', value: 'A' });
    expect(a.call(0).ctx.signal.aborted).toBe(false);
    expect(b.call(0).ctx.signal.aborted).toBe(false);
    expect(lanes.getSnapshot('a')).toEqual({ status: 'done', value: 'A', error: undefined });
    expect(lanes.getSnapshot('b')).toEqual({ status: 'done', value: 'B', error: undefined });
  });

  test('L1 restarting one key while another key runs aborts only that key’s task (R3 per lane)', async () => {
    const lanes = createLastTaskLanes<string, number>();
    const t = controlledTask<number>();
    const a1 = track(lanes.run('a', t.task));
    const b1 = track(lanes.run('b', t.task));
    await advance(0);
    const [ctxA1, ctxB1] = [t.call(0).ctx, t.call(1).ctx];

    const a2 = track(lanes.run('a', t.task));
    expect(ctxA1.signal.aborted).toBe(true);
    expect(ctxB1.signal.aborted).toBe(false);
    await flushMicrotasks();
    expect(a1.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(lanes.getSnapshot('a').status).toBe('pending');
    expect(lanes.getSnapshot('b').status).toBe('running');

    await advance(0);
    // out of order: the restarted a finishes first, then b, then the aborted a1 (ignored, R3)
    t.call(2).resolve(2);
    await flushMicrotasks();
    t.call(1).resolve(10);
    await flushMicrotasks();
    t.call(0).resolve(1);
    await flushMicrotasks();
    expect(a2.value).toEqual({ status: 'done', value: 2 });
    expect(b1.value).toEqual({ status: 'done', value: 10 });
    expect(lanes.getSnapshot('a').value).toBe(2);
    expect(lanes.getSnapshot('b').value).toBe(10);
  });

  test('L1 a burst on one key restarts only that key’s timer; another key starts after its own delay (R1, R2 per lane)', async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 100 });
    const taskA = vi.fn(() => 'a');
    const taskB = vi.fn(() => 'b');
    const first = track(lanes.run('a', taskA));
    lanes.run('b', taskB);
    await advance(60);
    const second = track(lanes.run('a', taskA));
    await flushMicrotasks();
    expect(first.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    await advance(40);
    expect(taskB).toHaveBeenCalledTimes(1);
    expect(taskA).not.toHaveBeenCalled();
    await advance(60);
    expect(taskA).toHaveBeenCalledTimes(1);
    expect(second.value).toEqual({ status: 'done', value: 'a' });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('L1 per-call delay applies to its lane only', async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 100 });
    const taskA = vi.fn(() => 'a');
    const taskB = vi.fn(() => 'b');
    lanes.run('a', taskA, { delay: 10 });
    lanes.run('b', taskB);
    await advance(10);
    expect(taskA).toHaveBeenCalledTimes(1);
    expect(taskB).not.toHaveBeenCalled();
    await advance(90);
    expect(taskB).toHaveBeenCalledTimes(1);
  });

  test('L1 keepLatest waits for the running task of the same key only (R4 per lane)', async () => {
    const lanes = createLastTaskLanes<string, number>({ mode: 'keepLatest' });
    const t = controlledTask<number>();
    lanes.run('a', t.task);
    await advance(0);
    const queued = track(lanes.run('a', t.task));
    lanes.run('b', t.task);
    await advance(0);
    expect(t.task).toHaveBeenCalledTimes(2); // a's first and b's; a's second waits
    expect(t.call(1).ctx.seq).toBe(1);
    expect(t.call(0).ctx.signal.aborted).toBe(false);
    expect(lanes.getSnapshot('a').status).toBe('running');

    t.call(0).resolve(1);
    await flushMicrotasks();
    expect(t.task).toHaveBeenCalledTimes(3);
    expect(t.call(2).ctx).toMatchObject({ seq: 2, previous: 1 });
    t.call(2).resolve(2);
    await flushMicrotasks();
    expect(queued.value).toEqual({ status: 'done', value: 2 });
  });

  test('L1 maxWait is counted per lane from that lane’s first call of its burst (R5 per lane)', async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 100, maxWait: 250 });
    const taskA = vi.fn(() => 'a');
    const taskB = vi.fn(() => 'b');
    for (let i = 0; i < 4; i++) {
      lanes.run('a', taskA);
      if (i === 2) lanes.run('b', taskB); // b's burst starts at 120
      await advance(60);
    }
    // now 240. a: calls at 0, 60, 120, 180 → forced start at 250; b: one call at 120 → started at 220
    expect(taskB).toHaveBeenCalledTimes(1);
    expect(taskA).not.toHaveBeenCalled();
    await advance(9);
    expect(taskA).not.toHaveBeenCalled();
    await advance(1);
    expect(taskA).toHaveBeenCalledTimes(1);
  });

  test('L1 a task that runs a task on another key does not abort itself; on its own key it does (R15 per lane)', async () => {
    const lanes = createLastTaskLanes<string, string>();
    let own: AbortSignal | undefined;
    const other = vi.fn(() => 'other');
    const outcome = track(
      lanes.run('a', async ({ signal }) => {
        own = signal;
        void lanes.run('b', other);
        await Promise.resolve();
        expect(signal.aborted).toBe(false);
        void lanes.run('a', () => 'again');
        return 'first';
      }),
    );
    // a 0 ms timer set while fake timers run one fires 1 ms later
    await advance(1);
    await advance(1);
    expect(own?.aborted).toBe(true);
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(other).toHaveBeenCalledTimes(1);
    expect(lanes.getSnapshot('a')).toEqual({ status: 'done', value: 'again', error: undefined });
    expect(lanes.getSnapshot('b')).toEqual({ status: 'done', value: 'other', error: undefined });
  });

  test('L1 outcomes per lane: a sync throw, a rejection and a done undefined never reject or throw (R6, R12)', async () => {
    const lanes = createLastTaskLanes<string, unknown>();
    const boom = new Error('boom');
    const sync = lanes.run('sync', () => {
      throw boom;
    });
    const rejected = lanes.run('rejected', () => Promise.reject(boom));
    const undef = lanes.run('undef', () => undefined);
    await advance(0);
    await expect(sync).resolves.toEqual({ status: 'error', error: boom });
    await expect(rejected).resolves.toEqual({ status: 'error', error: boom });
    await expect(undef).resolves.toEqual({ status: 'done', value: undefined });
    expect(lanes.getSnapshot('sync')).toEqual({ status: 'error', value: undefined, error: boom });
    expect(lanes.flush('sync')).toBeInstanceOf(Promise);
  });

  test('L1 abort reasons per lane are AbortError DOMExceptions naming the reason, aborted once (R16)', async () => {
    const lanes = createLastTaskLanes<string, number>();
    const t = controlledTask<number>();
    lanes.run('superseded', t.task);
    lanes.run('cancelled', t.task);
    lanes.run('disposed', t.task);
    await advance(0);
    const onAbort = t.calls.map((c) => {
      const fn = vi.fn();
      c.ctx.signal.addEventListener('abort', fn);
      return fn;
    });
    lanes.run('superseded', t.task);
    lanes.cancel('cancelled');
    lanes.dispose();
    ['superseded', 'cancelled', 'disposed'].forEach((word, i) => {
      const reason: unknown = t.call(i).ctx.signal.reason;
      expect(reason).toBeInstanceOf(DOMException);
      expect((reason as DOMException).name).toBe('AbortError');
      expect((reason as DOMException).message).toContain(word);
      expect(onAbort[i]).toHaveBeenCalledTimes(1);
    });
  });
});

describe('L2 seq and previous are the lane’s own', () => {
  test('L2 seq counts run() calls per key from 1, across releases; previous is that key’s last done value', async () => {
    const lanes = createLastTaskLanes<string, string>();
    const t = controlledTask<string>();
    lanes.run('a', t.task);
    lanes.run('a', t.task); // replaces a's pending task: seq 2
    lanes.run('b', t.task);
    await advance(0);
    expect(t.calls.map((c) => c.ctx.seq)).toEqual([2, 1]);
    expect(t.calls.map((c) => c.ctx.previous)).toEqual([undefined, undefined]);
    t.call(0).resolve('a2');
    t.call(1).resolve('b1');
    await flushMicrotasks();
    expect(lanes.size).toBe(0);

    lanes.run('a', t.task);
    await advance(0);
    expect(t.call(2).ctx).toMatchObject({ seq: 3, previous: 'a2' });
    t.call(2).reject(new Error('x'));
    await flushMicrotasks();
    lanes.run('a', t.task);
    lanes.run('b', t.task);
    await advance(0);
    // an error does not change previous; b has its own
    expect(t.call(3).ctx).toMatchObject({ seq: 4, previous: 'a2' });
    expect(t.call(4).ctx).toMatchObject({ seq: 2, previous: 'b1' });
  });

  test('L2 a lane whose task ended done with undefined passes undefined as previous, like a runner (R11)', async () => {
    const lanes = createLastTaskLanes<string, string | undefined>();
    await advance(0);
    lanes.run('a', () => 'x');
    await advance(0);
    lanes.run('a', () => undefined);
    await advance(0);
    const seen: unknown[] = [];
    lanes.run('a', ({ previous }) => {
      seen.push(previous);
      return 'y';
    });
    await advance(0);
    expect(seen).toEqual([undefined]);
  });
});

describe('L3 snapshots', () => {
  test('L3 a key that was never run reports one shared, frozen idle snapshot', () => {
    const lanes = createLastTaskLanes<string, number>();
    const idle = lanes.getSnapshot('x');
    expect(idle).toEqual({ status: 'idle', value: undefined, error: undefined });
    expect(Object.isFrozen(idle)).toBe(true);
    expect(lanes.getSnapshot('y')).toBe(idle);
    expect(createLastTaskLanes<number, string>().getSnapshot(1)).toBe(idle);
    expect(lanes.getStatus()).toBe('idle');
  });

  test('L3 getSnapshot(key) is the same object until that lane changes; other lanes do not change it (R10)', async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 100 });
    lanes.run('a', () => 'a');
    const pending = lanes.getSnapshot('a');
    expect(pending).toEqual({ status: 'pending', value: undefined, error: undefined });
    lanes.run('a', () => 'a2');
    expect(lanes.getSnapshot('a')).toBe(pending);
    lanes.run('b', () => 'b', { delay: 10 });
    await advance(10);
    expect(lanes.getSnapshot('b').status).toBe('done');
    expect(lanes.getSnapshot('a')).toBe(pending);
    await advance(90);
    const done = lanes.getSnapshot('a');
    expect(done).toEqual({ status: 'done', value: 'a2', error: undefined });
    await advance(1000);
    expect(lanes.getSnapshot('a')).toBe(done);
  });

  test('L3 a settled lane keeps its last snapshot after release; its value survives the next runs, errors and cancels', async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 10 });
    lanes.run('a', () => 'kept');
    await advance(10);
    const done = lanes.getSnapshot('a');
    expect(lanes.size).toBe(0);
    expect(lanes.getSnapshot('a')).toBe(done);
    expect(done).toEqual({ status: 'done', value: 'kept', error: undefined });

    lanes.run('a', () => 'never');
    expect(lanes.getSnapshot('a')).toEqual({ status: 'pending', value: 'kept', error: undefined });
    lanes.cancel('a');
    expect(lanes.getSnapshot('a')).toEqual({ status: 'cancelled', value: 'kept', error: undefined });
    const boom = new Error('boom');
    lanes.run('a', () => Promise.reject(boom));
    await advance(10);
    expect(lanes.getSnapshot('a')).toEqual({ status: 'error', value: 'kept', error: boom });
    lanes.run('a', () => 'next');
    expect(lanes.getSnapshot('a')).toEqual({ status: 'pending', value: 'kept', error: undefined });
    await advance(10);
    expect(lanes.getSnapshot('a')).toEqual({ status: 'done', value: 'next', error: undefined });
  });

  test('L3 a lane reports what a lone runner fed the same calls reports, step by step', async () => {
    const lanes = createLastTaskLanes<string, number>({ delay: 5, mode: 'keepLatest' });
    const runner = createLastTaskRunner<number>({ delay: 5, mode: 'keepLatest' });
    const laneTask = controlledTask<number>();
    const runnerTask = controlledTask<number>();
    const both = (fn: (run: (task: typeof laneTask.task) => void, which: 0 | 1) => void) => {
      fn((task) => void lanes.run('k', task), 0);
      fn((task) => void runner.run(task), 1);
    };
    const steps: [string, () => void | Promise<void>][] = [
      ['run', () => both((run, i) => run(i ? runnerTask.task : laneTask.task))],
      ['advance', () => advance(5)],
      ['run while running', () => both((run, i) => run(i ? runnerTask.task : laneTask.task))],
      ['resolve first', () => (laneTask.call(0).resolve(1), runnerTask.call(0).resolve(1), flushMicrotasks())],
      ['advance', () => advance(5)],
      ['reject second', () => (laneTask.call(1).reject('e'), runnerTask.call(1).reject('e'), flushMicrotasks())],
      ['run', () => both((run, i) => run(i ? runnerTask.task : laneTask.task))],
      ['cancel', () => (lanes.cancel('k'), runner.cancel())],
      ['run', () => both((run, i) => run(i ? runnerTask.task : laneTask.task))],
      ['advance', () => advance(5)],
      ['resolve', () => (laneTask.call(2).resolve(1), runnerTask.call(2).resolve(1), flushMicrotasks())],
    ];
    for (const [name, step] of steps) {
      await step();
      expect(lanes.getSnapshot('k'), name).toEqual(runner.getSnapshot());
    }
    expect(laneTask.calls.map((c) => [c.ctx.seq, c.ctx.previous])).toEqual(
      runnerTask.calls.map((c) => [c.ctx.seq, c.ctx.previous]),
    );
  });
});

describe('L4 idle lanes are released', () => {
  test('L4 size counts the busy lanes; a lane holds its runner only while a task is pending or running', async () => {
    const lanes = createLastTaskLanes<string, number>({ delay: 10 });
    const t = controlledTask<number>();
    expect(lanes.size).toBe(0);
    lanes.run('a', t.task);
    lanes.run('b', t.task);
    expect(lanes.size).toBe(2);
    await advance(10);
    expect(lanes.size).toBe(2);
    t.call(0).resolve(1);
    await flushMicrotasks();
    expect(lanes.size).toBe(1);
    lanes.cancel('b');
    expect(lanes.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('L4 after 10,000 keys each ran and settled, the lanes hold no runner and no timer, and every key reports its outcome', async () => {
    const lanes = createLastTaskLanes<number, number>({ delay: 5 });
    const outcomes: Promise<Outcome<number>>[] = [];
    for (let key = 0; key < 10_000; key++) {
      outcomes.push(
        lanes.run(key, ({ seq }) => (key % 3 === 0 ? Promise.reject(new Error(String(key))) : key * 10 + seq)),
      );
    }
    expect(lanes.size).toBe(10_000);
    expect(lanes.getStatus()).toBe('pending');
    // flush() rather than the clock: the fake clock's cost grows with the square of the timers it holds
    const flushed = await lanes.flush();
    expect(flushed).toHaveLength(10_000);
    await Promise.all(outcomes);
    expect(lanes.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(lanes.getSnapshot(1)).toEqual({ status: 'done', value: 11, error: undefined });
    expect(lanes.getSnapshot(3).status).toBe('error');
    expect(lanes.getStatus()).toBe('error');
  }, 30_000); // 10,000 lanes take seconds on a loaded machine; the work is counted, not timed

  test('L4 lanes that settle by their timers are released too; the next run of a key opens it again', async () => {
    const lanes = createLanes<number, number>({ delay: 5 });
    for (let key = 0; key < 500; key++) void lanes.run(key, () => key);
    expect(lanes.size).toBe(500);
    await advance(5);
    expect(lanes.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    lanes.run(42, () => 1);
    expect(lanes.size).toBe(1);
    lanes.dispose();
    expect(lanes.size).toBe(0);
  });
});

describe('L5 getStatus() aggregates: error > running > pending > cancelled > done > idle', () => {
  test('L5 the aggregate follows the order as lanes change', async () => {
    const lanes = createLastTaskLanes<string, number>({ delay: 10 });
    const t = controlledTask<number>();
    expect(lanes.getStatus()).toBe('idle');
    lanes.run('done', () => 1, { delay: 0 });
    await advance(0);
    expect(lanes.getStatus()).toBe('done');
    lanes.run('cancelled', t.task);
    lanes.cancel('cancelled');
    expect(lanes.getStatus()).toBe('cancelled');
    lanes.run('pending', t.task);
    expect(lanes.getStatus()).toBe('pending');
    lanes.run('running', t.task, { delay: 0 });
    await advance(0);
    expect(lanes.getStatus()).toBe('running');
    lanes.run('error', () => Promise.reject(new Error('x')), { delay: 0 });
    await advance(0);
    expect(lanes.getStatus()).toBe('error');
    // the error outranks everything until its lane changes
    lanes.run('error', () => 2);
    expect(lanes.getStatus()).toBe('running');
    t.call(0).resolve(3);
    await flushMicrotasks();
    expect(lanes.getStatus()).toBe('pending');
    await advance(10);
    expect(lanes.getStatus()).toBe('running'); // 'pending' lane started
    t.call(1).resolve(4);
    await flushMicrotasks();
    expect(lanes.getStatus()).toBe('cancelled');
    lanes.run('cancelled', () => 5, { delay: 0 });
    await advance(0);
    expect(lanes.getStatus()).toBe('done');
  });
});

describe('L6 subscribe(listener) hears each lane change once, with its key', () => {
  test('L6 one call per change, with the key; the lane and the aggregate already report the change', async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 10 });
    const rec = recordLanes(lanes);
    const t = controlledTask<string>();
    lanes.run('a', t.task);
    lanes.run('a', t.task); // replaces a pending task: no change, no call
    lanes.run('b', t.task);
    expect(rec.calls.map((c) => [c.key, c.snapshot.status, c.status])).toEqual([
      ['a', 'pending', 'pending'],
      ['b', 'pending', 'pending'],
    ]);
    await advance(10);
    t.call(1).resolve('B');
    await flushMicrotasks();
    lanes.cancel('a');
    lanes.cancel('a'); // nothing busy: no change (R8)
    lanes.cancel('zzz');
    expect(rec.of('a')).toEqual(['pending', 'running', 'cancelled']);
    expect(rec.of('b')).toEqual(['pending', 'running', 'done']);
    expect(rec.calls.at(-1)).toMatchObject({ key: 'a', status: 'cancelled' });
    let previous: Record<string, RunnerSnapshot<string>> = {};
    for (const call of rec.calls) {
      expect(call.snapshot).not.toBe(previous[String(call.key)]);
      previous = { ...previous, [String(call.key)]: call.snapshot };
    }
    rec.unsubscribe();
    lanes.run('a', t.task);
    expect(rec.listener).toHaveBeenCalledTimes(6);
  });

  test('L6 no call when a fresh runner of a lane reaches the value the lane already had (keepLatest)', async () => {
    const lanes = createLastTaskLanes<string, number>({ mode: 'keepLatest' });
    const t = controlledTask<number>();
    lanes.run('a', () => 5);
    await advance(0);
    lanes.run('a', t.task);
    await advance(0);
    lanes.run('a', t.task);
    await advance(0);
    const running = lanes.getSnapshot('a');
    expect(running).toEqual({ status: 'running', value: 5, error: undefined });
    const rec = recordLanes(lanes);
    t.call(0).resolve(5); // the queued task starts at once: still running with value 5
    await flushMicrotasks();
    expect(t.task).toHaveBeenCalledTimes(2);
    expect(rec.listener).not.toHaveBeenCalled();
    expect(lanes.getSnapshot('a')).toBe(running);
  });

  test('L6 a listener may run the key it hears of settling; the lane opens again and seq goes on', async () => {
    const lanes = createLastTaskLanes<string, number>();
    const seqs: number[] = [];
    lanes.subscribe((key) => {
      if (lanes.getSnapshot(key).status === 'done' && seqs.length < 3)
        void lanes.run(key, ({ seq }) => (seqs.push(seq), seq));
    });
    lanes.run('a', () => 0);
    for (let i = 0; i < 4; i++) await advance(1);
    expect(seqs).toEqual([2, 3, 4]);
    expect(lanes.getSnapshot('a')).toEqual({ status: 'done', value: 4, error: undefined });
    expect(lanes.size).toBe(0);
  });

  test('L6 a throwing listener neither breaks the lanes nor stops the other listeners; its error is reported', async () => {
    const reported = catchReportedErrors();
    try {
      const lanes = createLastTaskLanes<string, number>();
      const boom = new Error('listener');
      lanes.subscribe(() => {
        throw boom;
      });
      const other = vi.fn();
      lanes.subscribe(other);
      const outcome = track(lanes.run('a', () => 1));
      await advance(0);
      expect(outcome.value).toEqual({ status: 'done', value: 1 });
      expect(other).toHaveBeenCalledTimes(3);
      expect(reported).toEqual([boom, boom, boom]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('L7 flush', () => {
  test('L7 flush(key) starts that lane’s pending task now and returns its run() promise; other lanes keep waiting', async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 1000 });
    const taskA = vi.fn(() => 'a');
    const taskB = vi.fn(() => 'b');
    const pa = lanes.run('a', taskA);
    lanes.run('b', taskB);
    const flushed = lanes.flush('a');
    expect(taskA).toHaveBeenCalledTimes(1);
    expect(taskB).not.toHaveBeenCalled();
    expect(flushed).toBe(pa);
    await expect(flushed).resolves.toEqual({ status: 'done', value: 'a' });
    // with the lane settled (released), or a key never run: a promise of undefined
    await expect(lanes.flush('a')).resolves.toBeUndefined();
    await expect(lanes.flush('never')).resolves.toBeUndefined();
    await advance(1000);
    expect(taskB).toHaveBeenCalledTimes(1);
  });

  test('L7 flush(key) of a running lane returns its promise (R7)', async () => {
    const lanes = createLastTaskLanes<string, string>();
    const t = controlledTask<string>();
    const p = lanes.run('a', t.task);
    await advance(0);
    expect(lanes.flush('a')).toBe(p);
    t.call(0).resolve('x');
    await expect(p).resolves.toEqual({ status: 'done', value: 'x' });
  });

  test('L7 flush() starts every pending lane before it returns, and resolves with their outcomes in the order the lanes became busy', async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 1000 });
    const t = controlledTask<string>();
    lanes.run('b', t.task, { delay: 0 });
    await advance(0); // b running
    lanes.run('a', t.task);
    lanes.run('c', t.task);
    const all = track(lanes.flush());
    expect(t.task).toHaveBeenCalledTimes(3);
    expect(lanes.getSnapshot('a').status).toBe('running');
    expect(lanes.getSnapshot('c').status).toBe('running');
    t.call(2).resolve('C');
    t.call(1).reject('A failed');
    await flushMicrotasks();
    expect(all.settled).toBe(false); // b still running
    t.call(0).resolve('B');
    await flushMicrotasks();
    expect(all.value).toEqual([
      { status: 'done', value: 'B' },
      { status: 'error', error: 'A failed' },
      { status: 'done', value: 'C' },
    ]);
    // L15: the failed lane is run again; the others are done.
    const again = track(lanes.flush());
    expect(t.task).toHaveBeenCalledTimes(4);
    t.call(3).resolve('A');
    await flushMicrotasks();
    expect(again.value).toEqual([{ status: 'done', value: 'A' }]);
    await expect(lanes.flush()).resolves.toEqual([]);
  });

  test('L7 flush() in keepLatest mode: a flushed task still waits for its own lane’s running task only', async () => {
    const lanes = createLastTaskLanes<string, number>({ delay: 1000, mode: 'keepLatest' });
    const t = controlledTask<number>();
    lanes.run('a', t.task, { delay: 0 });
    await advance(0);
    const queued = track(lanes.run('a', t.task));
    lanes.run('b', t.task);
    void lanes.flush();
    expect(t.task).toHaveBeenCalledTimes(2); // a's first and b's
    t.call(0).resolve(1);
    await flushMicrotasks();
    expect(t.task).toHaveBeenCalledTimes(3);
    t.call(2).resolve(2);
    await flushMicrotasks();
    expect(queued.value).toEqual({ status: 'done', value: 2 });
  });
});

// flush() does not pass over a lane whose last attempt failed: a "Save all now" button saves that row again.
describe('L15 flush of a failed lane runs its last task again', () => {
  test('L15 flush(key) of a lane whose last task ended error runs that task again at once (trigger flush, next seq)', async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 100 });
    const t = controlledTask<string>();
    lanes.run('a', t.task, { priority: 2 });
    await advance(100);
    t.call(0).reject(new Error('down'));
    await flushMicrotasks();
    expect(lanes.getSnapshot('a').status).toBe('error');
    expect(lanes.size).toBe(0);
    const again = track(lanes.flush('a'));
    expect(t.task).toHaveBeenCalledTimes(2);
    expect(t.call(1).ctx).toMatchObject({ trigger: 'flush', seq: 2, attempt: 1 });
    expect(lanes.getSnapshot('a').status).toBe('running');
    t.call(1).resolve('saved');
    await flushMicrotasks();
    expect(again.value).toEqual({ status: 'done', value: 'saved' });
    expect(lanes.getSnapshot('a')).toMatchObject({ status: 'done', value: 'saved' });
    expect(lanes.getStatus()).toBe('done');
    // Done now: nothing left to run again.
    await expect(lanes.flush('a')).resolves.toBeUndefined();
    expect(t.task).toHaveBeenCalledTimes(2);
  });

  test('L15 flush() runs every failed lane again after flushing the busy ones, one outcome each in the order they became busy', async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 100 });
    const t = controlledTask<string>();
    lanes.run('a', t.task);
    lanes.run('b', t.task);
    await advance(100);
    t.call(0).reject(new Error('a down'));
    t.call(1).resolve('b ok');
    await flushMicrotasks();
    lanes.run('c', t.task); // pending
    const all = track(lanes.flush());
    expect(t.task).toHaveBeenCalledTimes(4);
    expect(t.call(2).ctx.trigger).toBe('flush'); // c
    expect(t.call(3).ctx).toMatchObject({ trigger: 'flush', seq: 2 }); // a again; b (done) is not run again
    t.call(2).resolve('c ok');
    t.call(3).resolve('a ok');
    await flushMicrotasks();
    expect(all.value).toEqual([
      { status: 'done', value: 'c ok' },
      { status: 'done', value: 'a ok' },
    ]);
    expect(lanes.getStatus()).toBe('done');
  });

  test('L15 a cancelled lane, a done lane and a lane run again since it failed are not run again by flush; nor anything after dispose()', async () => {
    const lanes = createLastTaskLanes<string, string>();
    const t = controlledTask<string>();
    lanes.run('a', t.task);
    lanes.run('b', t.task);
    await advance(0);
    t.call(0).reject(new Error('down'));
    t.call(1).reject(new Error('down'));
    await flushMicrotasks();
    lanes.run('b', t.task);
    lanes.cancel('b');
    expect(lanes.getSnapshot('b').status).toBe('cancelled');
    lanes.dispose();
    await expect(lanes.flush()).resolves.toEqual([]);
    await expect(lanes.flush('a')).resolves.toBeUndefined();
    expect(t.task).toHaveBeenCalledTimes(2);
  });
});

describe('L8 cancel', () => {
  test('L8 cancel(key) cancels that lane only; the other lanes go on', async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 10 });
    const t = controlledTask<string>();
    const pa = track(lanes.run('a', t.task));
    const pb = track(lanes.run('b', t.task));
    const pc = track(lanes.run('c', t.task, { delay: 100 }));
    await advance(10);
    lanes.cancel('a');
    expect(t.call(0).ctx.signal.aborted).toBe(true);
    expect(t.call(1).ctx.signal.aborted).toBe(false);
    await flushMicrotasks();
    expect(pa.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(lanes.getSnapshot('a').status).toBe('cancelled');
    t.call(1).resolve('B');
    await advance(90);
    t.call(2).resolve('C');
    await flushMicrotasks();
    expect(pb.value).toEqual({ status: 'done', value: 'B' });
    expect(pc.value).toEqual({ status: 'done', value: 'C' });
  });

  test('L8 cancel() cancels every busy lane (pending and running); settled lanes stay as they were', async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 10 });
    const t = controlledTask<string>();
    lanes.run('done', () => 'd', { delay: 0 });
    await advance(0);
    const done = lanes.getSnapshot('done');
    const running = track(lanes.run('running', t.task, { delay: 0 }));
    await advance(0);
    const pending = track(lanes.run('pending', t.task));
    const rec = recordLanes(lanes);
    lanes.cancel();
    await flushMicrotasks();
    expect(running.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(pending.value).toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(rec.calls.map((c) => [c.key, c.snapshot.status])).toEqual([
      ['running', 'cancelled'],
      ['pending', 'cancelled'],
    ]);
    expect(lanes.getSnapshot('done')).toBe(done);
    expect(lanes.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    t.call(0).resolve('late'); // ignored (R3)
    await advance(100);
    expect(lanes.getSnapshot('running').status).toBe('cancelled');
    expect(t.task).toHaveBeenCalledTimes(1);
    lanes.cancel();
    expect(rec.listener).toHaveBeenCalledTimes(2);
  });

  test('L8 cancel(undefined) is cancel()', async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 10 });
    lanes.run('a', () => 'a');
    lanes.run('b', () => 'b');
    lanes.cancel(undefined);
    expect(lanes.getStatus()).toBe('cancelled');
    expect(lanes.size).toBe(0);
  });
});

describe('L9 dispose', () => {
  test('L9 dispose() cancels every busy lane with reason disposed, then refuses every run() without a task call, runner or timer', async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 10 });
    const t = controlledTask<string>();
    const running = track(lanes.run('a', t.task, { delay: 0 }));
    await advance(0);
    const pending = track(lanes.run('b', t.task));
    const rec = recordLanes(lanes);
    lanes.dispose();
    expect(rec.of('a')).toEqual(['cancelled']);
    expect(rec.of('b')).toEqual(['cancelled']);
    expect(t.call(0).ctx.signal.aborted).toBe(true);
    await flushMicrotasks();
    expect(running.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(pending.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(vi.getTimerCount()).toBe(0);

    const task = vi.fn(() => 'never');
    await expect(lanes.run('a', task)).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    await expect(lanes.run('new', task, { delay: 0 })).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    await expect(lanes.flush()).resolves.toEqual([]);
    lanes.cancel();
    t.call(0).resolve('late');
    await advance(1000);
    expect(task).not.toHaveBeenCalled();
    expect(lanes.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(rec.listener).toHaveBeenCalledTimes(2);
    const later = vi.fn();
    lanes.subscribe(later)();
    expect(later).not.toHaveBeenCalled();
    expect(lanes.getSnapshot('new').status).toBe('idle');
  });

  test('L9 a listener that runs a task while hearing of dispose is refused', async () => {
    const lanes = createLastTaskLanes<string, string>({ delay: 10 });
    const task = vi.fn(() => 'x');
    let refused: Promise<Outcome<string>> | undefined;
    lanes.subscribe((key) => {
      if (lanes.getSnapshot(key).status === 'cancelled') refused = lanes.run(key, task);
    });
    lanes.run('a', task);
    lanes.dispose();
    await expect(refused).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    await advance(100);
    expect(task).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('L10 bad input', () => {
  test('L10 bad options throw the runner’s own errors from createLastTaskLanes (R13)', () => {
    for (const options of [{ delay: -1 }, { delay: NaN }, { maxWait: -5 }, { mode: 'sometimes' }, { delay: '100' }]) {
      const lanesError = thrownBy(() => createLastTaskLanes(unsafe(options)));
      const runnerError = thrownBy(() => createLastTaskRunner(unsafe(options)));
      expect(lanesError).toBeInstanceOf(RangeError);
      expect(String(lanesError)).toBe(String(runnerError));
    }
    const notAnObject = thrownBy(() => createLastTaskLanes(unsafe(100)));
    expect(notAnObject).toBeInstanceOf(TypeError);
    expect(String(notAnObject)).toBe(String(thrownBy(() => createLastTaskRunner(unsafe(100)))));
    expect(() => createLastTaskLanes(unsafe({ delay: undefined, maxWait: Infinity }))).not.toThrow();
  });

  test('L10 a bad run() throws synchronously and leaves the lane as it was: no lane opened, seq not counted', async () => {
    const lanes = createLastTaskLanes<string, number>({ delay: 10 });
    const rec = recordLanes(lanes);
    expect(thrownBy(() => lanes.run('a', unsafe('not a function')))).toBeInstanceOf(TypeError);
    const delayError = thrownBy(() => lanes.run('a', () => 1, { delay: -1 }));
    expect(delayError).toBeInstanceOf(RangeError);
    expect(String(delayError)).toContain('delay');
    expect(String(delayError)).toContain('-1');
    expect(thrownBy(() => lanes.run('a', () => 1, unsafe(5)))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => lanes.run(unsafe(undefined), () => 1))).toBeInstanceOf(TypeError);
    expect(lanes.size).toBe(0);
    expect(lanes.getSnapshot('a').status).toBe('idle');
    expect(rec.listener).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);

    lanes.run('a', () => 1);
    const pending = lanes.getSnapshot('a');
    expect(() => lanes.run('a', () => 2, { delay: NaN })).toThrow(RangeError);
    expect(lanes.getSnapshot('a')).toBe(pending);
    let seq = 0;
    lanes.run('a', (ctx) => (seq = ctx.seq));
    await advance(10);
    expect(seq).toBe(2);
  });

  test('L10 keys are compared like Map keys: 0 and -0 are one lane, NaN is a key, "1" and 1 are two', async () => {
    const lanes = createLastTaskLanes<unknown, number>({ delay: 10 });
    lanes.run(0, () => 1);
    lanes.run(-0, () => 2);
    lanes.run(NaN, () => 3);
    lanes.run('1', () => 4);
    lanes.run(1, () => 5);
    expect(lanes.size).toBe(4);
    await advance(10);
    expect(lanes.getSnapshot(0).value).toBe(2);
    expect(lanes.getSnapshot(NaN).value).toBe(3);
  });
});

describe('L11 options for every lane', () => {
  test('L11 configure() (internal, used by the hook) applies to later runs on every lane; a pending task keeps its deadline', async () => {
    const lanes = createLanes<string, string>({ delay: 100 });
    const task = vi.fn(() => 'x');
    lanes.run('a', task);
    await advance(50);
    lanes.configure({ delay: 1000 });
    lanes.run('b', task);
    await advance(50);
    expect(task).toHaveBeenCalledTimes(1); // a kept its deadline
    await advance(949);
    expect(task).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(task).toHaveBeenCalledTimes(2);
    expect(() => lanes.configure({ delay: -1 })).toThrow(RangeError);
    lanes.run('c', task);
    await advance(1000);
    expect(task).toHaveBeenCalledTimes(3); // the bad configure changed nothing
  });

  test('L13 suspend() (internal, the hook’s unmount) cancels every lane with reason disposed; a run() in the same tick is taken and kept by resume()', async () => {
    const lanes = createLanes<string, string>({ delay: 10 });
    const task = vi.fn(() => 'x');
    const before = track(lanes.run('a', task));
    lanes.suspend();
    await flushMicrotasks();
    expect(before.value).toEqual({ status: 'cancelled', reason: 'disposed' });

    lanes.resume();
    lanes.suspend();
    const taken = track(lanes.run('b', task));
    expect(vi.getTimerCount()).toBe(0);
    lanes.resume();
    await advance(10);
    expect(taken.value).toEqual({ status: 'done', value: 'x' });
  });

  test('L13 suspend() (internal, the hook’s unmount) without resume(): a run() in the same tick is dropped at the next microtask, later runs are refused', async () => {
    const lanes = createLanes<string, string>({ delay: 0 });
    const task = vi.fn(() => 'x');
    lanes.suspend();
    const taken = track(lanes.run('a', task));
    const flushed = track(lanes.flush('a'));
    expect(task).not.toHaveBeenCalled();
    await flushMicrotasks();
    expect(taken.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(flushed.value).toBeUndefined();
    await expect(lanes.run('b', task)).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    await advance(100);
    expect(task).not.toHaveBeenCalled();
    expect(lanes.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
  test('L13 L15 flush(key) of a failed lane between suspend() and the next microtask runs nothing again: the lane stays error', async () => {
    const lanes = createLanes<string, string>({ delay: 0 });
    const task = vi.fn(() => Promise.reject(new Error('down')));
    lanes.run('a', task);
    await advance(0);
    expect(lanes.getSnapshot('a').status).toBe('error');
    lanes.suspend();
    await expect(lanes.flush('a')).resolves.toBeUndefined();
    expect(lanes.getSnapshot('a').status).toBe('error');
    lanes.resume();
    await advance(100);
    expect(task).toHaveBeenCalledTimes(1);
    expect(lanes.getSnapshot('a').status).toBe('error');
  });
});

describe('L1 differential: a lane is a runner', () => {
  type Op =
    | { t: 'run'; key: 'k' | 'other'; delay: number | undefined; kind: 'deferred' | 'value' | 'throw' }
    | { t: 'advance'; ms: number }
    | { t: 'settle'; pick: number; ok: boolean }
    | { t: 'cancel' | 'flush'; target: 'k' | 'other' | 'all' };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      t: fc.constant('run' as const),
      key: fc.constantFrom('k' as const, 'other' as const),
      delay: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      kind: fc.constantFrom('deferred' as const, 'deferred' as const, 'value' as const, 'throw' as const),
    }),
    fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 60 }) }),
    fc.record({ t: fc.constant('settle' as const), pick: fc.nat(), ok: fc.boolean() }),
    fc.record({
      t: fc.constantFrom('cancel' as const, 'flush' as const),
      target: fc.constantFrom('k' as const, 'other' as const, 'all' as const),
    }),
  );
  const config = fc.record({
    delay: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
    maxWait: fc.option(fc.integer({ min: 0, max: 80 }), { nil: undefined }),
    mode: fc.constantFrom('restart' as const, 'keepLatest' as const),
  });

  test('L1 whatever the calls, lane k reports what a lone runner fed k’s calls reports: snapshots, listener calls, outcomes, seq, previous, aborts (R1–R16)', async () => {
    await fc.assert(
      fc.asyncProperty(config, fc.array(op, { maxLength: 30 }), async (options, ops) => {
        vi.setSystemTime(Date.UTC(2024, 0, 1));
        const opts = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
        const lanes = createLastTaskLanes<string, string>(opts);
        const runner = createLastTaskRunner<string>(opts);
        let laneCalls = 0;
        let runnerCalls = 0;
        lanes.subscribe((key) => {
          if (key === 'k') laneCalls++;
        });
        runner.subscribe(() => runnerCalls++);
        type Pair = { lane?: Deferred<string>; runner?: Deferred<string> };
        /** Each run's deferreds, set when its tasks are called: for k the lane's and the runner's, for other the lane's. */
        const open: { pair: Pair; id: number }[] = [];
        const laneCtx: TaskContext<string>[] = [];
        const runnerCtx: TaskContext<string>[] = [];
        const laneOut: ReturnType<typeof track<Outcome<string>>>[] = [];
        const runnerOut: ReturnType<typeof track<Outcome<string>>>[] = [];
        const errors = new Map<number, Error>();
        /** k's last run, which a flush of k's failed lane runs again (L15): the runner is given the same again. */
        let lastK:
          | {
              task: ReturnType<typeof task>;
              runOptions: { delay: number } | undefined;
              entry: { pair: Pair; id: number };
            }
          | undefined;
        let id = 0;
        const task =
          (kind: string, n: number, ctxs: TaskContext<string>[] | undefined, pair: Pair, side: keyof Pair) =>
          (ctx: TaskContext<string>) => {
            ctxs?.push(ctx);
            if (kind === 'value') return `v${n % 3}`;
            if (kind === 'throw') throw errors.get(n);
            const d = deferred<string>();
            pair[side] = d;
            return d.promise;
          };
        for (const o of ops) {
          if (o.t === 'run') {
            const n = ++id;
            errors.set(n, new Error(`e${n}`));
            const pair: Pair = {};
            const runOptions = o.delay === undefined ? undefined : { delay: o.delay };
            if (o.key === 'k') {
              laneOut.push(track(lanes.run('k', task(o.kind, n, laneCtx, pair, 'lane'), runOptions)));
              const runnerTask = task(o.kind, n, runnerCtx, pair, 'runner');
              runnerOut.push(track(runner.run(runnerTask, runOptions)));
              lastK = { task: runnerTask, runOptions, entry: { pair, id: n } };
            } else void lanes.run('other', task(o.kind, n, undefined, pair, 'lane'), runOptions);
            open.push({ pair, id: n });
          } else if (o.t === 'advance') await vi.advanceTimersByTimeAsync(o.ms);
          else if (o.t === 'settle') {
            const started = open.filter((p) => p.pair.lane);
            const p = started[o.pick % Math.max(1, started.length)];
            if (p) {
              open.splice(open.indexOf(p), 1);
              const settleOne = (d: Deferred<string> | undefined) =>
                o.ok ? d?.resolve(`v${p.id % 3}`) : d?.reject(errors.get(p.id));
              settleOne(p.pair.lane);
              settleOne(p.pair.runner);
            }
          } else {
            const all = o.target === 'all';
            if (o.t === 'cancel') {
              if (all) lanes.cancel();
              else lanes.cancel(o.target);
              if (all || o.target === 'k') runner.cancel();
            } else {
              // L15: a flush of k's failed lane runs its last task again; a lone runner is given that run.
              const again = (all || o.target === 'k') && lanes.getSnapshot('k').status === 'error' && lastK;
              if (all) void lanes.flush();
              else void lanes.flush(o.target);
              if (again) {
                void runner.run(again.task, again.runOptions);
                if (!open.includes(again.entry)) open.push(again.entry);
              }
              if (all || o.target === 'k') void runner.flush();
            }
          }
          await flushMicrotasks();
          expect(lanes.getSnapshot('k')).toEqual(runner.getSnapshot());
          expect(laneCalls).toBe(runnerCalls);
          expect(laneOut.map((t) => t.value)).toEqual(runnerOut.map((t) => t.value));
          expect(laneCtx.map((c) => [c.seq, c.previous, c.signal.aborted, String(c.signal.reason)])).toEqual(
            runnerCtx.map((c) => [c.seq, c.previous, c.signal.aborted, String(c.signal.reason)]),
          );
        }
        lanes.dispose();
        runner.dispose();
        await flushMicrotasks();
        expect(laneOut.map((t) => t.value)).toEqual(runnerOut.map((t) => t.value));
        expect(lanes.size).toBe(0);
        expect(vi.getTimerCount()).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('L12 the lanes cost nothing to those who do not import them', () => {
  const src = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));

  test('L12 createLastTaskLanes and mergeStatus import no React', async () => {
    vi.useRealTimers();
    const { code } = await measureBundle(reexport('createLastTaskLanes, mergeStatus', src('core/index.ts')));
    expect(code).not.toMatch(/["']react["']|react-dom/);
  });

  test('L12 useAutosave, useLastTask and createLastTaskRunner from the entry point weigh what they weigh alone (tree-shaken)', async () => {
    vi.useRealTimers();
    for (const [name, path] of [
      ['useAutosave', 'react/useAutosave.ts'],
      ['useLastTask', 'react/useLastTask.ts'],
      ['createLastTaskRunner', 'core/createLastTaskRunner.ts'],
    ]) {
      const fromEntry = await measureBundle(reexport(name!));
      const alone = await measureBundle(reexport(name!, src(path!)));
      expect(fromEntry.minified, name).toBe(alone.minified);
    }
  });
});

describe('types', () => {
  test('L7 flush(key) and flush() have their own return types; run() passes the lane’s TaskContext<T>', () => {
    const lanes = createLastTaskLanes<number, string>();
    expectTypeOf(lanes.flush(1)).toEqualTypeOf<Promise<Outcome<string> | undefined>>();
    expectTypeOf(lanes.flush()).toEqualTypeOf<Promise<(Outcome<string> | undefined)[]>>();
    expectTypeOf(lanes.run).parameter(0).toEqualTypeOf<number>();
    expectTypeOf(lanes.run).parameter(1).parameter(0).toEqualTypeOf<TaskContext<string>>();
    expectTypeOf(lanes.run(1, () => 'x')).toEqualTypeOf<Promise<Outcome<string>>>();
    expectTypeOf(lanes.getSnapshot(1)).toEqualTypeOf<RunnerSnapshot<string>>();
    expectTypeOf(lanes.getStatus()).toEqualTypeOf<TaskStatus>();
    expectTypeOf(lanes.size).toEqualTypeOf<number>();
    expectTypeOf<keyof LastTaskLanes<number, string>>().toEqualTypeOf<
      'run' | 'flush' | 'cancel' | 'dispose' | 'getSnapshot' | 'getStatus' | 'subscribe' | 'size'
    >();
    expect(Object.keys(lanes).sort()).toEqual([
      'cancel',
      'dispose',
      'flush',
      'getSnapshot',
      'getStatus',
      'run',
      'size',
      'subscribe',
    ]);
    lanes.dispose();
  });
});

describe('L10 bad input: the messages', () => {
  test('L run() on the key undefined: "key must be defined"; a task that is not a function: "task must be a function"', () => {
    const lanes = createLastTaskLanes<string | undefined, number>();
    expect(messageOf(() => lanes.run(undefined, () => 1))).toMatch(/ key must be defined, got undefined$/);
    expect(messageOf(() => lanes.run('k', unsafe<Task<number>>(42)))).toMatch(/ task must be a function, got 42$/);
  });
});

describe('H3 H4 internal lane controls (used by useLastTaskLanes): suspend, resume, dispose', () => {
  test('H3 resume() does not bring disposed lanes back', async () => {
    const lanes = createLanes<string, string>({ delay: 10 });
    lanes.dispose();
    lanes.resume();
    const task = vi.fn(() => 'v');
    const outcome = track(lanes.run('k', task));
    await advance(100);
    expect(task).not.toHaveBeenCalled();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(lanes.getSnapshot('k').status).toBe('idle');
  });

  test('H3 suspend() after dispose() does not bring the lanes back either: a run() leaves its lane idle', async () => {
    const lanes = createLanes<string, string>({ delay: 10 });
    lanes.dispose();
    lanes.suspend();
    const outcome = track(lanes.run('k', () => 'v'));
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(lanes.getSnapshot('k').status).toBe('idle');
    expect(lanes.size).toBe(0);
  });

  test('H3 once a suspend() outlives its tick (a real unmount), run() is refused at once: no lane opens, no listener call', async () => {
    const lanes = createLanes<string, string>({ delay: 10 });
    const listener = vi.fn();
    lanes.subscribe(listener);
    lanes.suspend();
    await flushMicrotasks();
    const task = vi.fn(() => 'v');
    const outcome = track(lanes.run('k', task));
    expect(lanes.size).toBe(0);
    expect(lanes.getSnapshot('k').status).toBe('idle');
    await advance(100);
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(task).not.toHaveBeenCalled();
    expect(listener).not.toHaveBeenCalled();
    // A second suspend() later on keeps it that way.
    lanes.suspend();
    lanes.run('k', task);
    expect(lanes.size).toBe(0);
    expect(lanes.getSnapshot('k').status).toBe('idle');
  });

  test('H4 suspend() then resume() in the same tick (StrictMode) leaves the lanes alive after the microtask', async () => {
    const lanes = createLanes<string, string>({ delay: 10 });
    lanes.suspend();
    lanes.resume();
    await flushMicrotasks();
    const outcome = track(lanes.run('k', () => 'v'));
    await advance(10);
    expect(outcome.value).toEqual({ status: 'done', value: 'v' });
  });

  test('H4 a listener subscribed while the lanes are suspended hears of the changes after resume()', async () => {
    const lanes = createLanes<string, string>({ delay: 10 });
    lanes.suspend();
    await flushMicrotasks();
    const listener = vi.fn();
    lanes.subscribe(listener);
    lanes.resume();
    lanes.run('k', () => 'v');
    await advance(10);
    expect(listener.mock.calls).toEqual([['k'], ['k'], ['k']]);
  });
});
