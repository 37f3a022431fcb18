import { StrictMode, type ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { vi } from 'vitest';
import { setImmediate as realSetImmediate } from 'node:timers';
import type { TaskContext } from '../../src/index';

// A promise settled by hand, so a test decides when (and in which order) tasks and saves end.
import { deferred, type Deferred } from '../core/helpers';
export { deferred, type Deferred };

/** Lets every promise continuation that is already queued (and those they queue) run. */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 25; i++) await Promise.resolve();
}

/** Moves the fake clock inside act, so timers, promise continuations and React updates all run. */
export async function advance(ms: number): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

/** Runs `fn` (resolve or reject a deferred, call flush/cancel) inside act and lets the consequences settle. */
export async function settle(fn: () => void): Promise<void> {
  await act(async () => {
    fn();
    await flushMicrotasks();
  });
}

/** One turn of the real event loop: Node reports unhandled rejections before it ends. */
export function realMacrotask(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

export interface SaveCall<T, R> extends Deferred<R> {
  value: T;
  ctx: TaskContext<R>;
}

/** A `save` whose every call returns a fresh deferred, recorded in order. */
export function controlledSave<T, R = string>() {
  const calls: SaveCall<T, R>[] = [];
  const save = vi.fn((value: T, ctx: TaskContext<R>): Promise<R> => {
    const d = deferred<R>();
    calls.push({ value, ctx, ...d });
    return d.promise;
  });
  const call = (index: number): SaveCall<T, R> => {
    const found = calls[index];
    if (!found) throw new Error(`save was called ${calls.length} times, no call #${index}`);
    return found;
  };
  return { save, calls, call };
}

/** A task function for a runner whose every call returns a fresh deferred. */
export function controlledTask<T>() {
  const calls: (Deferred<T> & { ctx: TaskContext<T> })[] = [];
  const task = vi.fn((ctx: TaskContext<T>): Promise<T> => {
    const d = deferred<T>();
    calls.push({ ctx, ...d });
    return d.promise;
  });
  const call = (index: number) => {
    const found = calls[index];
    if (!found) throw new Error(`task was called ${calls.length} times, no call #${index}`);
    return found;
  };
  return { task, calls, call };
}

/** The two ways every lifecycle flow is run: plainly, and inside <StrictMode> (mount, unmount, mount). */
export const lifecycles = [
  { name: 'without StrictMode', strict: false },
  { name: 'inside StrictMode', strict: true },
] as const;

function Strict({ children }: { children: ReactNode }) {
  return <StrictMode>{children}</StrictMode>;
}

/** renderHook/render options for a lifecycle (exactOptionalPropertyTypes: no `wrapper: undefined`). */
export const wrapperFor = (strict: boolean): { wrapper?: typeof Strict } => (strict ? { wrapper: Strict } : {});

/** Asserts a DOMException named AbortError whose message names the reason. */
export function abortReasonOf(signal: AbortSignal): { name: string; message: string; isDOMException: boolean } {
  const reason: unknown = signal.reason;
  return {
    name: reason instanceof DOMException ? reason.name : typeof reason,
    message: reason instanceof DOMException ? reason.message : String(reason),
    isDOMException: reason instanceof DOMException,
  };
}

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

/** The message of an error, or the thrown value as a string. */
export const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
