/** @vitest-environment jsdom */
// useStatusBadge in a component: what a person sees and when (B1–B7), its timers (B8), its renders (B9),
// and StrictMode (B10). Every flow runs outside and inside <StrictMode>; render counts are measured outside
// it, since StrictMode renders every component twice in development. The clock starts at 0, so `at(ms)`
// reads as a timeline. Server rendering (B11) is in useStatusBadgeServer.test.tsx (no jsdom there).
import { Component, StrictMode, useState, type ReactNode } from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, expectTypeOf, onTestFinished, test, vi } from 'vitest';
import {
  useAutosave,
  useLastTask,
  useStatusBadge,
  type AutosaveStatus,
  type StatusBadgeOptions,
  type TaskStatus,
} from '../../src/index';
import {
  advance,
  captureRenderErrors,
  controlledSave,
  controlledTask,
  lifecycles,
  settle,
  withFakeClock,
  wrapperFor,
} from '../helpers/react';

withFakeClock(0);

afterEach(() => {
  vi.restoreAllMocks();
});

/** Moves the fake clock to `ms` after the start, inside act. */
const at = (ms: number) => advance(ms - Date.now());

/**
 * Renders useStatusBadge in a tiny component whose status (and options) a test sets. `seen` is what the
 * person saw, in order (a status shown twice in a row counts once); `renders` counts the component's renders.
 */
function mountBadge<S extends string>(first: S, options?: StatusBadgeOptions, strict = false) {
  let renders = 0;
  const seen: string[] = [];
  function Probe({ status, options }: { status: S; options?: StatusBadgeOptions | undefined }) {
    renders++;
    const shown = useStatusBadge(status, options);
    if (seen[seen.length - 1] !== shown) seen.push(shown);
    return <p data-testid="badge">{shown}</p>;
  }
  let latest = options;
  const view = render(<Probe status={first} options={options} />, wrapperFor(strict));
  return {
    shown: () => screen.getByTestId('badge').textContent,
    set(status: S, next: StatusBadgeOptions | undefined = latest) {
      latest = next;
      act(() => view.rerender(<Probe status={status} options={next} />));
    },
    renders: () => renders,
    seen,
    unmount: view.unmount,
  };
}

