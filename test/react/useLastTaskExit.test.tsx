/** @vitest-environment jsdom */
// use-debounce users write `useEffect(() => () => flush(), [])` for useLastTask, and it does nothing:
// the hook's own cleanup has already cancelled the waiting task. H7 gives useLastTask the exit options of
// useAutosave; H8 warns about run() called during render, which replaces (or aborts) the task on every render.
import { useEffect, useLayoutEffect } from 'react';
import { act, render, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, onTestFinished, test, vi } from 'vitest';
import { useLastTask, type Outcome, type UseLastTaskOptions } from '../../src/index';
import { advance, controlledTask, lifecycles, settle, withFakeClock, wrapperFor } from '../helpers/react';

withFakeClock();

afterEach(() => {
  Reflect.deleteProperty(document, 'visibilityState');
  vi.restoreAllMocks();
});

describe.each(lifecycles)('H7 exit options of useLastTask ($name)', ({ strict }) => {
  const mount = (options?: UseLastTaskOptions) =>
    renderHook((props: { options?: UseLastTaskOptions | undefined }) => useLastTask<number>(props.options), {
      initialProps: { options },
      ...wrapperFor(strict),
    });

  test('H7 flushOnUnmount: unmount starts the waiting task at once (trigger unmount) and lets it finish', async () => {
    const { result, unmount } = mount({ delay: 500, flushOnUnmount: true });
    const t = controlledTask<number>();
    let promise!: Promise<Outcome<number>>;
    act(() => {
      promise = result.current.run(t.task);
    });
    expect(t.task).not.toHaveBeenCalled();
    unmount();
    expect(t.task).toHaveBeenCalledTimes(1);
    expect(t.call(0).ctx.trigger).toBe('unmount');
    expect(t.call(0).ctx.signal.aborted).toBe(false);
    t.call(0).resolve(7);
    await expect(promise).resolves.toEqual({ status: 'done', value: 7 });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('H7 flushOnUnmount: a running task is left to finish, not aborted; mounting alone (StrictMode) starts nothing', async () => {
    const { result, unmount } = mount({ flushOnUnmount: true });
    const t = controlledTask<number>();
    let promise!: Promise<Outcome<number>>;
    act(() => {
      promise = result.current.run(t.task);
    });
    await advance(0);
    expect(t.task).toHaveBeenCalledTimes(1);
    unmount();
    expect(t.call(0).ctx.signal.aborted).toBe(false);
    t.call(0).resolve(3);
    await expect(promise).resolves.toEqual({ status: 'done', value: 3 });
  });

  test('H7 without flushOnUnmount, unmount still drops the waiting task (H3): a user effect that flushes on unmount finds nothing', async () => {
    const t = controlledTask<number>();
    const { result, unmount } = renderHook(() => {
      const task = useLastTask<number>({ delay: 500 });
      const { flush } = task;
      useEffect(() => () => void flush(), [flush]);
      return task;
    }, wrapperFor(strict));
    let promise!: Promise<Outcome<number>>;
    act(() => {
      promise = result.current.run(t.task);
    });
    unmount();
    await expect(promise).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(t.task).not.toHaveBeenCalled();
  });

  test('H7 flushOnHide: the page hidden starts the waiting task at once with trigger hidden; a visible page does nothing', async () => {
    const { result } = mount({ delay: 500, flushOnHide: true });
    const t = controlledTask<number>();
    act(() => void result.current.run(t.task));
    act(() => void document.dispatchEvent(new Event('visibilitychange')));
    expect(t.task).not.toHaveBeenCalled(); // jsdom's document is visible
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    act(() => void document.dispatchEvent(new Event('visibilitychange')));
    expect(t.task).toHaveBeenCalledTimes(1);
    expect(t.call(0).ctx.trigger).toBe('hidden');
    await settle(() => t.call(0).resolve(1));
    expect(result.current.status).toBe('done');
  });

  test('H7 flushOnHide: pagehide starts the waiting task; without the option neither event does', async () => {
    const t = controlledTask<number>();
    const off = mount({ delay: 500 });
    act(() => void off.result.current.run(t.task));
    act(() => void window.dispatchEvent(new Event('pagehide')));
    expect(t.task).not.toHaveBeenCalled();
    off.unmount();
    const on = mount({ delay: 500, flushOnHide: true });
    act(() => void on.result.current.run(t.task));
    act(() => void window.dispatchEvent(new Event('pagehide')));
    expect(t.task).toHaveBeenCalledTimes(1);
    expect(t.call(0).ctx.trigger).toBe('hidden');
  });
});

describe.each(lifecycles)('H8 run() during render ($name)', ({ strict }) => {
  test('H8 run() called in the render body warns once per render in development, naming run() and the fix', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const task = vi.fn(() => 1);
    renderHook(() => {
      const { run } = useLastTask<number>({ delay: 100 });
      void run(task);
    }, wrapperFor(strict));
    expect(error).toHaveBeenCalled();
    expect(String(error.mock.calls[0]![0])).toMatch(/react-last-task: run\(\) was called during render/);
    expect(String(error.mock.calls[0]![0])).toMatch(/event handler or an effect/);
  });

  test('H8 the check is for development only: with NODE_ENV production, run() in the render body is not reported', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    onTestFinished(() => void vi.unstubAllEnvs());
    const error = vi.spyOn(console, 'error');
    const task = vi.fn(() => 1);
    const hook = renderHook(() => {
      const last = useLastTask<number>({ delay: 100 });
      if (last.status === 'idle') void last.run(task);
      return last;
    }, wrapperFor(strict));
    await advance(100);
    expect(hook.result.current.status).not.toBe('idle');
    expect(error).not.toHaveBeenCalled();
  });

  test('H8 run() from an event handler, an effect, a layout effect of a child or after a render never warns', async () => {
    const error = vi.spyOn(console, 'error');
    const task = vi.fn(() => 1);
    let run!: ReturnType<typeof useLastTask<number>>['run'];
    function Child({ go }: { go: typeof run }) {
      useLayoutEffect(() => void go(task), [go]);
      return null;
    }
    function Parent() {
      const last = useLastTask<number>();
      const lastRun = last.run;
      run = lastRun;
      useEffect(() => void lastRun(task), [lastRun]);
      return <Child go={lastRun} />;
    }
    render(<Parent />, wrapperFor(strict));
    act(() => void run(task));
    await advance(0);
    void run(task);
    expect(error).not.toHaveBeenCalled();
  });
});
