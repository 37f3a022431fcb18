/** @vitest-environment jsdom */
import { useEffect, useLayoutEffect } from 'react';
import { act, render, renderHook, screen } from '@testing-library/react';
import { describe, expect, test, vi } from 'vitest';
import { type Outcome, type RunnerOptions, useLastTask } from '../../src/index';
import {
  abortReasonOf,
  advance,
  controlledTask,
  lifecycles,
  realMacrotask,
  settle,
  withFakeClock,
  wrapperFor,
} from '../helpers/react';

withFakeClock();

interface Props {
  options?: RunnerOptions | undefined;
}

describe.each(lifecycles)('useLastTask $name', ({ strict }) => {
  const mount = (options?: RunnerOptions) => {
    let renders = 0;
    const hook = renderHook(
      (props: Props) => {
        renders++;
        return useLastTask<number>(props.options);
      },
      { initialProps: { options }, ...wrapperFor(strict) },
    );
    return { ...hook, renders: () => renders };
  };

  test('§3 returns the runner snapshot: idle, then pending, running and done with the value', async () => {
    const { result } = mount({ delay: 100 });
    expect(result.current.status).toBe('idle');
    expect(result.current.value).toBeUndefined();
    expect(result.current.error).toBeUndefined();
    const t = controlledTask<number>();
    let promise!: Promise<Outcome<number>>;
    act(() => {
      promise = result.current.run(t.task);
    });
    expect(result.current.status).toBe('pending');
    await advance(99);
    expect(t.task).not.toHaveBeenCalled();
    await advance(1);
    expect(t.task).toHaveBeenCalledTimes(1);
    expect(result.current.status).toBe('running');
    await settle(() => t.call(0).resolve(42));
    expect(result.current).toMatchObject({ status: 'done', value: 42, error: undefined });
    await expect(promise).resolves.toEqual({ status: 'done', value: 42 });
  });

  test('§3 returns error while the last task failed, keeps the last value, and cancelled after cancel()', async () => {
    const { result } = mount();
    const t = controlledTask<number>();
    act(() => void result.current.run(t.task));
    await advance(0);
    await settle(() => t.call(0).resolve(1));
    act(() => void result.current.run(t.task));
    await advance(0);
    const boom = new Error('boom');
    await settle(() => t.call(1).reject(boom));
    expect(result.current).toMatchObject({ status: 'error', value: 1, error: boom });
    act(() => void result.current.run(t.task));
    expect(result.current).toMatchObject({ status: 'pending', value: 1, error: undefined });
    act(() => result.current.cancel());
    expect(result.current).toMatchObject({ status: 'cancelled', value: 1, error: undefined });
  });

  test('§3 flush() starts the pending task at once and returns its outcome', async () => {
    const { result } = mount({ delay: 10_000 });
    const t = controlledTask<number>();
    let runPromise!: Promise<Outcome<number>>;
    let flushPromise!: Promise<Outcome<number> | undefined>;
    act(() => {
      runPromise = result.current.run(t.task);
    });
    act(() => {
      flushPromise = result.current.flush();
      expect(t.task).toHaveBeenCalledTimes(1);
    });
    expect(flushPromise).toBe(runPromise);
    expect(result.current.status).toBe('running');
    await settle(() => t.call(0).resolve(7));
    await expect(flushPromise).resolves.toEqual({ status: 'done', value: 7 });
  });

  test('H1 run, flush and cancel keep their identity through re-renders, option changes and status changes', async () => {
    const { result, rerender } = mount({ delay: 100 });
    const { run, flush, cancel } = result.current;
    const same = () => {
      expect(result.current.run).toBe(run);
      expect(result.current.flush).toBe(flush);
      expect(result.current.cancel).toBe(cancel);
    };
    rerender({ options: { delay: 100 } });
    same();
    rerender({ options: { delay: 500, maxWait: 800, mode: 'keepLatest' } });
    same();
    rerender({ options: undefined });
    same();
    rerender({ options: { mode: 'restart' } });
    same();
    const t = controlledTask<number>();
    act(() => void run(t.task));
    same();
    await advance(0);
    same();
    await settle(() => t.call(0).resolve(3));
    expect(result.current.status).toBe('done');
    same();
    act(() => void run(t.task));
    act(() => cancel());
    expect(result.current.status).toBe('cancelled');
    same();
  });

  test('H1 the identities handed out on the first commit are the ones that work', async () => {
    const { result, rerender } = mount({ delay: 50 });
    const { run } = result.current;
    rerender({ options: { delay: 50, mode: 'keepLatest' } });
    const t = controlledTask<number>();
    act(() => void run(t.task));
    expect(result.current.status).toBe('pending');
    await advance(50);
    await settle(() => t.call(0).resolve(5));
    expect(result.current.value).toBe(5);
  });

  test('H2 changed options apply to later run() calls (delay)', async () => {
    const { result, rerender } = mount({ delay: 100 });
    rerender({ options: { delay: 300 } });
    const t = controlledTask<number>();
    act(() => void result.current.run(t.task));
    await advance(299);
    expect(t.task).not.toHaveBeenCalled();
    await advance(1);
    expect(t.task).toHaveBeenCalledTimes(1);
  });

  test('H2 changed options apply to later run() calls (mode restart → keepLatest)', async () => {
    const { result, rerender } = mount();
    const t = controlledTask<number>();
    act(() => void result.current.run(t.task));
    await advance(0);
    // restart: a second run aborts the first
    act(() => void result.current.run(t.task));
    expect(t.call(0).ctx.signal.aborted).toBe(true);
    await advance(0);
    expect(t.task).toHaveBeenCalledTimes(2);
    rerender({ options: { mode: 'keepLatest' } });
    act(() => void result.current.run(t.task));
    expect(t.call(1).ctx.signal.aborted).toBe(false);
    await advance(1000);
    expect(t.task).toHaveBeenCalledTimes(2);
    await settle(() => t.call(1).resolve(1));
    await advance(0);
    expect(t.task).toHaveBeenCalledTimes(3);
    expect(t.call(2).ctx.previous).toBe(1);
  });

  test('H2 changed options apply to later run() calls (maxWait)', async () => {
    const { result, rerender } = mount({ delay: 100 });
    rerender({ options: { delay: 100, maxWait: 250 } });
    const t = controlledTask<number>();
    for (let i = 0; i < 5; i++) {
      if (i > 0) await advance(60);
      act(() => void result.current.run(t.task));
    }
    // calls at 0, 60, 120, 180, 240: maxWait forces a start at 250 although the delay never elapsed
    await advance(9);
    expect(t.task).not.toHaveBeenCalled();
    await advance(1);
    expect(t.task).toHaveBeenCalledTimes(1);
  });

  test('H2 a pending task keeps its deadline when the delay grows', async () => {
    const { result, rerender } = mount({ delay: 100 });
    const t = controlledTask<number>();
    act(() => void result.current.run(t.task));
    await advance(50);
    rerender({ options: { delay: 1000 } });
    await advance(49);
    expect(t.task).not.toHaveBeenCalled();
    await advance(1);
    expect(t.task).toHaveBeenCalledTimes(1);
  });

  test('H2 a pending task keeps its deadline when the delay shrinks', async () => {
    const { result, rerender } = mount({ delay: 1000 });
    const t = controlledTask<number>();
    act(() => void result.current.run(t.task));
    await advance(100);
    rerender({ options: { delay: 10 } });
    await advance(899);
    expect(t.task).not.toHaveBeenCalled();
    await advance(1);
    expect(t.task).toHaveBeenCalledTimes(1);
  });

  test('H3 unmount drops the pending task: never called, resolves cancelled/disposed, no timer left', async () => {
    const { result, unmount } = mount({ delay: 100 });
    const t = controlledTask<number>();
    let promise!: Promise<Outcome<number>>;
    act(() => {
      promise = result.current.run(t.task);
    });
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    unmount();
    expect(vi.getTimerCount()).toBe(0);
    await expect(promise).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    await advance(1000);
    expect(t.task).not.toHaveBeenCalled();
  });

  test('H3 unmount aborts the running task with reason disposed; its late result causes no state update', async () => {
    const { result, unmount, renders } = mount();
    const t = controlledTask<number>();
    let promise!: Promise<Outcome<number>>;
    act(() => {
      promise = result.current.run(t.task);
    });
    await advance(0);
    expect(result.current.status).toBe('running');
    const { signal } = t.call(0).ctx;
    const onAbort = vi.fn();
    signal.addEventListener('abort', onAbort);
    unmount();
    expect(signal.aborted).toBe(true);
    expect(onAbort).toHaveBeenCalledTimes(1);
    expect(abortReasonOf(signal)).toMatchObject({ isDOMException: true, name: 'AbortError' });
    expect(abortReasonOf(signal).message).toContain('disposed');
    expect(vi.getTimerCount()).toBe(0);
    await expect(promise).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    const rendersAtUnmount = renders();
    await settle(() => t.call(0).resolve(99));
    await advance(1000);
    expect(renders()).toBe(rendersAtUnmount);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('H3 a running task that rejects after unmount causes no state update and no unhandled rejection', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const { result, unmount, renders } = mount();
      const t = controlledTask<number>();
      act(() => void result.current.run(t.task));
      await advance(0);
      unmount();
      const rendersAtUnmount = renders();
      await settle(() => t.call(0).reject(new Error('late')));
      await advance(0);
      expect(renders()).toBe(rendersAtUnmount);
      await realMacrotask();
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  test('H3 run() after unmount never calls its task and resolves cancelled/disposed; no timer, no render', async () => {
    const { result, unmount, renders } = mount({ delay: 10 });
    const { run, flush, cancel } = result.current;
    unmount();
    const rendersAtUnmount = renders();
    const task = vi.fn(() => 1);
    const promise = run(task);
    expect(vi.getTimerCount()).toBe(0);
    await expect(promise).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    await expect(run(task, { delay: 0 })).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    await expect(flush()).resolves.toBeUndefined();
    expect(() => cancel()).not.toThrow();
    await advance(1000);
    expect(task).not.toHaveBeenCalled();
    expect(renders()).toBe(rendersAtUnmount);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('H3 run() then flush() right after unmount (same tick) still never calls the task', async () => {
    const { result, unmount } = mount({ delay: 0 });
    const { run, flush } = result.current;
    unmount();
    const task = vi.fn(() => 1);
    const promise = run(task);
    const flushed = flush();
    expect(task).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    await expect(promise).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    await expect(flushed).resolves.not.toEqual({ status: 'done', value: 1 });
    await advance(100);
    expect(task).not.toHaveBeenCalled();
  });

  test('H4 the runner works after mounting (StrictMode mounts, unmounts and mounts again)', async () => {
    const { result } = mount({ delay: 20 });
    const t = controlledTask<number>();
    let promise!: Promise<Outcome<number>>;
    act(() => {
      promise = result.current.run(t.task);
    });
    expect(result.current.status).toBe('pending');
    await advance(20);
    expect(t.task).toHaveBeenCalledTimes(1);
    expect(t.call(0).ctx.signal.aborted).toBe(false);
    expect(result.current.status).toBe('running');
    await settle(() => t.call(0).resolve(11));
    expect(result.current).toMatchObject({ status: 'done', value: 11 });
    await expect(promise).resolves.toEqual({ status: 'done', value: 11 });
    // and it keeps working for later runs
    act(() => void result.current.run(t.task));
    await advance(20);
    expect(t.call(1).ctx.previous).toBe(11);
    await settle(() => t.call(1).resolve(12));
    expect(result.current.value).toBe(12);
  });

  test('H4 a run() from a mount effect runs its task once and ends done', async () => {
    const task = vi.fn(async () => 'loaded');
    function Loader() {
      const { run, status, value } = useLastTask<string>();
      useEffect(() => {
        void run(task);
      }, [run]);
      return (
        <p data-testid="out">
          {status}:{value ?? '-'}
        </p>
      );
    }
    render(<Loader />, wrapperFor(strict));
    await advance(0);
    expect(task).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('out').textContent).toBe('done:loaded');
  });

  test('H5 (see also renderCounts.test.tsx) a run() that replaces a pending task causes no render', async () => {
    const { result, renders } = mount({ delay: 1000 });
    const t = controlledTask<number>();
    act(() => void result.current.run(t.task));
    const before = renders();
    for (let i = 0; i < 20; i++) {
      act(() => void result.current.run(t.task));
      await advance(10);
    }
    expect(renders()).toBe(before);
    expect(result.current.status).toBe('pending');
  });
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
