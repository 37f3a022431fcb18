/** @vitest-environment jsdom */
// Rules that are about <StrictMode> itself (mount, simulated unmount, mount). The main flows of
// useLastTask.test.tsx and useAutosave.test.tsx also run inside StrictMode through describe.each.
import { StrictMode, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { act, render, screen } from '@testing-library/react';
import { describe, expect, test, vi } from 'vitest';
import { useAutosave, useLastTask, type Outcome, type UseLastTaskResult } from '../../src/index';
import { advance, controlledSave, controlledTask, mountAutosave, settle, withFakeClock } from '../helpers/react';

withFakeClock();

describe('H4 useLastTask under StrictMode', () => {
  test('H4 the runner is alive after the StrictMode remount: run, flush and cancel all work', async () => {
    let api!: UseLastTaskResult<string>;
    function Probe() {
      api = useLastTask<string>({ delay: 100 });
      return <p data-testid="status">{api.status}</p>;
    }
    render(
      <StrictMode>
        <Probe />
      </StrictMode>,
    );
    expect(vi.getTimerCount()).toBe(0);
    const t = controlledTask<string>();
    let flushed!: Promise<Outcome<string> | undefined>;
    act(() => void api.run(t.task));
    expect(screen.getByTestId('status').textContent).toBe('pending');
    act(() => {
      flushed = api.flush();
    });
    expect(t.task).toHaveBeenCalledTimes(1);
    await settle(() => t.call(0).resolve('one'));
    await expect(flushed).resolves.toEqual({ status: 'done', value: 'one' });
    expect(screen.getByTestId('status').textContent).toBe('done');
    act(() => void api.run(t.task));
    act(() => api.cancel());
    expect(screen.getByTestId('status').textContent).toBe('cancelled');
    await advance(1000);
    expect(t.task).toHaveBeenCalledTimes(1);
  });

  test('H4 a task started from a passive mount effect is not lost under StrictMode', async () => {
    const task = vi.fn(async ({ signal }: { signal: AbortSignal }) => (signal.aborted ? 'aborted' : 'fresh'));
    function Search() {
      const { run, status, value } = useLastTask<string>({ delay: 50 });
      useEffect(() => {
        void run(task);
      }, [run]);
      return <p data-testid="out">{`${status}:${value ?? ''}`}</p>;
    }
    render(
      <StrictMode>
        <Search />
      </StrictMode>,
    );
    await advance(50);
    expect(task).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('out').textContent).toBe('done:fresh');
    expect(vi.getTimerCount()).toBe(0);
  });

  test('H4 a task started from the owner’s layout effect after the hook is not lost under StrictMode', async () => {
    const task = vi.fn(async () => 'x');
    function Owner() {
      const { run, status } = useLastTask<string>();
      useLayoutEffect(() => {
        void run(task);
      }, [run]);
      return <p data-testid="out">{status}</p>;
    }
    render(
      <StrictMode>
        <Owner />
      </StrictMode>,
    );
    await advance(0);
    expect(task).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('out').textContent).toBe('done');
  });

  // Without StrictMode this works (the runner is alive from the first render); StrictMode's remount
  // must not make it fail: children's layout effects run before their parent's on the remount too.
  test.each([
    ['without StrictMode', false],
    ['inside StrictMode', true],
  ] as const)('H4 a task started from a child’s layout effect on mount is not lost (%s)', async (_name, strict) => {
    const task = vi.fn(async () => 'child');
    function Child({ start }: { start: () => void }) {
      useLayoutEffect(() => {
        start();
      }, [start]);
      return null;
    }
    function Parent() {
      const { run, status, value } = useLastTask<string>();
      const [start] = useState(() => () => void run(task));
      return (
        <>
          <Child start={start} />
          <p data-testid="out">{`${status}:${value ?? ''}`}</p>
        </>
      );
    }
    render(
      strict ? (
        <StrictMode>
          <Parent />
        </StrictMode>
      ) : (
        <Parent />
      ),
    );
    await advance(0);
    expect(task).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('out').textContent).toBe('done:child');
  });

  test('H4 after the StrictMode remount, unmount still disposes the runner (H3 holds)', async () => {
    let api!: UseLastTaskResult<number>;
    function Probe() {
      api = useLastTask<number>({ delay: 10 });
      return null;
    }
    const view = render(
      <StrictMode>
        <Probe />
      </StrictMode>,
    );
    const t = controlledTask<number>();
    let pending!: Promise<Outcome<number>>;
    act(() => {
      pending = api.run(t.task);
    });
    const { run } = api;
    view.unmount();
    expect(vi.getTimerCount()).toBe(0);
    await expect(pending).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    await expect(run(t.task)).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    await advance(100);
    expect(t.task).not.toHaveBeenCalled();
  });
});

