/** @vitest-environment jsdom */
// Render counts are measured outside <StrictMode>, which renders every component twice in development.
import { Profiler } from 'react';
import { act, render, screen } from '@testing-library/react';
import { describe, expect, test, vi } from 'vitest';
import { useAutosave, useLastTask, type UseAutosaveOptions, type UseLastTaskResult } from '../../src/index';
import { advance, controlledSave, controlledTask, settle, withFakeClock } from '../helpers/react';

withFakeClock();

describe('H5 useLastTask renders', () => {
  function setup(options?: { delay?: number; mode?: 'restart' | 'keepLatest' }) {
    let renders = 0;
    let api!: UseLastTaskResult<number>;
    function Probe() {
      renders++;
      api = useLastTask<number>(options);
      return <p data-testid="status">{api.status}</p>;
    }
    render(<Probe />);
    return { renders: () => renders, api: () => api };
  }

  test('H5 a burst of 50 run() calls while pending causes one render (pending), then one per status change', async () => {
    const p = setup({ delay: 1000 });
    const t = controlledTask<number>();
    expect(p.renders()).toBe(1);
    for (let i = 0; i < 50; i++) {
      // one act per call, so a per-call snapshot change could not hide in a batch
      act(() => void p.api().run(t.task));
      await advance(10);
    }
    expect(screen.getByTestId('status').textContent).toBe('pending');
    expect(p.renders()).toBe(2);
    await advance(1000);
    expect(t.task).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('status').textContent).toBe('running');
    expect(p.renders()).toBe(3);
    await settle(() => t.call(0).resolve(1));
    expect(screen.getByTestId('status').textContent).toBe('done');
    expect(p.renders()).toBe(4);
  });

  test('H5 keepLatest: run() calls while a task is running (status stays running) cause no render', async () => {
    const p = setup({ delay: 0, mode: 'keepLatest' });
    const t = controlledTask<number>();
    act(() => void p.api().run(t.task));
    await advance(0);
    expect(screen.getByTestId('status').textContent).toBe('running');
    const before = p.renders();
    for (let i = 0; i < 20; i++) {
      act(() => void p.api().run(t.task));
      await advance(1);
    }
    expect(p.renders()).toBe(before);
    expect(screen.getByTestId('status').textContent).toBe('running');
  });

  test('H5 cancel() and flush() with nothing pending or running cause no render', async () => {
    const p = setup({ delay: 10 });
    const before = p.renders();
    act(() => p.api().cancel());
    await act(async () => {
      await p.api().flush();
    });
    expect(p.renders()).toBe(before);
  });

  test('H5 a task that ends done with the same value as before still renders its status changes only', async () => {
    const p = setup({ delay: 0 });
    const commits: string[] = [];
    const t = controlledTask<number>();
    for (let round = 0; round < 2; round++) {
      act(() => void p.api().run(t.task));
      commits.push(screen.getByTestId('status').textContent ?? '');
      await advance(0);
      commits.push(screen.getByTestId('status').textContent ?? '');
      await settle(() => t.call(round).resolve(5));
      commits.push(screen.getByTestId('status').textContent ?? '');
    }
    expect(commits).toEqual(['pending', 'running', 'done', 'pending', 'running', 'done']);
    expect(p.renders()).toBe(1 + 6);
  });
});

describe('A11 useAutosave renders', () => {
  function setup(options?: UseAutosaveOptions<string, string>) {
    const s = controlledSave<string, string>();
    let renders = 0;
    const commits: string[] = [];
    function Editor({ value }: { value: string }) {
      renders++;
      const { status } = useAutosave(value, s.save, 1000, options);
      return <p data-testid="status">{status}</p>;
    }
    // A Profiler counts commits of the subtree too, independent of the render-body counter.
    const onRender = vi.fn((_id: string, phase: string) => {
      commits.push(phase);
    });
    const view = render(
      <Profiler id="editor" onRender={onRender}>
        <Editor value="v0" />
      </Profiler>,
    );
    const change = (value: string) =>
      view.rerender(
        <Profiler id="editor" onRender={onRender}>
          <Editor value={value} />
        </Profiler>,
      );
    return { ...s, change, renders: () => renders, commits: () => commits.length };
  }

  test('A11 a burst of 50 changes costs at most 3 renders caused by the hook (pending, saving, saved)', async () => {
    const e = setup();
    expect(e.renders()).toBe(1);
    const N = 50;
    for (let i = 1; i <= N; i++) {
      e.change(`v${i}`);
      await advance(100);
    }
    const parentRenders = 1 + N;
    expect(screen.getByTestId('status').textContent).toBe('pending');
    expect(e.save).not.toHaveBeenCalled();
    expect(e.renders() - parentRenders).toBeLessThanOrEqual(1);
    await advance(1000);
    expect(screen.getByTestId('status').textContent).toBe('saving');
    expect(e.save).toHaveBeenCalledTimes(1);
    expect(e.call(0).value).toBe(`v${N}`);
    await settle(() => e.call(0).resolve('ok'));
    expect(screen.getByTestId('status').textContent).toBe('saved');
    expect(e.renders() - parentRenders).toBeLessThanOrEqual(3);
    expect(e.commits() - parentRenders).toBeLessThanOrEqual(3);
  });

  test('A11 a burst ending in a failed save also costs at most 3 hook renders (pending, saving, error)', async () => {
    const e = setup();
    for (let i = 1; i <= 20; i++) e.change(`v${i}`);
    await advance(1000);
    await settle(() => e.call(0).reject(new Error('x')));
    expect(screen.getByTestId('status').textContent).toBe('error');
    expect(e.renders() - (1 + 20)).toBeLessThanOrEqual(3);
  });

  test('A11 keepLatest: a burst of changes costs at most 3 hook renders', async () => {
    const e = setup({ mode: 'keepLatest' });
    for (let i = 1; i <= 30; i++) {
      e.change(`v${i}`);
      await advance(50);
    }
    await advance(1000);
    await settle(() => e.call(0).resolve('ok'));
    expect(screen.getByTestId('status').textContent).toBe('saved');
    expect(e.renders() - (1 + 30)).toBeLessThanOrEqual(3);
  });

  test('A11 a burst of changes back to the baseline within the delay causes no save and at most 2 hook renders', async () => {
    const e = setup();
    for (let i = 1; i <= 20; i++) {
      e.change(`v${i}`);
      await advance(10);
    }
    e.change('v0');
    await advance(2000);
    expect(e.save).not.toHaveBeenCalled();
    expect(screen.getByTestId('status').textContent).toBe('idle');
    // pending, then back to idle
    expect(e.renders() - (1 + 21)).toBeLessThanOrEqual(2);
  });
});
