import { StrictMode, useState, type ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { vi } from 'vitest';
import { setImmediate as realSetImmediate } from 'node:timers';
import {
  useAutosave,
  useDraft,
  type AutosaveStatus,
  type DraftOptions,
  type TaskContext,
  type UseAutosaveOptions,
} from '../../src/index';
import { controlledSave, flushMicrotasks } from './core';

/*
 * The test helpers for hooks: everything of ./core except its `advance`, which here moves the clock inside act,
 * plus StrictMode lifecycles, React's error reports, and the useAutosave and editor harnesses.
 */
export {
  abortReasonOf,
  catchReportedErrors,
  controlledSave,
  controlledTask,
  deferred,
  entryOf,
  FakeChannel,
  FakeLocks,
  flushMicrotasks,
  memoryStore,
  message,
  messageOf,
  slowStore,
  thrownBy,
  track,
  unsafe,
  withFakeClock,
  withRunnerTestEnv,
  type Deferred,
  type SaveCall,
  type Tracked,
} from './core';

/** Moves the fake clock inside act, so timers, promise continuations and React updates all run. */
export async function advance(ms: number): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

/** Runs `fn` (resolve or reject a deferred, call flush/cancel) inside act and lets the consequences settle. */
export async function settle(fn: () => void = () => {}): Promise<void> {
  await act(async () => {
    fn();
    await flushMicrotasks();
  });
}

/** One turn of the real event loop: Node reports unhandled rejections before it ends. */
export function realMacrotask(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

/** The two ways every lifecycle flow is run: plainly, and inside <StrictMode> (mount, unmount, mount). */
export const lifecycles = [
  { name: 'without StrictMode', strict: false },
  { name: 'inside StrictMode', strict: true },
] as const;

export function Strict({ children }: { children: ReactNode }) {
  return <StrictMode>{children}</StrictMode>;
}

/** renderHook/render options for a lifecycle (exactOptionalPropertyTypes: no `wrapper: undefined`). */
export const wrapperFor = (strict: boolean): { wrapper?: typeof Strict } => (strict ? { wrapper: Strict } : {});

/**
 * Captures React's reports of errors thrown while rendering, until `restore()`: its `console.error` calls, and
 * React 18's window 'error' events, which jsdom prints with their stack unless prevented. `errors` holds what
 * those events carried (none on React 19, which reports to the error boundary and console.error only).
 */
export function captureRenderErrors(): { errors: unknown[]; restore: () => void } {
  const errors: unknown[] = [];
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
  const silence = (event: ErrorEvent) => {
    event.preventDefault();
    errors.push(event.error);
  };
  window.addEventListener('error', silence);
  return {
    errors,
    restore() {
      window.removeEventListener('error', silence);
      quiet.mockRestore();
    },
  };
}

/** Renders `hook` and returns what the first render threw (React's and jsdom's reports of it are silenced). */
export function renderError(hook: () => unknown): unknown {
  const captured = captureRenderErrors();
  try {
    renderHook(hook);
  } catch (error) {
    return error;
  } finally {
    captured.restore();
  }
  return 'nothing was thrown';
}

export interface AutosaveProps<T, R> {
  value: T;
  save: (value: T, ctx: TaskContext<R>) => R | PromiseLike<R>;
  delay?: number | undefined;
  options?: UseAutosaveOptions<T, R> | undefined;
}

/**
 * Renders useAutosave in a tiny hook component (optionally inside <StrictMode>) with a controlled save,
 * counts the component's renders, and lets a test change the value or any other argument.
 */
export function mountAutosave<T, R = string>(
  initial: T,
  config: { strict: boolean; delay?: number; options?: UseAutosaveOptions<T, R> },
) {
  const controlled = controlledSave<T, R>();
  let renders = 0;
  /** The statuses the component rendered, each change once. */
  const log: AutosaveStatus[] = [];
  let props: AutosaveProps<T, R> = {
    value: initial,
    save: controlled.save,
    delay: config.delay,
    options: config.options,
  };
  const hook = renderHook(
    (p: AutosaveProps<T, R>) => {
      renders++;
      const result = useAutosave(p.value, p.save, p.delay, p.options);
      if (log[log.length - 1] !== result.status) log.push(result.status);
      return result;
    },
    { initialProps: props, ...wrapperFor(config.strict) },
  );
  const update = (patch: Partial<AutosaveProps<T, R>>) => {
    props = { ...props, ...patch };
    hook.rerender(props);
  };
  return {
    ...controlled,
    ...hook,
    update,
    change: (value: T) => update({ value }),
    renders: () => renders,
    log,
  };
}

/** The delay of the editor that mountEditor renders. */
export const DELAY = 100;

export interface EditorProps {
  initial: string;
  draft?: Omit<DraftOptions<string>, 'restore'> & { restore?: boolean };
  options?: UseAutosaveOptions<string, string>;
  name?: string;
}

/**
 * One "tab" of an editor: its text in state, a draft named `name` that restores into that state (unless
 * `restore: false`), and an autosave of the text with the draft. The server's save is controlled.
 */
export function mountEditor({ initial, draft = {}, options = {}, name = 'doc' }: EditorProps, strict = false) {
  const server = controlledSave<string>();
  const { restore = true, ...draftOptions } = draft;
  const hook = renderHook(
    (props: { enabled?: boolean }) => {
      const [text, setText] = useState(initial);
      const [handle, { recovered, offline }] = useDraft<string>(name, {
        ...draftOptions,
        ...(restore ? { restore: setText } : {}),
      });
      const autosave = useAutosave(text, server.save, DELAY, {
        ...options,
        draft: handle,
        ...(props.enabled === undefined ? {} : { enabled: props.enabled }),
      });
      return { text, setText, draft: handle, recovered, offline, ...autosave };
    },
    { initialProps: {}, ...wrapperFor(strict) },
  );
  return {
    ...server,
    hook,
    get current() {
      return hook.result.current;
    },
  };
}
