/** @vitest-environment jsdom */
import { memo, startTransition, StrictMode, Suspense, useCallback, useEffect, useLayoutEffect, useState } from 'react';
import { renderToString } from 'react-dom/server';
import { act, render, renderHook, screen } from '@testing-library/react';
import { describe, expect, expectTypeOf, test, vi } from 'vitest';
import {
  mergeStatus,
  type Outcome,
  type RunnerOptions,
  type RunnerSnapshot,
  useAutosave,
  useLastTaskLanes,
  type UseLastTaskLanesResult,
} from '../../src/index';
import {
  abortReasonOf,
  advance,
  controlledTask,
  lifecycles,
  message,
  renderError,
  settle,
  withFakeClock,
  wrapperFor,
} from '../helpers/react';

withFakeClock();

interface Props {
  options?: RunnerOptions | undefined;
}

describe.each(lifecycles)('useLastTaskLanes $name', ({ strict }) => {
  const mount = (options?: RunnerOptions) => {
    let renders = 0;
    const hook = renderHook(
      (props: Props) => {
        renders++;
        return useLastTaskLanes<string, number>(props.options);
      },
      { initialProps: { options }, ...wrapperFor(strict) },
    );
    return { ...hook, renders: () => renders };
  };

  // Before L15, after a row's last attempt failed, "Save all now" sent nothing and the row stayed "Not saved".
  test('L15 "Save all now" (flush()) saves a row whose last attempt failed again; the row and the aggregate say saved', async () => {
    const { result } = mount({ delay: 100 });
    const t = controlledTask<number>();
    act(() => {
      void result.current.run('a', t.task);
      void result.current.run('b', t.task);
    });
    await advance(100);
    await settle(() => {
      t.call(0).reject(new Error('down'));
      t.call(1).resolve(2);
    });
    expect(result.current.get('a').status).toBe('error');
    expect(result.current.status).toBe('error');
    let all!: Promise<(Outcome<number> | undefined)[]>;
    act(() => {
      all = result.current.flush();
    });
    expect(t.task).toHaveBeenCalledTimes(3);
    expect(t.call(2).ctx.trigger).toBe('flush');
    expect(result.current.get('a').status).toBe('running');
    await settle(() => t.call(2).resolve(1));
    await expect(all).resolves.toEqual([{ status: 'done', value: 1 }]);
    expect(result.current.get('a')).toEqual({ status: 'done', value: 1, error: undefined });
    expect(result.current.status).toBe('done');
  });

  test('L13 returns the aggregate status and each lane’s snapshot: idle, pending, running, done per key', async () => {
    const { result } = mount({ delay: 100 });
    expect(result.current.status).toBe('idle');
    expect(result.current.get('a')).toEqual({ status: 'idle', value: undefined, error: undefined });
    const t = controlledTask<number>();
    let pa!: Promise<Outcome<number>>;
    act(() => {
      pa = result.current.run('a', t.task);
      void result.current.run('b', t.task, { delay: 300 });
    });
    expect(result.current.status).toBe('pending');
    expect(result.current.get('a').status).toBe('pending');
    await advance(100);
    expect(result.current.status).toBe('running');
    expect(result.current.get('a').status).toBe('running');
    expect(result.current.get('b').status).toBe('pending');
    await settle(() => t.call(0).resolve(1));
    expect(result.current.get('a')).toEqual({ status: 'done', value: 1, error: undefined });
    expect(result.current.status).toBe('pending');
    await expect(pa).resolves.toEqual({ status: 'done', value: 1 });
    await advance(200);
    await settle(() => t.call(1).reject(new Error('b failed')));
    expect(result.current.get('b').status).toBe('error');
    expect(result.current.status).toBe('error');
    expect(t.call(1).ctx.seq).toBe(1);
  });

  test('L13 H1 run, flush, cancel and get keep their identity through re-renders, option and status changes', async () => {
    const { result, rerender } = mount({ delay: 100 });
    const { run, flush, cancel, get } = result.current;
    const same = () => {
      expect(result.current.run).toBe(run);
      expect(result.current.flush).toBe(flush);
      expect(result.current.cancel).toBe(cancel);
      expect(result.current.get).toBe(get);
    };
    rerender({ options: { delay: 500, maxWait: 800, mode: 'keepLatest' } });
    same();
    rerender({ options: undefined });
    same();
    const t = controlledTask<number>();
    act(() => void run('a', t.task));
    same();
    await advance(0);
    await settle(() => t.call(0).resolve(1));
    same();
    act(() => void run('a', t.task));
    act(() => cancel());
    expect(result.current.status).toBe('cancelled');
    same();
  });

  test('L13 H2 changed options apply to later run() calls on every lane; a pending task keeps its deadline', async () => {
    const { result, rerender } = mount({ delay: 100 });
    const t = controlledTask<number>();
    act(() => void result.current.run('a', t.task));
    await advance(50);
    rerender({ options: { delay: 1000 } });
    act(() => void result.current.run('b', t.task));
    await advance(50);
    expect(t.task).toHaveBeenCalledTimes(1); // a kept its deadline
    expect(result.current.get('a').status).toBe('running');
    await advance(949);
    expect(t.task).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(t.task).toHaveBeenCalledTimes(2);
    rerender({ options: { delay: 0, mode: 'keepLatest' } });
    act(() => void result.current.run('a', t.task));
    await advance(10);
    expect(t.call(0).ctx.signal.aborted).toBe(false);
    expect(t.task).toHaveBeenCalledTimes(2);
  });

  test('L13 flush(key) and flush() start the pending tasks at once; cancel(key) leaves the other lanes alone', async () => {
    const { result } = mount({ delay: 10_000 });
    const t = controlledTask<number>();
    let pa!: Promise<Outcome<number>>;
    let flushedA!: Promise<Outcome<number> | undefined>;
    act(() => {
      pa = result.current.run('a', t.task);
      void result.current.run('b', t.task);
      void result.current.run('c', t.task);
    });
    act(() => {
      flushedA = result.current.flush('a');
    });
    expect(flushedA).toBe(pa);
    expect(t.task).toHaveBeenCalledTimes(1);
    act(() => result.current.cancel('b'));
    expect(result.current.get('b').status).toBe('cancelled');
    let all!: Promise<(Outcome<number> | undefined)[]>;
    act(() => {
      all = result.current.flush();
    });
    expect(t.task).toHaveBeenCalledTimes(2);
    expect(result.current.get('c').status).toBe('running');
    await settle(() => {
      t.call(0).resolve(1);
      t.call(1).resolve(3);
    });
    await expect(all).resolves.toEqual([
      { status: 'done', value: 1 },
      { status: 'done', value: 3 },
    ]);
    // b's cancel outranks a's and c's done in the aggregate (L5)
    expect(result.current.status).toBe('cancelled');
    expect(result.current.get('b').status).toBe('cancelled');
    act(() => void result.current.run('b', () => 4, { delay: 0 }));
    await advance(0);
    expect(result.current.status).toBe('done');
  });

  test('L13 H3 unmount cancels every busy lane with reason disposed, leaves no timer and renders nothing afterwards', async () => {
    const { result, unmount, renders } = mount({ delay: 100 });
    const t = controlledTask<number>();
    const promises: Promise<Outcome<number>>[] = [];
    act(() => void promises.push(result.current.run('running', t.task, { delay: 0 })));
    await advance(0);
    act(() => {
      promises.push(result.current.run('pending', t.task));
      promises.push(result.current.run('other', t.task, { delay: 5000 }));
    });
    expect(vi.getTimerCount()).toBe(2);
    const { signal } = t.call(0).ctx;
    const onAbort = vi.fn();
    signal.addEventListener('abort', onAbort);
    unmount();
    expect(signal.aborted).toBe(true);
    expect(onAbort).toHaveBeenCalledTimes(1);
    expect(abortReasonOf(signal)).toMatchObject({ isDOMException: true, name: 'AbortError' });
    expect(abortReasonOf(signal).message).toContain('disposed');
    expect(vi.getTimerCount()).toBe(0);
    for (const outcome of await Promise.all(promises))
      expect(outcome).toEqual({ status: 'cancelled', reason: 'disposed' });
    const rendersAtUnmount = renders();
    await settle(() => t.call(0).resolve(99));
    await advance(10_000);
    expect(t.task).toHaveBeenCalledTimes(1);
    expect(renders()).toBe(rendersAtUnmount);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('L13 H3 run() after unmount never calls its task and resolves cancelled/disposed on any key; no timer, no render', async () => {
    const { result, unmount, renders } = mount({ delay: 10 });
    const { run, flush, cancel } = result.current;
    unmount();
    const rendersAtUnmount = renders();
    const task = vi.fn(() => 1);
    // same tick as the unmount, then later
    const sameTick = run('a', task);
    expect(vi.getTimerCount()).toBe(0);
    await expect(sameTick).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    await expect(run('b', task, { delay: 0 })).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    await expect(flush('a')).resolves.toBeUndefined();
    await expect(flush()).resolves.toEqual([]);
    expect(() => cancel()).not.toThrow();
    await advance(1000);
    expect(task).not.toHaveBeenCalled();
    expect(renders()).toBe(rendersAtUnmount);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('L13 H4 a run() from a mount effect runs its task once and ends done', async () => {
    const task = vi.fn(async () => 7);
    function Loader() {
      const { run, status, get } = useLastTaskLanes<string, number>();
      useEffect(() => {
        void run('doc-1', task);
      }, [run]);
      return <p data-testid="out">{`${status}:${get('doc-1').status}:${get('doc-1').value ?? '-'}`}</p>;
    }
    render(<Loader />, wrapperFor(strict));
    await advance(0);
    expect(task).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('out').textContent).toBe('done:done:7');
    expect(vi.getTimerCount()).toBe(0);
  });

  test('L13 H4 a task started from a child’s layout effect on mount is not lost', async () => {
    const task = vi.fn(async () => 1);
    function Child({ start }: { start: () => void }) {
      useLayoutEffect(() => {
        start();
      }, [start]);
      return null;
    }
    function Parent() {
      const { run, get } = useLastTaskLanes<string, number>({ delay: 100 });
      const [start] = useState(() => () => void run('child', task));
      return (
        <>
          <Child start={start} />
          <p data-testid="out">{get('child').status}</p>
        </>
      );
    }
    render(<Parent />, wrapperFor(strict));
    // the lane changed before the hook subscribed (a child's layout effect runs first): not missed
    expect(screen.getByTestId('out').textContent).toBe('pending');
    await advance(100);
    expect(task).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('out').textContent).toBe('done');
  });
});

describe('L14 useLastTaskLanes renders only for what the component reads', () => {
  function setup(options: RunnerOptions | undefined, read: (api: UseLastTaskLanesResult<string, number>) => string) {
    let renders = 0;
    let api!: UseLastTaskLanesResult<string, number>;
    function Probe() {
      renders++;
      api = useLastTaskLanes<string, number>(options);
      return <p data-testid="out">{read(api)}</p>;
    }
    render(<Probe />);
    return { renders: () => renders, api: () => api, text: () => screen.getByTestId('out').textContent };
  }
  const keys = Array.from({ length: 100 }, (_, i) => `row-${i}`);

  test('L14 a burst of 100 run() calls on 100 keys in one handler renders once, even for a component that reads every lane', async () => {
    const p = setup({ delay: 100 }, (api) => keys.map((k) => api.get(k).status[0]).join(''));
    const t = controlledTask<number>();
    act(() => {
      for (const key of keys) void p.api().run(key, t.task);
    });
    expect(p.renders()).toBe(2);
    expect(p.text()).toBe('p'.repeat(100));
    // Each lane has its own timer, and each timer is its own macrotask: flush() starts them in one handler.
    act(() => void p.api().flush());
    expect(p.renders()).toBe(3);
    expect(p.text()).toBe('r'.repeat(100));
    await settle(() => t.calls.forEach((c, i) => c.resolve(i)));
    expect(p.renders()).toBe(4);
    expect(p.text()).toBe('d'.repeat(100));
  });

  test('L14 a component that reads only the aggregate renders once per aggregate change, not per run() or per lane', async () => {
    const p = setup({ delay: 1000 }, (api) => api.status);
    const t = controlledTask<number>();
    for (const key of keys.slice(0, 50)) {
      // one act per call, so that a per-call render could not hide in a batch
      act(() => void p.api().run(key, t.task));
      await advance(10);
    }
    expect(p.text()).toBe('pending');
    expect(p.renders()).toBe(2);
    await advance(1000); // the lanes start one after the other: running from the first on
    expect(t.task).toHaveBeenCalledTimes(50);
    expect(p.renders()).toBe(3);
    for (let i = 0; i < 49; i++) await settle(() => t.call(i).resolve(i));
    expect(p.text()).toBe('running');
    expect(p.renders()).toBe(3);
    await settle(() => t.call(49).resolve(49));
    expect(p.text()).toBe('done');
    expect(p.renders()).toBe(4);
  });

  test('L14 a component that reads one lane does not render for changes of other lanes that leave the aggregate as it was', async () => {
    const p = setup({ delay: 0 }, (api) => `${api.status}/${api.get('a').status}`);
    const t = controlledTask<number>();
    act(() => void p.api().run('a', t.task));
    await advance(0);
    expect(p.text()).toBe('running/running');
    const before = p.renders();
    act(() => void p.api().run('b', t.task)); // b pending: aggregate stays running
    await advance(0); // b running
    await settle(() => t.call(1).resolve(2)); // b done
    act(() => void p.api().run('b', t.task));
    act(() => p.api().cancel('b'));
    expect(p.renders()).toBe(before);
    await settle(() => t.call(0).resolve(1));
    expect(p.text()).toBe('cancelled/done');
    expect(p.renders()).toBe(before + 1);
  });

  test('L14 run() calls that replace a pending task cause no render; a lane read in the last render still does', async () => {
    const p = setup({ delay: 1000 }, (api) => api.get('a').status);
    const t = controlledTask<number>();
    act(() => void p.api().run('a', t.task));
    const before = p.renders();
    for (let i = 0; i < 20; i++) {
      act(() => void p.api().run('a', t.task));
      await advance(10);
    }
    expect(p.renders()).toBe(before);
    await advance(1000);
    expect(p.text()).toBe('running');
    expect(p.renders()).toBe(before + 1);
  });

  test('L14 a lane the component stops reading no longer renders it; a lane it starts reading does', async () => {
    let renders = 0;
    let api!: UseLastTaskLanesResult<string, number>;
    function Probe({ watched }: { watched: string }) {
      renders++;
      api = useLastTaskLanes<string, number>({ delay: 0 });
      return <p data-testid="out">{api.get(watched).status}</p>;
    }
    const view = render(<Probe watched="a" />);
    const t = controlledTask<number>();
    act(() => void api.run('x', t.task)); // aggregate idle → pending
    await advance(0); // → running: every later change below leaves the aggregate running
    view.rerender(<Probe watched="b" />);
    const before = renders;
    act(() => void api.run('a', t.task));
    await advance(0);
    expect(renders).toBe(before);
    act(() => void api.run('b', t.task));
    expect(screen.getByTestId('out').textContent).toBe('pending');
    expect(renders).toBe(before + 1);
  });
});

describe('L14 no change is missed', () => {
  test('L14 a lane read by a render and changed before that render commits (a child’s layout effect) renders again', async () => {
    const t = controlledTask<number>();
    function Starter({ start }: { start: () => void }) {
      useLayoutEffect(() => {
        start();
      }, [start]);
      return null;
    }
    function Probe({ watched }: { watched: string }) {
      const { run, get, status } = useLastTaskLanes<string, number>({ delay: 100 });
      const [starts] = useState(() => new Map<string, () => void>());
      if (!starts.has(watched)) starts.set(watched, () => void run(watched, t.task));
      return (
        <>
          <Starter key={watched} start={starts.get(watched)!} />
          <p data-testid="out">{`${status}/${get(watched).status}`}</p>
        </>
      );
    }
    const view = render(<Probe watched="a" />);
    expect(screen.getByTestId('out').textContent).toBe('pending/pending');
    // the aggregate stays pending through the next change: only the read lane can say it changed
    view.rerender(<Probe watched="b" />);
    expect(screen.getByTestId('out').textContent).toBe('pending/pending');
  });
});

describe('L13 types', () => {
  test('L13 the hook returns run, flush, cancel, status and get, typed by K and T', () => {
    expectTypeOf<keyof UseLastTaskLanesResult<number, string>>().toEqualTypeOf<
      'run' | 'flush' | 'cancel' | 'status' | 'get'
    >();
    expectTypeOf<UseLastTaskLanesResult<number, string>['get']>().toEqualTypeOf<
      (key: number) => RunnerSnapshot<string>
    >();
    expectTypeOf<ReturnType<UseLastTaskLanesResult<number, string>['flush']>>().toEqualTypeOf<
      Promise<(Outcome<string> | undefined)[]>
    >();
    const { result } = renderHook(() => useLastTaskLanes<number, string>());
    expect(Object.keys(result.current).sort()).toEqual(['cancel', 'flush', 'get', 'run', 'status']);
  });
});

describe('L13 H6 server rendering', () => {
  test('L13 H6 renderToString reports idle lanes and creates no timer', () => {
    // jsdom has a window, so the hook uses useLayoutEffect here, and React 18 warns about it on the server;
    // a real server has no window (ssr.test.tsx runs the other hooks there).
    vi.spyOn(console, 'error').mockImplementation(() => {});
    function Table() {
      const { status, get } = useLastTaskLanes<number, string>({ delay: 100 });
      return <p>{`${status}:${get(1).status}`}</p>;
    }
    expect(renderToString(<Table />)).toContain('idle:idle');
    expect(vi.getTimerCount()).toBe(0);
    vi.restoreAllMocks();
  });
});

describe('recipes', () => {
  test('an autosave per field and one form badge with mergeStatus', async () => {
    const saved: string[] = [];
    const save = (field: string) => async (value: string) => void saved.push(`${field}=${value}`);
    function Form({ title, body }: { title: string; body: string }) {
      const t = useAutosave(title, save('title'), 500);
      const b = useAutosave(body, save('body'), 500);
      return <p data-testid="badge">{mergeStatus(t.status, b.status)}</p>;
    }
    const view = render(
      <StrictMode>
        <Form title="a" body="b" />
      </StrictMode>,
    );
    expect(screen.getByTestId('badge').textContent).toBe('idle');
    view.rerender(
      <StrictMode>
        <Form title="a2" body="b" />
      </StrictMode>,
    );
    expect(screen.getByTestId('badge').textContent).toBe('pending');
    await advance(500);
    expect(screen.getByTestId('badge').textContent).toBe('saved');
    expect(saved).toEqual(['title=a2']);
  });

  test('a table with one lane per row id: an edit renders the table and that row only, and each row shows its own save', async () => {
    interface Row {
      id: string;
      price: number;
    }
    const rowRenders = new Map<string, number>();
    const saves = new Map<string, ReturnType<typeof controlledTask<Row>>>();
    const saveRow = (row: Row) => saves.get(row.id)!.task;
    const RowView = memo(function RowView({
      row,
      lane,
      onEdit,
    }: {
      row: Row;
      lane: RunnerSnapshot<Row>;
      onEdit: (row: Row) => void;
    }) {
      rowRenders.set(row.id, (rowRenders.get(row.id) ?? 0) + 1);
      return (
        <li data-testid={row.id} onClick={() => onEdit({ ...row, price: row.price + 1 })}>
          {lane.status === 'running'
            ? 'saving'
            : lane.status === 'error'
              ? 'not saved'
              : lane.status === 'done'
                ? `saved ${lane.value?.price}`
                : ''}
        </li>
      );
    });
    let api!: UseLastTaskLanesResult<string, Row>;
    function PriceTable({ rows }: { rows: Row[] }) {
      api = useLastTaskLanes<string, Row>({ delay: 500 });
      const { run, get, status } = api;
      const edit = useCallback((row: Row) => void run(row.id, (ctx) => saveRow(row)(ctx)), [run]);
      return (
        <>
          <p data-testid="caption">{status === 'error' ? 'some rows were not saved' : status}</p>
          <ul>
            {rows.map((row) => (
              <RowView key={row.id} row={row} lane={get(row.id)} onEdit={edit} />
            ))}
          </ul>
        </>
      );
    }
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: `r${i}`, price: i }));
    rows.forEach((row) => saves.set(row.id, controlledTask<Row>()));
    render(<PriceTable rows={rows} />);
    expect(rowRenders.get('r7')).toBe(1);
    act(() => screen.getByTestId('r7').click());
    act(() => screen.getByTestId('r9').click());
    expect(screen.getByTestId('caption').textContent).toBe('pending');
    await advance(500);
    expect(screen.getByTestId('r7').textContent).toBe('saving');
    await settle(() => saves.get('r7')!.call(0).resolve({ id: 'r7', price: 8 }));
    await settle(() => saves.get('r9')!.call(0).reject(new Error('offline')));
    expect(screen.getByTestId('r7').textContent).toBe('saved 8');
    expect(screen.getByTestId('r9').textContent).toBe('not saved');
    expect(screen.getByTestId('caption').textContent).toBe('some rows were not saved');
    // rows 7 and 9 rendered for pending, running and their outcome; no other row rendered again
    expect(rowRenders.get('r7')).toBe(4);
    expect(rowRenders.get('r9')).toBe(4);
    expect([...rowRenders].filter(([id]) => id !== 'r7' && id !== 'r9').every(([, n]) => n === 1)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
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

// P6 and T1 through the lanes hook: each key's lane keeps priorities and retries on its own.
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