describe.each(lifecycles)('useStatusBadge $name', ({ strict }) => {
  test('B1 the first render shows the status it is given, as it is', () => {
    for (const status of ['idle', 'saving', 'saved', 'error', 'cancelled', 'offline']) {
      const b = mountBadge<string>(status, undefined, strict);
      expect(b.shown(), status).toBe(status);
      b.unmount();
    }
  });

  test('B2 a save that ends before showAfter never shows "Saving…": idle, then saved', async () => {
    const b = mountBadge<AutosaveStatus>('idle', undefined, strict);
    b.set('saving');
    await at(120);
    expect(b.shown()).toBe('idle');
    b.set('saved');
    expect(b.shown()).toBe('saved');
    await at(5000);
    expect(b.seen).toEqual(['idle', 'saved', 'idle']);
  });

  test('B2 a longer save shows "Saving…" once it has lasted showAfter (300 ms by default)', async () => {
    const b = mountBadge<AutosaveStatus>('idle', undefined, strict);
    b.set('pending');
    await at(100);
    b.set('saving');
    await at(299);
    expect(b.shown()).toBe('idle');
    await at(300);
    expect(b.shown()).toBe('saving');
  });

  test('B3 once shown, "Saving…" stays minVisible (500 ms by default) although the save ended 10 ms later', async () => {
    const b = mountBadge<AutosaveStatus>('idle', undefined, strict);
    b.set('saving');
    await at(310);
    b.set('saved');
    expect(b.shown()).toBe('saving');
    await at(799);
    expect(b.shown()).toBe('saving');
    await at(800);
    expect(b.shown()).toBe('saved');
    expect(b.seen).toEqual(['idle', 'saving', 'saved']);
  });

  test('B4 "Saved" goes back to idle after savedFor; Infinity keeps it', async () => {
    const fading = mountBadge<AutosaveStatus>('saving', { savedFor: 1000 }, strict);
    fading.set('saved');
    await at(500);
    expect(fading.shown()).toBe('saved');
    await at(1499);
    expect(fading.shown()).toBe('saved');
    await at(1500);
    expect(fading.shown()).toBe('idle');
    fading.unmount();
    const kept = mountBadge<TaskStatus>('running', { savedFor: Infinity, minVisible: 0 }, strict);
    kept.set('done');
    await at(1e7);
    expect(kept.shown()).toBe('done');
  });

  test('B5 an error shows in the render that brings it, even while "Saving…" is held, and stays', async () => {
    const b = mountBadge<AutosaveStatus>('idle', undefined, strict);
    b.set('saving');
    await at(310);
    expect(b.shown()).toBe('saving');
    b.set('error');
    expect(b.shown()).toBe('error');
    await at(1e6);
    expect(b.shown()).toBe('error');
    expect(b.seen).toEqual(['idle', 'saving', 'error']);
  });

  test('B6 cancelled and idle show at once, or when a hold ends', async () => {
    const b = mountBadge<AutosaveStatus>('saved', undefined, strict);
    b.set('cancelled');
    expect(b.shown()).toBe('cancelled');
    b.set('saving');
    await at(300);
    b.set('idle');
    expect(b.shown()).toBe('saving');
    await at(800);
    expect(b.shown()).toBe('idle');
  });

  test('B7 changed options apply to later transitions; a delay under way keeps its end', async () => {
    const b = mountBadge<AutosaveStatus>('idle', { showAfter: 300 }, strict);
    b.set('saving');
    await at(100);
    b.set('saving', { showAfter: 50, minVisible: 0 });
    await at(299);
    expect(b.shown()).toBe('idle');
    await at(300);
    expect(b.shown()).toBe('saving');
    b.set('saved');
    b.set('saving');
    await at(349);
    expect(b.shown()).toBe('saved');
    await at(350);
    expect(b.shown()).toBe('saving');
  });

  test('B7 options given in the render that brings a status apply to it at once (savedFor: 0, showAfter: 0)', () => {
    const b = mountBadge<AutosaveStatus>('idle', undefined, strict);
    b.set('saving', { showAfter: 0, minVisible: 0 });
    expect(b.shown()).toBe('saving');
    b.set('saved', { minVisible: 0, savedFor: 0 });
    expect(b.shown()).toBe('idle');
    expect(vi.getTimerCount()).toBe(0);
  });

  test('B8 no timer is created while nothing is delayed, held or fading', async () => {
    const b = mountBadge<AutosaveStatus>('idle', { savedFor: Infinity }, strict);
    expect(vi.getTimerCount()).toBe(0);
    b.set('cancelled');
    b.set('error');
    b.set('saved');
    b.set('idle');
    expect(vi.getTimerCount()).toBe(0);
    b.set('saving');
    expect(vi.getTimerCount()).toBe(1);
    await at(300);
    expect(vi.getTimerCount()).toBe(0); // saving is shown, and nothing more is due until the status changes
  });

  test.each([
    ['a delay', (b: ReturnType<typeof mountBadge<AutosaveStatus>>) => b.set('saving')],
    ['a fade', (b: ReturnType<typeof mountBadge<AutosaveStatus>>) => b.set('saved')],
  ])('B8 unmounting during %s leaves no timer and no update', async (_name, start) => {
    const errors = vi.spyOn(console, 'error');
    const b = mountBadge<AutosaveStatus>('idle', undefined, strict);
    start(b);
    expect(vi.getTimerCount()).toBe(1);
    const renders = b.renders();
    b.unmount();
    expect(vi.getTimerCount()).toBe(0);
    await at(10_000);
    expect(b.renders()).toBe(renders);
    expect(errors).not.toHaveBeenCalled();
  });

  test('B8 unmounting during a hold leaves no timer', async () => {
    const b = mountBadge<AutosaveStatus>('idle', undefined, strict);
    b.set('saving');
    await at(300);
    b.set('saved');
    expect(vi.getTimerCount()).toBe(1);
    b.unmount();
    expect(vi.getTimerCount()).toBe(0);
  });

  test('B10 one timer, not two, after mounting a delayed status (StrictMode mounts twice)', async () => {
    const b = mountBadge<AutosaveStatus>('saved', undefined, strict);
    expect(vi.getTimerCount()).toBe(1);
    await at(2000);
    expect(b.shown()).toBe('idle');
    expect(vi.getTimerCount()).toBe(0);
  });

  test('useAutosave + useStatusBadge: a fast save reads "Unsaved changes" then "Saved", never "Saving…"', async () => {
    const { save, call } = controlledSave<string>();
    function Editor() {
      const [text, setText] = useState('');
      const { status } = useAutosave(text, save, 800);
      return (
        <>
          <input aria-label="note" value={text} onChange={(e) => setText(e.target.value)} />
          <Badge status={useStatusBadge(status)} />
        </>
      );
    }
    const words: string[] = [];
    function Badge({ status }: { status: AutosaveStatus }) {
      const text =
        { pending: 'Unsaved changes', saving: 'Saving…', saved: 'Saved', error: 'Could not save' }[status as string] ??
        '';
      if (words[words.length - 1] !== text) words.push(text);
      return <span role="status">{text}</span>;
    }
    render(<Editor />, wrapperFor(strict));
    fireEvent.change(screen.getByLabelText('note'), { target: { value: 'hello' } });
    await at(299);
    expect(screen.getByRole('status').textContent).toBe('');
    await at(300);
    expect(screen.getByRole('status').textContent).toBe('Unsaved changes');
    await at(800);
    expect(save).toHaveBeenCalledTimes(1);
    await at(920);
    await settle(() => call(0).resolve('ok'));
    expect(screen.getByRole('status').textContent).toBe('Saved');
    await at(3000);
    expect(screen.getByRole('status').textContent).toBe('');
    expect(words).toEqual(['', 'Unsaved changes', 'Saved', '']);
  });

  test('useAutosave + useStatusBadge: a slow save reads "Saving…" for at least 500 ms; a failure shows at once', async () => {
    const { save, call } = controlledSave<string>();
    function Editor() {
      const [text, setText] = useState('');
      const shown = useStatusBadge(useAutosave(text, save, 100).status);
      return (
        <>
          <input aria-label="note" value={text} onChange={(e) => setText(e.target.value)} />
          <span role="status">{shown}</span>
        </>
      );
    }
    render(<Editor />, wrapperFor(strict));
    fireEvent.change(screen.getByLabelText('note'), { target: { value: 'a' } });
    await at(100); // the save starts: pending then saving are one busy stretch, shown 300 ms after it began
    expect(save).toHaveBeenCalledTimes(1);
    await at(299);
    expect(screen.getByRole('status').textContent).toBe('idle');
    await at(300);
    expect(screen.getByRole('status').textContent).toBe('saving');
    await at(310);
    await settle(() => call(0).resolve('ok'));
    await at(799);
    expect(screen.getByRole('status').textContent).toBe('saving');
    await at(800);
    expect(screen.getByRole('status').textContent).toBe('saved');
    fireEvent.change(screen.getByLabelText('note'), { target: { value: 'ab' } });
    await at(900);
    expect(save).toHaveBeenCalledTimes(2);
    await settle(() => call(1).reject(new Error('offline')));
    expect(screen.getByRole('status').textContent).toBe('error');
  });

  test('useLastTask + useStatusBadge (TaskStatus): a 100 ms task with delay 0 shows neither pending nor running', async () => {
    const { task, call } = controlledTask<number>();
    const seen: string[] = [];
    let run!: (t: typeof task) => unknown;
    function Button() {
      const last = useLastTask<number>();
      run = last.run;
      const shown: TaskStatus = useStatusBadge(last.status);
      if (seen[seen.length - 1] !== shown) seen.push(shown);
      return <span>{shown}</span>;
    }
    render(<Button />, wrapperFor(strict));
    act(() => void run(task));
    await at(100);
    await settle(() => call(0).resolve(1));
    await at(5000);
    expect(seen).toEqual(['idle', 'done', 'idle']);
  });
});

