/** @vitest-environment jsdom */
// Defects a second reader found in useAutosave with priorities, retries and the exit story, each pinned by the
// test that showed it (all fixed): a second "Save now" repeating the save in flight, the trigger of a retry
// hurried by flushOnHide, and flush() called from onSaved / onError.
import { act } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import type { UseAutosaveOptions } from '../../src/index';
import { advance, lifecycles, mountAutosave, settle, useFakeClock } from '../helpers/react';

useFakeClock();

afterEach(() => {
  Reflect.deleteProperty(document, 'visibilityState');
});

function hideTab(): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  act(() => {
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

describe.each(lifecycles)('review: useAutosave ($name)', ({ strict }) => {
  const mount = (config: { delay?: number; options?: UseAutosaveOptions<string, string> } = {}) =>
    mountAutosave<string, string>('a', { strict, delay: 100, ...config });

  // A8: "if the latest value's save is in flight it returns that save's promise without starting another".
  // P5 lets a change wait behind an explicit save; going back to the value in flight leaves a pending save of that
  // same value (A5: untrusted), and a second flush() then raises it to 1, which aborts the identical save in flight.
  test('A8/P5 a second flush() with the latest value already being saved (explicitly) does not abort it and save again', async () => {
    const h = mount();
    h.change('b');
    const first = h.result.current.flush(); // "Save now": save of 'b' at priority 1
    expect(h.save).toHaveBeenCalledTimes(1);
    h.change('c'); // waits behind the explicit save (P5)
    h.change('b'); // back to the value being saved
    expect(h.call(0).ctx.signal.aborted).toBe(false);
    let second!: Promise<unknown>;
    act(() => {
      second = h.result.current.flush(); // "Save now" again: 'b' is the latest value, and it is in flight
    });
    expect(h.call(0).ctx.signal.aborted).toBe(false);
    expect(h.save).toHaveBeenCalledTimes(1);
    await settle(() => h.call(0).resolve('rev-b'));
    expect(await first).toEqual({ status: 'done', value: 'rev-b' });
    expect(await second).toEqual({ status: 'done', value: 'rev-b' });
  });

  // E1: "A save of the latest value already in flight is left alone". Same situation, the page is hidden.
  test('E1 hiding the page leaves the latest value’s explicit save in flight alone (no abort, no second save)', async () => {
    const h = mount({ options: { flushOnHide: true } });
    h.change('b');
    act(() => void h.result.current.flush());
    h.change('c');
    h.change('b');
    hideTab();
    expect(h.call(0).ctx.signal.aborted).toBe(false);
    expect(h.save).toHaveBeenCalledTimes(1);
  });

  // E1/W2 vs W1: a save waiting to retry is started at once by the hide (T5), but with its first attempt's
  // trigger, so the keepalive recipe (trigger === 'hidden') does not apply to the request made as the page goes.
  test('E1/W2 the attempt that flushOnHide starts for a save waiting to retry says trigger "hidden"', async () => {
    const h = mount({ options: { flushOnHide: true, retry: { attempts: 3, delay: 60_000 } } });
    h.change('b');
    await advance(100);
    await settle(() => h.call(0).reject(new Error('offline')));
    expect(h.result.current.status).toBe('saving'); // waiting to retry (T3)
    hideTab();
    expect(h.save).toHaveBeenCalledTimes(2); // T5: started at once
    expect(h.call(1).ctx.attempt).toBe(2);
    expect(h.call(1).ctx.trigger).toBe('hidden'); // actual: 'delay'
  });
});

describe('review: pre-existing, made more reachable by P5', () => {
  // P5: an explicit save runs while an automatic one waits. If onError (or onSaved) calls flush(), the waiting
  // save starts inside the settle of the first, and the settle then reports 'error' while the new save runs.
  test('R10/A3 flush() from onError while a change waits behind an explicit save: status is "saving" while it saves', async () => {
    let flush!: () => Promise<unknown>;
    const h = mountAutosave<string, string>('a', {
      strict: false,
      delay: 100,
      options: { onError: () => void flush() },
    });
    flush = () => h.result.current.flush();
    h.change('b');
    act(() => void h.result.current.flush()); // explicit save of 'b' (priority 1)
    h.change('c'); // waits behind it (P5)
    await advance(100); // its delay passes: ready, still waiting
    expect(h.save).toHaveBeenCalledTimes(1);
    await settle(() => h.call(0).reject(new Error('offline'))); // onError calls flush()
    expect(h.save).toHaveBeenCalledTimes(2); // the save of 'c' is in flight
    expect(h.call(1).ctx.signal.aborted).toBe(false);
    expect(h.result.current.status).toBe('saving'); // actual: 'error'
  });

  test('R10/R11 flush() from onSaved while a change waits behind an explicit save: status "saving", previous is the saved result', async () => {
    let flush!: () => Promise<unknown>;
    const h = mountAutosave<string, string>('a', {
      strict: false,
      delay: 100,
      options: { onSaved: () => void flush() },
    });
    flush = () => h.result.current.flush();
    h.change('b');
    act(() => void h.result.current.flush());
    h.change('c');
    await advance(100);
    await settle(() => h.call(0).resolve('rev-b')); // onSaved calls flush(): the save of 'c' starts inside the settle
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(h.call(1).ctx.previous).toBe('rev-b'); // R11: the last 'done' value when it starts
    expect(h.result.current.status).toBe('saving'); // actual: 'saved'
  });
});
