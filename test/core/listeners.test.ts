import { describe, expect, test, vi } from 'vitest';
import { createLastTaskLanes, createLastTaskRunner, createStatusBadge } from '../../src/index';
import { createListeners } from '../../src/core/createListeners';
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

// The helper behind every store's subscribe (runner, lanes, badge): R9's "no listener call after dispose" holds
// even for a notification that comes after it, and a disposed store keeps no listener alive.
describe('R9 R10 the listeners helper', () => {
  test('R9 close() drops every listener: a notification after it calls none', () => {
    const listeners = createListeners<[number]>();
    const a = vi.fn();
    const b = vi.fn();
    listeners.subscribe(a);
    listeners.subscribe(b);
    listeners.notify(1);
    listeners.close();
    listeners.notify(2);
    expect(a.mock.calls).toEqual([[1]]);
    expect(b.mock.calls).toEqual([[1]]);
  });

  test('R9 once closed, subscribe() adds nothing and returns an unsubscribe that does nothing', () => {
    const listeners = createListeners();
    listeners.close();
    const late = vi.fn();
    const unsubscribe = listeners.subscribe(late);
    listeners.notify();
    expect(late).not.toHaveBeenCalled();
    expect(() => unsubscribe()).not.toThrow();
  });
});