describe('B7 bad options from the hook', () => {
  class Catch extends Component<{ children: ReactNode }, { error?: unknown }> {
    override state: { error?: unknown } = {};
    static getDerivedStateFromError(error: unknown) {
      return { error };
    }
    override render() {
      return this.state.error ? <p data-testid="caught">{String(this.state.error)}</p> : this.props.children;
    }
  }
  function Probe({ options }: { options: unknown }) {
    return <p>{useStatusBadge('idle', options as StatusBadgeOptions)}</p>;
  }

  test.each([
    [{ showAfter: NaN }, 'RangeError: react-last-task: showAfter must be a number >= 0 or Infinity, got NaN'],
    [{ minVisible: -5 }, 'RangeError: react-last-task: minVisible must be a number >= 0 or Infinity, got -5'],
    [{ savedFor: '2000' }, 'RangeError: react-last-task: savedFor must be a number >= 0 or Infinity, got "2000"'],
    [500, 'TypeError: react-last-task: options must be an object, got 500'],
  ])('B7 %j throws from the render: %s', (options, message) => {
    // Left alone, React 18's reports of these expected errors print about 100 lines of stack traces.
    const captured = captureRenderErrors();
    try {
      render(
        <Catch>
          <Probe options={options} />
        </Catch>,
      );
      expect(screen.getByTestId('caught').textContent).toBe(message);
      expect(vi.getTimerCount()).toBe(0);
      for (const error of captured.errors) expect(String(error)).toBe(message);
    } finally {
      captured.restore();
    }
  });

  test('B7 a bad option given later throws from that render too, and the good ones before it still worked', async () => {
    const captured = captureRenderErrors();
    onTestFinished(captured.restore);
    function Later({ options }: { options: unknown }) {
      return <p data-testid="badge">{useStatusBadge<AutosaveStatus>('saved', options as StatusBadgeOptions)}</p>;
    }
    const view = render(
      <Catch>
        <Later options={{ savedFor: 100 }} />
      </Catch>,
    );
    await at(100);
    expect(screen.getByTestId('badge').textContent).toBe('idle');
    view.rerender(
      <Catch>
        <Later options={{ savedFor: -1 }} />
      </Catch>,
    );
    expect(screen.getByTestId('caught').textContent).toContain('savedFor must be a number >= 0 or Infinity, got -1');
    expect(vi.getTimerCount()).toBe(0);
    for (const error of captured.errors)
      expect(String(error)).toContain('savedFor must be a number >= 0 or Infinity, got -1');
  });
});