describe('A12 useAutosave under StrictMode', () => {
  test('A12 mounting never saves (default options, saveOnUnmount, keepLatest)', async () => {
    const a = mountAutosave<string, string>('a', { strict: true, delay: 10 });
    const b = mountAutosave<string, string>('a', { strict: true, delay: 10, options: { saveOnUnmount: true } });
    const c = mountAutosave<string, string>('a', { strict: true, delay: 10, options: { mode: 'keepLatest' } });
    for (const h of [a, b, c]) expect(h.result.current).toMatchObject({ status: 'idle', isDirty: false });
    expect(vi.getTimerCount()).toBe(0);
    await advance(1000);
    for (const h of [a, b, c]) {
      expect(h.save).not.toHaveBeenCalled();
      expect(h.result.current.status).toBe('idle');
    }
  });

  test('A12 mounting never saves when the value is rebuilt each render and isEqual compares contents', async () => {
    const s = controlledSave<{ title: string }, string>();
    function Editor({ title }: { title: string }) {
      const { status, isDirty } = useAutosave({ title }, s.save, 10, {
        isEqual: (x, y) => x.title === y.title,
        saveOnUnmount: true,
      });
      return <p data-testid="out">{`${status}:${String(isDirty)}`}</p>;
    }
    const view = render(
      <StrictMode>
        <Editor title="draft" />
      </StrictMode>,
    );
    await advance(1000);
    expect(s.save).not.toHaveBeenCalled();
    expect(screen.getByTestId('out').textContent).toBe('idle:false');
    view.rerender(
      <StrictMode>
        <Editor title="draft 2" />
      </StrictMode>,
    );
    await advance(10);
    expect(s.save).toHaveBeenCalledTimes(1);
    expect(s.call(0).value).toEqual({ title: 'draft 2' });
  });

  test('A12 mounting never saves with a value from useMemo (StrictMode may compute it twice)', async () => {
    const s = controlledSave<{ title: string }, string>();
    function Editor({ title }: { title: string }) {
      const draft = useMemo(() => ({ title }), [title]);
      const { status } = useAutosave(draft, s.save, 10, { saveOnUnmount: true });
      return <p data-testid="out">{status}</p>;
    }
    render(
      <StrictMode>
        <Editor title="draft" />
      </StrictMode>,
    );
    await advance(1000);
    expect(s.save).not.toHaveBeenCalled();
    expect(screen.getByTestId('out').textContent).toBe('idle');
  });

  test('A12 later changes save as usual: one save with the latest value, pending → saving → saved', async () => {
    const onSaved = vi.fn();
    const h = mountAutosave<string, string>('a', { strict: true, delay: 100, options: { onSaved } });
    h.change('b');
    h.change('c');
    expect(h.result.current.status).toBe('pending');
    await advance(100);
    expect(h.save).toHaveBeenCalledTimes(1);
    expect(h.call(0).value).toBe('c');
    expect(h.call(0).ctx.signal.aborted).toBe(false);
    expect(h.result.current.status).toBe('saving');
    await settle(() => h.call(0).resolve('rev'));
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
    expect(onSaved).toHaveBeenCalledTimes(1);
    expect(onSaved).toHaveBeenCalledWith('c', 'rev');
  });

  test('A12 unmount after a StrictMode mount still drops the pending save (A7 holds)', async () => {
    const h = mountAutosave<string, string>('a', { strict: true, delay: 100 });
    h.change('b');
    h.unmount();
    expect(vi.getTimerCount()).toBe(0);
    await advance(1000);
    expect(h.save).not.toHaveBeenCalled();
  });
});
