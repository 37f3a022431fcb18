/** @vitest-environment jsdom */
import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  useAutosave,
  useLastTask,
  type Outcome,
  type RunnerOptions,
  type RunOptions,
  type Task,
  type UseAutosaveOptions,
} from '../../src/index';
import {
  advance,
  catchReportedErrors,
  controlledTask,
  message,
  mountAutosave,
  renderError,
  settle,
  withRunnerTestEnv,
  wrapperFor,
} from '../helpers/react';

/*
 * Faults and bad input for the hooks: saves and callbacks that fail in odd ways, saves that never settle,
 * late timers and a clock that goes back, bad arguments, and calls after unmount. "fault:" marks the fault.
 */

const START = Date.UTC(2024, 0, 1);

// A13: no unhandled rejection in any test.
withRunnerTestEnv(START);

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const asyncSave = async () => 'ok';

const mount = (
  initial = 'a',
  config: { delay?: number; options?: UseAutosaveOptions<string, string>; strict?: boolean } = {},
) => mountAutosave<string, string>(initial, { strict: false, delay: 100, ...config });

// ---------------------------------------------------------------------------------------------------

describe('fault: a save that fails with something that is not an Error', () => {
  const failures: Array<[string, unknown]> = [
    ['a string', 'offline'],
    ['undefined', undefined],
    ['null', null],
  ];

  test.each(failures)(
    'A3/A13 fault: a save that throws %s synchronously: error with that value, onError, still dirty; the next change saves',
    async (_, thrown) => {
      const onError = vi.fn();
      const onSaved = vi.fn();
      const values: string[] = [];
      const save = vi.fn((value: string) => {
        values.push(value);
        if (value === 'b') throw thrown;
        return Promise.resolve(`saved ${value}`);
      });
      const { result, rerender } = renderHook(({ value }) => useAutosave(value, save, 100, { onError, onSaved }), {
        initialProps: { value: 'a' },
      });
      rerender({ value: 'b' });
      await advance(100);
      expect(result.current.status).toBe('error');
      expect(Object.is(result.current.error, thrown)).toBe(true);
      expect(result.current.isDirty).toBe(true);
      expect(onError).toHaveBeenCalledTimes(1);
      expect(Object.is(onError.mock.calls[0]![0], thrown)).toBe(true);
      expect(onError.mock.calls[0]![1]).toBe('b');
      rerender({ value: 'c' });
      await advance(100);
      expect(values).toEqual(['b', 'c']);
      expect(result.current).toMatchObject({ status: 'saved', isDirty: false, error: undefined });
      expect(onSaved).toHaveBeenCalledWith('c', 'saved c');
    },
  );

  test.each(failures)(
    'A3/A13 fault: a save that rejects with %s: error with that value, still dirty, flush() retries',
    async (_, thrown) => {
      const h = mount('a');
      h.change('b');
      await advance(100);
      await settle(() => h.call(0).reject(thrown));
      expect(h.result.current.status).toBe('error');
      expect(Object.is(h.result.current.error, thrown)).toBe(true);
      expect(h.result.current.isDirty).toBe(true);
      let flushed: Promise<Outcome<string> | undefined> | undefined;
      await settle(() => void (flushed = h.result.current.flush()));
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('b');
      await settle(() => h.call(1).resolve('rev'));
      await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev' });
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
    },
  );
});

// ---------------------------------------------------------------------------------------------------