describe('B9 renders (outside StrictMode)', () => {
  test('B9 a fast save costs no render of the badge’s own until "Saved" fades: mount, saving, saved, fade', async () => {
    const b = mountBadge<AutosaveStatus>('idle');
    b.set('saving');
    await at(100);
    b.set('saved');
    expect(b.renders()).toBe(3);
    await at(2099);
    expect(b.renders()).toBe(3);
    await at(2100);
    expect(b.renders()).toBe(4);
    expect(b.shown()).toBe('idle');
  });

  test('B9 a slow save: one render per status given, and one per change the timers make (reveal, hold end, fade)', async () => {
    const b = mountBadge<AutosaveStatus>('idle');
    b.set('pending'); //      2
    b.set('saving'); //       3
    await at(300); //         4 saving shown
    b.set('saved'); //        5 still saving (held)
    b.set('pending'); //      6 still saving
    b.set('saved'); //        7 still saving
    await at(800); //         8 saved shown
    await at(2800); //        9 idle
    expect(b.renders()).toBe(9);
    expect(b.seen).toEqual(['idle', 'saving', 'saved', 'idle']);
  });

  test('B9 an error, a calm status and "Saved" after a hidden save show in the render that brings them, with no second render', async () => {
    const b = mountBadge<AutosaveStatus>('idle');
    b.set('saving');
    await at(300);
    const before = b.renders();
    b.set('error');
    expect(b.shown()).toBe('error');
    b.set('cancelled');
    expect(b.shown()).toBe('cancelled');
    b.set('saving');
    b.set('saved');
    expect(b.shown()).toBe('saved');
    expect(b.renders()).toBe(before + 4);
  });

  test('B9 re-rendering with the same status and options causes nothing but that render', async () => {
    const b = mountBadge<AutosaveStatus>('idle');
    b.set('saving');
    for (let i = 0; i < 10; i++) {
      await at(i * 20);
      b.set('saving');
    }
    expect(b.renders()).toBe(12);
    expect(vi.getTimerCount()).toBe(1);
    await at(300);
    expect(b.renders()).toBe(13);
  });

  test('B9 a deadline that passes between the render and its commit is caught up with one more render', async () => {
    // The render reads the clock, then the commit does: move the clock in between, inside one act.
    let status: AutosaveStatus = 'idle';
    let renders = 0;
    function Probe() {
      renders++;
      const shown = useStatusBadge(status);
      if (renders === 3) vi.setSystemTime(Date.now() + 400); // the render of 'saved' at 299 ms
      return <p data-testid="badge">{shown}</p>;
    }
    const view = render(<Probe />);
    status = 'saving';
    view.rerender(<Probe />);
    await at(299);
    status = 'pending';
    view.rerender(<Probe />);
    // Rendered at 299 ms (pending: keep idle); committed at 699 ms, when the stretch has lasted 300 ms.
    expect(screen.getByTestId('badge').textContent).toBe('pending');
    expect(renders).toBe(4);
  });
});

