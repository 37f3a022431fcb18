import { describe, expect, test } from 'vitest';
import { createLastTaskLanes } from '../../src/index';
import { advance, controlledTask, flushMicrotasks, track, withRunnerTestEnv } from '../helpers/core';

withRunnerTestEnv();

// Issue 11.2: after a row's last attempt failed, "Save all now" (flush()) sent nothing and the row stayed "Not saved".
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
