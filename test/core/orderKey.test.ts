import { afterEach, describe, expect, test, vi } from 'vitest';
import { createLastTaskRunner, observeKey } from '../../src/core';
import type { TaskContext } from '../../src/core';

afterEach(() => {
  vi.useRealTimers();
});

/** Runs `count` tasks on a fresh runner with delay 0 and returns the contexts they started with. */
async function contexts(count: number, runOptions?: { priority: number }) {
  const runner = createLastTaskRunner<number>({ mode: 'keepLatest' });
  const seen: TaskContext<number>[] = [];
  const outcomes = [];
  for (let i = 0; i < count; i++) outcomes.push(runner.run((ctx) => (seen.push(ctx), i), runOptions));
  await vi.runAllTimersAsync();
  await Promise.all(outcomes);
  return seen;
}

describe('K1: ctx.key is a safe integer that increases with every run() in the page, across runners', () => {
  test('K1 keys count microseconds of Date.now() and increase by one within the same millisecond', async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000 });
    const runner = createLastTaskRunner<number>();
    const keys: number[] = [];
    const a = runner.run((ctx) => (keys.push(ctx.key), 1));
    const b = createLastTaskRunner<number>().run((ctx) => (keys.push(ctx.key), 2));
    await vi.runAllTimersAsync();
    await Promise.all([a, b]);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeGreaterThanOrEqual(1_800_000_000_000_000);
    expect(keys[1]).toBe(keys[0]! + 1);
    expect(keys.every(Number.isSafeInteger)).toBe(true);
  });

  test('K1 a clock that goes back never gives a smaller key', async () => {
    vi.useFakeTimers({ now: 1_900_000_000_000 });
    const [before] = await contexts(1);
    vi.setSystemTime(1_850_000_000_000);
    const [after] = await contexts(1);
    expect(after!.key).toBe(before!.key + 1);
  });

  test('K1 the key is issued by run(), not when the task starts, and every attempt of a task has the same key', async () => {
    vi.useFakeTimers({ now: 2_000_000_000_000 });
    const runner = createLastTaskRunner<number>({ delay: 500, retry: { attempts: 2, delay: 100 } });
    const keys: number[] = [];
    const outcome = runner.run((ctx) => {
      keys.push(ctx.key);
      if (ctx.attempt === 1) throw new Error('first attempt fails');
      return 1;
    });
    await vi.runAllTimersAsync();
    expect(await outcome).toEqual({ status: 'done', value: 1 });
    expect(keys).toEqual([2_000_000_000_000_000, 2_000_000_000_000_000]);
  });

  test('K2 observeKey raises the floor: later keys are greater than the key observed; smaller or unsafe keys change nothing', async () => {
    vi.useFakeTimers({ now: 2_100_000_000_000 });
    observeKey(2_100_000_500_000_000);
    const [first] = await contexts(1);
    expect(first!.key).toBe(2_100_000_500_000_001);
    observeKey(5);
    observeKey(Number.MAX_VALUE);
    observeKey(Number.NaN);
    const [second] = await contexts(1);
    expect(second!.key).toBe(2_100_000_500_000_002);
  });
});