describe('fault: a save or task that never settles', () => {
  const hanging = <T,>(): PromiseLike<T> => ({ then: () => undefined as never });

  test('A9/A8 fault: a never-settling save, then cancel(): cancelled, still dirty, the flush() promise resolves cancelled, no timer', async () => {
    const save = vi.fn((_value: string) => hanging<string>());
    const { result, rerender } = renderHook(({ value }) => useAutosave(value, save, 100), {
      initialProps: { value: 'a' },
    });
    rerender({ value: 'b' });
    await advance(100);
    expect(result.current.status).toBe('saving');
    let flushed: Promise<Outcome<unknown> | undefined> | undefined;
    await settle(() => void (flushed = result.current.flush()));
    expect(save).toHaveBeenCalledTimes(1); // A8: the latest value's save is in flight: no second call
    await settle(() => result.current.cancel());
    await expect(flushed).resolves.toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(result.current).toMatchObject({ status: 'cancelled', isDirty: true });
    expect(vi.getTimerCount()).toBe(0);
    // The next change schedules again.
    rerender({ value: 'c' });
    expect(result.current.status).toBe('pending');
    await advance(100);
    expect(save).toHaveBeenCalledTimes(2);
  });

  test('A7 fault: a never-settling save, then unmount: aborted, no timer, no render afterwards', async () => {
    const h = mount('a');
    h.change('b');
    await advance(100);
    const { signal } = h.call(0).ctx;
    h.unmount();
    const renders = h.renders();
    expect(signal.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await advance(60_000);
    expect(h.renders()).toBe(renders);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('H3 fault: a never-settling task, then unmount: the promise of run() still resolves cancelled/disposed, no timer', async () => {
    const { result, unmount } = renderHook(() => useLastTask<string>({ delay: 10 }));
    let promise!: Promise<Outcome<string>>;
    let signal: AbortSignal | undefined;
    act(() => {
      promise = result.current.run((ctx) => {
        signal = ctx.signal;
        return hanging<string>();
      });
    });
    await advance(10);
    expect(result.current.status).toBe('running');
    unmount();
    await expect(promise).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(signal?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('H3 fault: a never-settling task, then cancel() and unmount: cancelled first, nothing after', async () => {
    const { result, unmount } = renderHook(() => useLastTask<string>());
    let promise!: Promise<Outcome<string>>;
    act(() => {
      promise = result.current.run(() => hanging<string>());
    });
    await advance(0);
    await settle(() => result.current.cancel());
    expect(result.current.status).toBe('cancelled');
    unmount();
    await expect(promise).resolves.toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(vi.getTimerCount()).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('fault: onSaved and onError that throw', () => {
  test('A3 fault: an onSaved that throws: saved, the baseline moves, the autosave keeps working; the error is rethrown on its own', async () => {
    const reported = catchReportedErrors();
    const boom = new Error('onSaved broke');
    const onSaved = vi.fn(() => {
      throw boom;
    });
    const h = mount('a', { options: { onSaved } });
    h.change('b');
    await advance(100);
    await settle(() => h.call(0).resolve('rev-b'));
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false, error: undefined });
    expect(h.result.current.lastSavedAt).toBe(START + 100);
    expect(reported).toEqual([boom]);
    h.change('c');
    await advance(100);
    expect(h.call(1).value).toBe('c');
    await settle(() => h.call(1).resolve('rev-c'));
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
    expect(onSaved).toHaveBeenCalledTimes(2);
    expect(reported).toEqual([boom, boom]);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('A3 fault: an onError that throws: error, still dirty, the next change saves and succeeds', async () => {
    const reported = catchReportedErrors();
    const failure = new Error('offline');
    const onError = vi.fn(() => {
      throw 'onError broke';
    });
    const h = mount('a', { options: { onError } });
    h.change('b');
    await advance(100);
    await settle(() => h.call(0).reject(failure));
    expect(h.result.current).toMatchObject({ status: 'error', error: failure, isDirty: true });
    expect(reported).toEqual(['onError broke']);
    h.change('c');
    await advance(100);
    await settle(() => h.call(1).resolve('rev-c'));
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false, error: undefined });
  });

  test('A7 fault: an onSaved that throws for the save made on unmount: no render, rethrown on its own', async () => {
    const reported = catchReportedErrors();
    const onSaved = vi.fn(() => {
      throw 'after unmount';
    });
    const h = mount('a', { options: { onSaved, saveOnUnmount: true } });
    h.change('b');
    h.unmount();
    const renders = h.renders();
    await settle(() => h.call(0).resolve('rev-b'));
    expect(onSaved).toHaveBeenCalledWith('b', 'rev-b');
    expect(reported).toEqual(['after unmount']);
    expect(h.renders()).toBe(renders);
    expect(vi.getTimerCount()).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('fault: timers that fire late and a clock that goes back', () => {
  test('A2 fault: a late timer (throttled tab) saves the latest value once when it finally fires', async () => {
    const h = mount('a');
    h.change('b');
    await advance(50);
    vi.setSystemTime(Date.now() + 60_000); // the clock moves on, the timer does not fire
    h.change('c');
    await advance(99);
    expect(h.save).not.toHaveBeenCalled();
    await advance(1);
    expect(h.save).toHaveBeenCalledTimes(1);
    expect(h.call(0).value).toBe('c');
    await settle(() => h.call(0).resolve('rev'));
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false, lastSavedAt: Date.now() });
    expect(vi.getTimerCount()).toBe(0);
  });

  // See test/core/faults.test.ts: before commit 34a2f6b the runner trusted Date.now() when its timer fired.
  test('A2 fault: after the clock goes back, the save still starts no later than its delay after the change', async () => {
    const h = mount('a');
    h.change('b');
    vi.setSystemTime(Date.now() - 60_000);
    await advance(100);
    expect(h.save, 'save must have been called 100 ms after the change').toHaveBeenCalledTimes(1);
  });

  test('A3 fault: after the clock goes back, lastSavedAt is the clock at the success, and nothing else changes', async () => {
    const h = mount('a', { delay: 0 });
    h.change('b');
    await advance(0);
    await settle(() => h.call(0).resolve('rev'));
    const first = h.result.current.lastSavedAt!;
    vi.setSystemTime(first - 10_000);
    h.change('c');
    await advance(1);
    await settle(() => h.call(1).resolve('rev'));
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false, lastSavedAt: Date.now() });
    expect(h.result.current.lastSavedAt).toBeLessThan(first);
  });
});

// ---------------------------------------------------------------------------------------------------

const badDelays: Array<[string, unknown]> = [
  ['NaN', NaN],
  ['-1', -1],
  ['Infinity', Infinity],
  ['"100"', '100'],
  ['null', null],
];
const badMaxWaits: Array<[string, unknown]> = [
  ['NaN', NaN],
  ['-1', -1],
  ['"100"', '100'],
  ['null', null],
];
const notObjects: Array<[string, unknown]> = [
  ['a number', 500],
  ['a string', 'fast'],
  ['true', true],
];
const shown = (label: string) => label.replace(/"/g, '');

describe('fault: bad input to useLastTask', () => {
  test.each(badDelays)('R13 fault: useLastTask({ delay: %s }) throws a RangeError naming delay', (label, delay) => {
    const error = renderError(() => useLastTask(unsafeOptions({ delay })));
    expect(error).toBeInstanceOf(RangeError);
    expect(message(error)).toContain('delay must be');
    expect(message(error)).toContain(shown(label));
    expect(vi.getTimerCount()).toBe(0);
  });

  test.each(badMaxWaits)(
    'R13 fault: useLastTask({ maxWait: %s }) throws a RangeError naming maxWait',
    (label, maxWait) => {
      const error = renderError(() => useLastTask(unsafeOptions({ maxWait })));
      expect(error).toBeInstanceOf(RangeError);
      expect(message(error)).toContain('maxWait must be');
      expect(message(error)).toContain(shown(label));
    },
  );

  test.each(notObjects)('R13 fault: useLastTask(%s) throws a TypeError naming options', (_, options) => {
    const error = renderError(() => useLastTask(unsafeOptions(options)));
    expect(error).toBeInstanceOf(TypeError);
    expect(message(error)).toContain('options must be');
  });

  test('R13 fault: run() from the hook with a bad delay or a task that is not a function throws, and the pending task stays', async () => {
    const { result } = renderHook(() => useLastTask<string>({ delay: 100 }));
    const t = controlledTask<string>();
    act(() => void result.current.run(t.task));
    for (const delay of [NaN, -1, Infinity, '100', null]) {
      expect(() => result.current.run(t.task, { delay } as unknown as RunOptions)).toThrow(RangeError);
    }
    expect(() => result.current.run('task' as unknown as Task<string>)).toThrow(TypeError);
    expect(() => result.current.run(t.task, 100 as unknown as RunOptions)).toThrow(TypeError);
    expect(result.current.status).toBe('pending');
    await advance(100);
    expect(t.task).toHaveBeenCalledTimes(1);
    expect(t.call(0).ctx.seq).toBe(1);
  });
});

function unsafeOptions(value: unknown): RunnerOptions {
  return value as RunnerOptions;
}
function unsafeAutosaveOptions(value: unknown): UseAutosaveOptions<string, string> {
  return value as UseAutosaveOptions<string, string>;
}

describe('fault: bad input to useAutosave', () => {
  test.each(badDelays)('R13 fault: useAutosave(value, save, %s) throws a RangeError naming delay', (label, delay) => {
    const error = renderError(() => useAutosave('a', asyncSave, delay as number));
    expect(error).toBeInstanceOf(RangeError);
    expect(message(error)).toContain('delay must be');
    expect(message(error)).toContain(shown(label));
    expect(vi.getTimerCount()).toBe(0);
  });

  test.each(badMaxWaits)(
    'R13 fault: useAutosave options { maxWait: %s } throws a RangeError naming maxWait',
    (label, maxWait) => {
      const error = renderError(() => useAutosave('a', asyncSave, 100, unsafeAutosaveOptions({ maxWait })));
      expect(error).toBeInstanceOf(RangeError);
      expect(message(error)).toContain('maxWait must be');
      expect(message(error)).toContain(shown(label));
    },
  );

  test('R13 fault: useAutosave options { mode: "debounce" } throws a RangeError naming mode', () => {
    const error = renderError(() => useAutosave('a', asyncSave, 100, unsafeAutosaveOptions({ mode: 'debounce' })));
    expect(error).toBeInstanceOf(RangeError);
    expect(message(error)).toContain('mode must be');
  });

  test.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'save'],
    ['a promise', Promise.resolve()],
  ])('R13 fault: a save that is %s throws a TypeError naming save', (_, save) => {
    const error = renderError(() => useAutosave('a', save as never, 100));
    expect(error).toBeInstanceOf(TypeError);
    expect(message(error)).toContain('save must be');
  });

  // Found by this file: before commit 34a2f6b useAutosave read `options?.maxWait` from whatever it was given, so a
  // number or a string (a slip: maxWait as the fourth argument) was silently ignored, unlike useLastTask.
  test.each(notObjects)('R13 fault: useAutosave options that are %s throw a TypeError naming options', (_, options) => {
    const error = renderError(() => useAutosave('a', asyncSave, 100, unsafeAutosaveOptions(options)));
    expect(error).toBeInstanceOf(TypeError);
    expect(message(error)).toContain('options must be');
  });

  test('A2 an undefined delay means the default (1000 ms), and undefined options count as not given', async () => {
    const save = vi.fn(asyncSave);
    const { rerender } = renderHook(({ value }) => useAutosave(value, save, undefined, undefined), {
      initialProps: { value: 'a' },
    });
    rerender({ value: 'b' });
    await advance(999);
    expect(save).not.toHaveBeenCalled();
    await advance(1);
    expect(save).toHaveBeenCalledTimes(1);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('fault: calls after unmount', () => {
  test('H3 fault: flush() and cancel() of useLastTask after unmount: flush resolves undefined, no timer, no render', async () => {
    let renders = 0;
    const { result, unmount } = renderHook(() => {
      renders++;
      return useLastTask<string>({ delay: 100 });
    });
    const task = vi.fn(() => 'v');
    act(() => void result.current.run(task));
    const { flush, cancel } = result.current;
    unmount();
    const atUnmount = renders;
    await expect(flush()).resolves.toBeUndefined();
    cancel();
    await advance(1000);
    expect(task).not.toHaveBeenCalled();
    expect(renders).toBe(atUnmount);
    expect(vi.getTimerCount()).toBe(0);
  });

  test.each([
    ['without StrictMode', false],
    ['inside StrictMode', true],
  ])(
    'A7 fault: flush() and cancel() of useAutosave after unmount (%s) never call save, leave no timer and cause no render',
    async (_, strict) => {
      const h = mountAutosave<string, string>('a', { strict, delay: 100 });
      h.change('b');
      const { flush, cancel } = h.result.current;
      h.unmount();
      const renders = h.renders();
      let flushed: unknown = 'unsettled';
      await act(async () => {
        flushed = await flush();
      });
      expect(flushed === undefined || (flushed as Outcome<string>).status === 'cancelled').toBe(true);
      cancel();
      await advance(1000);
      expect(h.save).not.toHaveBeenCalled();
      expect(h.renders()).toBe(renders);
      expect(vi.getTimerCount()).toBe(0);
    },
  );

  test('A7 fault: with saveOnUnmount, calls after the unmount save succeeded save nothing more and cause no render', async () => {
    const h = mount('a', { options: { saveOnUnmount: true } });
    h.change('b');
    const { flush, cancel } = h.result.current;
    h.unmount();
    const renders = h.renders();
    expect(h.save).toHaveBeenCalledTimes(1);
    await settle(() => h.call(0).resolve('rev'));
    await expect(flush()).resolves.toBeUndefined();
    cancel();
    await advance(1000);
    expect(h.save).toHaveBeenCalledTimes(1);
    expect(h.renders()).toBe(renders);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('A12 fault: a useAutosave inside StrictMode survives the simulated unmount and still saves', async () => {
    const h = mountAutosave<string, string>('a', { strict: true, delay: 100 });
    expect(wrapperFor(true).wrapper).toBeDefined();
    h.change('b');
    await advance(100);
    expect(h.save).toHaveBeenCalledTimes(1);
    await settle(() => h.call(0).resolve('rev'));
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
  });
});