describe('B10 StrictMode', () => {
  test('B10 the badge works after StrictMode’s simulated unmount: its timers are armed again, once', async () => {
    const b = mountBadge<AutosaveStatus>('idle', undefined, true);
    b.set('saving');
    expect(vi.getTimerCount()).toBe(1);
    await at(300);
    expect(b.shown()).toBe('saving');
    b.set('saved');
    await at(800);
    expect(b.shown()).toBe('saved');
    await at(2800);
    expect(b.shown()).toBe('idle');
    expect(vi.getTimerCount()).toBe(0);
  });

  test('B10 a badge mounted inside StrictMode with a busy status holds it from the first mount', async () => {
    function Probe({ status }: { status: AutosaveStatus }) {
      return <p data-testid="badge">{useStatusBadge(status)}</p>;
    }
    const view = render(
      <StrictMode>
        <Probe status="saving" />
      </StrictMode>,
    );
    view.rerender(
      <StrictMode>
        <Probe status="saved" />
      </StrictMode>,
    );
    await at(499);
    expect(screen.getByTestId('badge').textContent).toBe('saving');
    await at(500);
    expect(screen.getByTestId('badge').textContent).toBe('saved');
  });
});

describe('B11 hydration', () => {
  test.each(['saving', 'saved', 'error'] as const)(
    'B11 the server’s HTML for %s hydrates without a mismatch, then the rules apply',
    async (status) => {
      function Probe({ status }: { status: AutosaveStatus }) {
        return <p data-testid="badge">{useStatusBadge(status)}</p>;
      }
      // React 18 warns that useLayoutEffect does nothing on the server when a window exists (jsdom).
      const ssrErrors = vi.spyOn(console, 'error').mockImplementation(() => {});
      const html = renderToString(<Probe status={status} />);
      ssrErrors.mockRestore();
      expect(vi.getTimerCount()).toBe(0);
      const container = document.body.appendChild(document.createElement('div'));
      container.innerHTML = html;
      const errors = vi.spyOn(console, 'error');
      const recoverable: unknown[] = [];
      const root = await act(async () =>
        hydrateRoot(container, <Probe status={status} />, { onRecoverableError: (error) => recoverable.push(error) }),
      );
      expect(recoverable).toEqual([]);
      expect(errors).not.toHaveBeenCalled();
      expect(container.textContent).toBe(status);
      await at(2500);
      expect(container.textContent).toBe(status === 'saved' ? 'idle' : status);
      act(() => root.unmount());
      container.remove();
      expect(vi.getTimerCount()).toBe(0);
    },
  );
});

describe('types', () => {
  test('B1 the hook returns the type of the status it is given, with idle', () => {
    expectTypeOf(useStatusBadge<AutosaveStatus>).returns.toEqualTypeOf<AutosaveStatus>();
    expectTypeOf(useStatusBadge<TaskStatus>).returns.toEqualTypeOf<TaskStatus>();
    expectTypeOf(useStatusBadge<'offline' | 'syncing'>).returns.toEqualTypeOf<'offline' | 'syncing' | 'idle'>();
    expectTypeOf(useStatusBadge).parameter(1).toEqualTypeOf<StatusBadgeOptions | undefined>();
    // @ts-expect-error a status is a string
    expectTypeOf(useStatusBadge).toBeCallableWith(1);
    expect(typeof useStatusBadge).toBe('function');
  });
});
