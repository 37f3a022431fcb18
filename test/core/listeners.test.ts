import { describe, expect, test, vi } from 'vitest';
import { createLastTaskLanes, createLastTaskRunner, createStatusBadge } from '../../src/index';
import { advance, withRunnerTestEnv } from '../helpers/core';

withRunnerTestEnv();

// The listener loop once iterated the live set, so a listener that re-subscribed itself was called again
// for the same change, without end.
describe('R10 each listener is called once per change: the listeners as they were when the change began', () => {
  test('R10 a listener that unsubscribes and re-subscribes itself is called once per change, and run() returns', async () => {
    const runner = createLastTaskRunner<number>();
    let calls = 0;
    let unsubscribe = runner.subscribe(function listener() {
      calls++;
      if (calls > 10) throw new Error('called without end');
      unsubscribe();
      unsubscribe = runner.subscribe(listener);
    });
    runner.run(() => 1);
    expect(calls).toBe(1);
    await advance(0);
    expect(calls).toBe(3); // running, done
  });

  test('R10 a listener added during a notification is not called for the change being announced, only for later ones', async () => {
    const runner = createLastTaskRunner<number>();
    const late = vi.fn();
    const first = runner.subscribe(() => {
      first();
      runner.subscribe(late);
    });
    runner.run(() => 1);
    expect(late).not.toHaveBeenCalled();
    await advance(0);
    expect(late).toHaveBeenCalledTimes(2);
  });

  test('R10 a listener removed during a notification, before its turn, is not called for it (R9: none after dispose)', () => {
    const runner = createLastTaskRunner<number>();
    const second = vi.fn();
    let unsubscribeSecond = () => {};
    runner.subscribe(() => unsubscribeSecond());
    unsubscribeSecond = runner.subscribe(second);
    runner.run(() => 1);
    expect(second).not.toHaveBeenCalled();
  });

  test('L6 lanes: a listener that re-subscribes itself is called once per lane change', async () => {
    const lanes = createLastTaskLanes<string, number>();
    const keys: string[] = [];
    let unsubscribe = lanes.subscribe(function listener(key) {
      keys.push(key);
      if (keys.length > 10) throw new Error('called without end');
      unsubscribe();
      unsubscribe = lanes.subscribe(listener);
    });
    lanes.run('a', () => 1);
    expect(keys).toEqual(['a']);
    await advance(0);
    expect(keys).toEqual(['a', 'a', 'a']);
  });

  test('B12 badge: a listener that re-subscribes itself is called once per change of the status shown', () => {
    const badge = createStatusBadge<string>('idle', { showAfter: 100 });
    let calls = 0;
    let unsubscribe = badge.subscribe(function listener() {
      calls++;
      if (calls > 10) throw new Error('called without end');
      unsubscribe();
      unsubscribe = badge.subscribe(listener);
    });
    badge.set('saving');
    vi.advanceTimersByTime(100);
    expect(calls).toBe(1);
    expect(badge.getSnapshot()).toBe('saving');
  });
});
