/** @vitest-environment jsdom */
import { act, renderHook } from '@testing-library/react';
import { describe, expect, test, vi } from 'vitest';
import { type Outcome, type RunnerOptions, useLastTaskLanes } from '../../src/index';
import {
  advance,
  controlledTask,
  lifecycles,
  message,
  renderError,
  settle,
  withFakeClock,
  wrapperFor,
} from '../helpers/react';

// P6 and T1 through the lanes hook: each key's lane keeps priorities and retries on its own.
withFakeClock();

describe.each(lifecycles)('useLastTaskLanes with priorities and retries $name', ({ strict }) => {
  const mount = (options?: RunnerOptions) =>
    renderHook((props: { options?: RunnerOptions | undefined }) => useLastTaskLanes<string, string>(props.options), {
      initialProps: { options },
      ...wrapperFor(strict),
    });

  test('P6 a lower-priority run() on a key waits for that key’s explicit task; another key is not held back', async () => {
    const { result, unmount } = mount({ delay: 100 });
    const t = controlledTask<string>();
    let explicit!: Promise<Outcome<string>>;
    let background!: Promise<Outcome<string>>;
    act(() => {
      explicit = result.current.run('title', t.task, { delay: 0, priority: 1 });
    });
    await advance(0);
    expect(t.task).toHaveBeenCalledTimes(1);
    act(() => {
      background = result.current.run('title', t.task); // priority 0: must not abort the explicit task
      void result.current.run('body', t.task);
    });
    await advance(100);
    expect(t.call(0).ctx.signal.aborted).toBe(false);
    expect(t.calls.map((c) => c.ctx.trigger)).toEqual(['delay', 'delay']); // only body's task started
    expect(result.current.get('title').status).toBe('running');
    await settle(() => t.call(0).resolve('explicit'));
    await expect(explicit).resolves.toEqual({ status: 'done', value: 'explicit' });
    expect(t.task).toHaveBeenCalledTimes(3); // title's background task right after, its delay already passed
    await settle(() => t.call(2).resolve('background'));
    await expect(background).resolves.toEqual({ status: 'done', value: 'background' });
    expect(result.current.get('title').value).toBe('background');
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });

  test('T1/T3 retry applies per lane: the lane stays running between attempts, ends done, and the aggregate follows', async () => {
    const { result } = mount({ delay: 0, retry: { attempts: 3, delay: 50 } });
    const t = controlledTask<string>();
    let outcome!: Promise<Outcome<string>>;
    act(() => {
      outcome = result.current.run('row-1', t.task);
    });
    await advance(0);
    await settle(() => t.call(0).reject(new Error('503')));
    expect(result.current.get('row-1').status).toBe('running');
    expect(result.current.status).toBe('running');
    await advance(49);
    expect(t.task).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(t.call(1).ctx.attempt).toBe(2);
    expect(t.call(1).ctx.signal).toBe(t.call(0).ctx.signal);
    await settle(() => t.call(1).resolve('saved'));
    await expect(outcome).resolves.toEqual({ status: 'done', value: 'saved' });
    expect(result.current.get('row-1')).toEqual({ status: 'done', value: 'saved', error: undefined });
    expect(result.current.status).toBe('done');
  });

  test('T4 unmount stops a lane’s pending retry at once: cancelled/disposed, no further attempt, no timer', async () => {
    const { result, unmount } = mount({ delay: 0, retry: { attempts: 5, delay: 1000 } });
    const t = controlledTask<string>();
    let outcome!: Promise<Outcome<string>>;
    act(() => {
      outcome = result.current.run('row-1', t.task);
    });
    await advance(0);
    await settle(() => t.call(0).reject(new Error('offline')));
    unmount();
    await expect(outcome).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(t.call(0).ctx.signal.aborted).toBe(true);
    await advance(10_000);
    expect(t.task).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('T1 a bad retry option throws from the hook’s render, naming the field', () => {
    const error = renderError(() => useLastTaskLanes<string, string>({ retry: { attempts: 0 } }));
    expect(error).toBeInstanceOf(RangeError);
    expect(message(error)).toMatch(/retry\.attempts/);
  });
});

test('L11 T1 useLastTaskLanes: a retry option changed alone applies to a later run() on a lane already busy', async () => {
  const t = controlledTask<string>();
  const { result, rerender } = renderHook(
    ({ options }: { options: RunnerOptions }) => useLastTaskLanes<string, string>(options),
    { initialProps: { options: { delay: 100 } as RunnerOptions } },
  );
  act(() => void result.current.run('a', t.task)); // lane 'a' busy with the options without retry
  rerender({ options: { delay: 100, retry: { attempts: 2, delay: 10 } } });
  let outcome!: Promise<unknown>;
  act(() => {
    outcome = result.current.run('a', t.task); // replaces the waiting task: the new options apply to it
  });
  await advance(100);
  await settle(() => t.call(0).reject(new Error('down')));
  await advance(10);
  expect(t.task).toHaveBeenCalledTimes(2);
  expect(t.call(1).ctx.attempt).toBe(2);
  await settle(() => t.call(1).resolve('up'));
  await expect(outcome).resolves.toEqual({ status: 'done', value: 'up' });
});
