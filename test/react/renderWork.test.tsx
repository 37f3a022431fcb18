/** @vitest-environment jsdom */
// The work a re-render costs (A11, H5): a component that renders again with the same runner options checks none
// of them again and reconfigures nothing; options that change are checked at the render that passes them (R13),
// and a bad one throws there and leaves the runner with the options it had.
import { useState } from 'react';
import { act, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import * as checks from '../../src/core/checkOptions';
import { useAutosave, useLastTask, type RunnerOptions, type UseAutosaveOptions } from '../../src/index';
import { advance, captureRenderErrors, controlledTask, deferred, lifecycles, wrapperFor } from '../helpers/react';

vi.mock('../../src/core/checkOptions', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/core/checkOptions')>();
  return { ...original, checkOptions: vi.fn(original.checkOptions) };
});
const checkOptions = vi.mocked(checks.checkOptions);
/**
 * The calls that checked something: a call given options it checked already (the runner's `configure` at a
 * commit that hands over new callbacks) returns them as they are, at once.
 */
const checksMade = () =>
  checkOptions.mock.calls.filter(([given], i) => checkOptions.mock.results[i]?.value !== given).length;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

const FIELDS = 100;

test('A11 in a form of 100 fields that holds every value, a key press re-renders all 100 useAutosave hooks and checks no runner option again', () => {
  const renders: number[] = Array(FIELDS).fill(0);
  const save = vi.fn(() => deferred<void>().promise);
  function Field({ i, value, onType }: { i: number; value: string; onType: (i: number, text: string) => void }) {
    renders[i]!++;
    const { status } = useAutosave(value, save, 300);
    return (
      <input aria-label={`field ${i}`} data-status={status} value={value} onChange={(e) => onType(i, e.target.value)} />
    );
  }
  function Form() {
    const [values, setValues] = useState(() => Array<string>(FIELDS).fill(''));
    const onType = (i: number, text: string) => setValues((old) => old.map((v, j) => (j === i ? text : v)));
    return (
      <form>
        {values.map((value, i) => (
          <Field key={i} i={i} value={value} onType={onType} />
        ))}
      </form>
    );
  }
  render(<Form />);
  checkOptions.mockClear();
  const input = screen.getByLabelText('field 7') as HTMLInputElement;
  for (const char of 'abcdefghij') act(() => void fireEvent.change(input, { target: { value: input.value + char } }));
  expect(renders.every((n, i) => n === (i === 7 ? 1 + 10 + 1 : 1 + 10))).toBe(true);
  expect(checksMade()).toBe(0);
  expect(input.dataset.status).toBe('pending');
});

test.each(lifecycles)(
  'A11 useAutosave re-rendered with a new options object of the same runner options ($name) checks them once, at the render that changes one',
  async ({ strict }) => {
    const save = vi.fn(async (value: string) => value);
    const onSaved = vi.fn();
    const { rerender, result } = renderHook(
      ({ value, delay, maxWait }: { value: string; delay: number; maxWait: number }) =>
        // A new options object and a new callback at every render, as written inline.
        useAutosave(value, (v: string) => save(v), delay, { maxWait, mode: 'restart', onSaved: (v) => onSaved(v) }),
      { initialProps: { value: 'a', delay: 100, maxWait: 1000 }, ...wrapperFor(strict) },
    );
    checkOptions.mockClear();
    for (const value of ['b', 'c', 'd']) rerender({ value, delay: 100, maxWait: 1000 });
    expect(checksMade()).toBe(0);
    expect(result.current.status).toBe('pending');
    // A longer delay: checked at that render (twice inside StrictMode, which renders twice), then applied to the
    // next change (H2: the pending save keeps its deadline).
    rerender({ value: 'd', delay: 500, maxWait: 1000 });
    expect(checksMade()).toBe(strict ? 2 : 1);
    await advance(100);
    expect(save.mock.calls.map(([v]) => v)).toEqual(['d']);
    expect(onSaved).toHaveBeenLastCalledWith('d');
    rerender({ value: 'e', delay: 500, maxWait: 1000 });
    await advance(499);
    expect(save).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(save.mock.calls.map(([v]) => v)).toEqual(['d', 'e']);
    expect(checksMade()).toBe(strict ? 2 : 1);
  },
);

test.each(lifecycles)(
  'H5 useLastTask re-rendered with a new options object of the same values ($name) checks none of them again; a changed delay applies to later run() calls (H2)',
  async ({ strict }) => {
    const { rerender, result } = renderHook(
      ({ delay }: { delay: number }) => useLastTask<string>({ delay, maxWait: 1000, flushOnUnmount: false }),
      { initialProps: { delay: 100 }, ...wrapperFor(strict) },
    );
    checkOptions.mockClear();
    for (let i = 0; i < 5; i++) rerender({ delay: 100 });
    expect(checksMade()).toBe(0);
    rerender({ delay: 300 });
    expect(checksMade()).toBe(strict ? 2 : 1);
    const t = controlledTask<string>();
    act(() => void result.current.run(t.task));
    await advance(299);
    expect(t.task).not.toHaveBeenCalled();
    await advance(1);
    expect(t.task).toHaveBeenCalledTimes(1);
  },
);

test('R13 a bad delay given at a re-render throws at that render, and the runner keeps the delay it had', async () => {
  const options: { current: RunnerOptions } = { current: { delay: 100 } };
  let runFromHook: ReturnType<typeof useLastTask<string>>['run'] | undefined;
  function Probe() {
    runFromHook = useLastTask<string>(options.current).run;
    return null;
  }
  const { rerender } = render(<Probe />);
  const run = runFromHook!;
  options.current = { delay: -1 };
  const captured = captureRenderErrors();
  let thrown: unknown;
  try {
    rerender(<Probe />);
  } catch (error) {
    thrown = error;
  } finally {
    captured.restore();
  }
  expect(thrown).toBeInstanceOf(RangeError);
  expect(String((thrown as Error).message)).toContain('delay must be a finite number >= 0, got -1');
  // The tree is gone, but the runner it had never heard of -1: the run() it handed out waits 100 ms, not 0.
  const t = controlledTask<string>();
  void run(t.task);
  await advance(0);
  expect(t.task).not.toHaveBeenCalled();
});

test('R13 useAutosave: a bad maxWait given at a re-render throws at that render, before any effect of it runs', () => {
  const save = vi.fn(async (value: string) => value);
  let options: UseAutosaveOptions<string, string> = { maxWait: 1000 };
  function Probe({ value }: { value: string }) {
    useAutosave(value, save, 100, options);
    return null;
  }
  const { rerender } = render(<Probe value="a" />);
  checkOptions.mockClear();
  options = { maxWait: -5 };
  const captured = captureRenderErrors();
  let thrown: unknown;
  try {
    rerender(<Probe value="b" />);
  } catch (error) {
    thrown = error;
  } finally {
    captured.restore();
  }
  expect(thrown).toBeInstanceOf(RangeError);
  expect(String((thrown as Error).message)).toContain('maxWait must be');
  // Checked at render (React renders again once or more after an error, so at least once).
  expect(checksMade()).toBeGreaterThan(0);
  // The render threw before its commit: no save was scheduled for "b".
  expect(vi.getTimerCount()).toBe(0);
  expect(save).not.toHaveBeenCalled();
});
