/** @vitest-environment jsdom */
import { startTransition, Suspense, useLayoutEffect, useState } from 'react';
import { act, render, renderHook, screen } from '@testing-library/react';
import { describe, expect, test, vi } from 'vitest';
import { useAutosave, useLastTask, useLastTaskLanes, type RunnerOptions, type TaskContext } from '../../src/index';
import { advance, controlledTask, mountAutosave, settle, useFakeClock } from '../helpers/react';

/*
 * Tests written to kill mutants that survived `npm run mutate` (see stryker.config.mjs): each pins a
 * behaviour the other hook tests left open.
 */

const START = Date.UTC(2024, 0, 1);

useFakeClock(START);

test('A3 keepLatest: a save that succeeds with the same result as before still moves the baseline and lastSavedAt, also when the next save starts at once', async () => {
  const onSaved = vi.fn();
  const h = mountAutosave<string, undefined>('a', { strict: false, delay: 100, options: { mode: 'keepLatest', onSaved } });
  h.change('b');
  await advance(100);
  h.change('c'); // queued behind save('b'); its delay passes while 'b' is in flight
  await advance(150);
  expect(h.save).toHaveBeenCalledTimes(1);
  const savedAt = Date.now();
  await settle(() => h.call(0).resolve(undefined)); // the runner's value stays undefined: no change of its snapshot
  expect(h.save).toHaveBeenCalledTimes(2);
  expect(onSaved).toHaveBeenCalledWith('b', undefined);
  expect(h.result.current).toMatchObject({ status: 'saving', isDirty: true, lastSavedAt: savedAt });
  await advance(20);
  await settle(() => h.call(1).resolve(undefined));
  expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false, lastSavedAt: savedAt + 20 });
});

test('A8 flush() of a pending save starts that very save, not a second one (ctx.seq counts one run per change)', async () => {
  const h = mountAutosave<string, string>('a', { strict: false, delay: 1000 });
  h.change('b');
  await settle(() => void h.result.current.flush());
  expect(h.save).toHaveBeenCalledTimes(1);
  expect(h.call(0).ctx.seq).toBe(1);
  await settle(() => h.call(0).resolve('rev'));
  h.change('c');
  await advance(1000);
  expect(h.call(1).ctx.seq).toBe(2);
});

test('H2 options changed by a render apply to a run() from a layout effect of that same render', async () => {
  const task = vi.fn(() => 'v');
  const { rerender } = renderHook(
    ({ delay }: { delay: number }) => {
      const { run } = useLastTask<string>({ delay });
      useLayoutEffect(() => {
        if (delay === 500) void run(task);
      }, [delay, run]);
    },
    { initialProps: { delay: 100 } },
  );
  rerender({ delay: 500 });
  await advance(499);
  expect(task).not.toHaveBeenCalled();
  await advance(1);
  expect(task).toHaveBeenCalledTimes(1);
});

test('A6 a flush() from a layout effect calls the save of that same render', async () => {
  const calls: string[] = [];
  const saveFor = (name: string) => (value: string, _ctx: TaskContext<unknown>) => {
    calls.push(`${name}(${value})`);
    return Promise.resolve(name);
  };
  const { rerender } = renderHook(
    ({ value, name }: { value: string; name: string }) => {
      const { flush } = useAutosave(value, saveFor(name), 1000);
      useLayoutEffect(() => {
        if (name === 'second') void flush();
      }, [name, flush]);
    },
    { initialProps: { value: 'a', name: 'first' } },
  );
  rerender({ value: 'b', name: 'first' });
  await advance(10);
  rerender({ value: 'b', name: 'second' });
  await advance(0);
  expect(calls).toEqual(['second(b)']);
});

describe('L13 H2 useLastTaskLanes: an option changed alone applies to lanes opened later', () => {
  const mount = (options: RunnerOptions) =>
    renderHook((props: { options: RunnerOptions }) => useLastTaskLanes<string, string>(props.options), {
      initialProps: { options },
    });

  // Each test runs its run() calls inside one act(): a render in between would configure the lanes again.
  test('L13 H2 maxWait alone', () => {
    const { result, rerender } = mount({ delay: 100 });
    rerender({ options: { delay: 100, maxWait: 150 } });
    const task = vi.fn(() => 'v');
    act(() => {
      for (let i = 0; i < 3; i++) {
        void result.current.run('k', task);
        vi.advanceTimersByTime(50);
      }
    });
    expect(task).toHaveBeenCalledTimes(1); // started by maxWait at t = 150 although calls kept coming
  });

  test('L13 H2 mode alone', () => {
    const { result, rerender } = mount({ delay: 10 });
    rerender({ options: { delay: 10, mode: 'keepLatest' } });
    const t = controlledTask<string>();
    act(() => {
      void result.current.run('k', t.task);
      vi.advanceTimersByTime(10);
      void result.current.run('k', t.task);
    });
    expect(t.task).toHaveBeenCalledTimes(1);
    expect(t.call(0).ctx.signal.aborted).toBe(false); // keepLatest: the running task is not aborted
  });
});

test('L14 a lane read by the committed render still renders while a transition render that reads no lane is suspended', async () => {
  const never = new Promise<void>(() => {});
  let api: { run: (key: string) => void; suspend: () => void } | undefined;
  function Probe() {
    const { run, get } = useLastTaskLanes<string, string>({ delay: 10_000 });
    const [suspended, setSuspended] = useState(false);
    api = { run: (key) => void run(key, () => key), suspend: () => startTransition(() => setSuspended(true)) };
    if (suspended) throw never; // a render React throws away: it reads no lane
    return <p data-testid="k">{get('k').status}</p>;
  }
  render(
    <Suspense fallback={<p data-testid="k">fallback</p>}>
      <Probe />
    </Suspense>,
  );
  act(() => api!.run('other')); // the aggregate is 'pending' from now on: only the lane can tell of a change
  expect(screen.getByTestId('k').textContent).toBe('idle');
  act(() => api!.suspend());
  expect(screen.getByTestId('k').textContent).toBe('idle'); // the transition keeps the committed UI
  act(() => api!.run('k'));
  expect(screen.getByTestId('k').textContent).toBe('pending');
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
