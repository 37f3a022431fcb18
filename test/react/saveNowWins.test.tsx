/** @vitest-environment jsdom */
// P5 "Save now" wins: useAutosave's flush() (and saveOnUnmount, flushOnHide) saves at priority 1, the
// automatic saves at 0. A change during an explicit save does not abort it (this refines A4); the newer
// value is saved after it, once its own delay has passed. flush() while the latest value's automatic save
// is in flight raises that save, so the next change waits for it too. P4: cancel() and unmount still stop
// every save. Every flow runs plainly and inside <StrictMode>.
import { act } from '@testing-library/react';
import { describe, expect, test, vi } from 'vitest';
import { type Outcome, type UseAutosaveOptions } from '../../src/index';
import { abortReasonOf, advance, lifecycles, mountAutosave, settle, withFakeClock } from '../helpers/react';

const START = new Date('2024-01-01T00:00:00.000Z').getTime();

withFakeClock(START);

/** mountAutosave, whose `log` holds the status of every render (consecutive repeats collapse into one entry). */
const mountLogged = mountAutosave<string, string>;

/** Calls the hook's flush() inside act and returns its promise. */
function flushNow(h: { result: { current: { flush: () => Promise<Outcome<string> | undefined> } } }) {
  let flushed!: Promise<Outcome<string> | undefined>;
  act(() => {
    flushed = h.result.current.flush();
  });
  return flushed;
}

describe.each(lifecycles)('P5 "Save now" wins ($name)', ({ name, strict }) => {
  const mount = (initial = 'a', config: { delay?: number; options?: UseAutosaveOptions<string, string> } = {}) =>
    mountAutosave<string, string>(initial, { strict, ...config });

  test(`P5 a change during "Save now" does not abort it; the newer value is saved after it (restart, ${name})`, async () => {
    const onSaved = vi.fn();
    const onError = vi.fn();
    const h = mount('a', { delay: 100, options: { onSaved, onError } });
    h.change('b');
    const flushed = flushNow(h);
    expect(h.save).toHaveBeenCalledTimes(1);
    const first = h.call(0);
    expect(first.value).toBe('b');
    expect(first.ctx.trigger).toBe('flush');

    h.change('c');
    expect(first.ctx.signal.aborted).toBe(false);
    expect(h.result.current).toMatchObject({ status: 'saving', isDirty: true });
    // c's delay passes while b's explicit save is still in flight: c waits for it
    await advance(100);
    expect(h.save).toHaveBeenCalledTimes(1);
    expect(first.ctx.signal.aborted).toBe(false);
    expect(h.result.current).toMatchObject({ status: 'saving', isDirty: true });

    await settle(() => first.resolve('rev-b'));
    await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev-b' });
    expect(onSaved).toHaveBeenCalledTimes(1);
    expect(onSaved).toHaveBeenCalledWith('b', 'rev-b');
    // the waiting save of c starts the moment b settles, its delay being over
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(h.call(1).value).toBe('c');
    expect(h.call(1).ctx.trigger).toBe('delay');
    expect(h.call(1).ctx.previous).toBe('rev-b');
    expect(h.call(1).ctx.seq).toBeGreaterThan(first.ctx.seq);
    expect(h.result.current).toMatchObject({ status: 'saving', isDirty: true, lastSavedAt: START + 100 });

    await advance(20);
    await settle(() => h.call(1).resolve('rev-c'));
    expect(h.result.current).toMatchObject({
      status: 'saved',
      isDirty: false,
      error: undefined,
      lastSavedAt: START + 120,
    });
    expect(onSaved.mock.calls).toEqual([
      ['b', 'rev-b'],
      ['c', 'rev-c'],
    ]);
    expect(onError).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    await advance(5000);
    expect(h.calls.map((c) => c.value)).toEqual(['b', 'c']);
  });

  test(`P5 the newer value still waits for its own delay when "Save now" settles first (${name})`, async () => {
    const h = mount('a', { delay: 100 });
    h.change('b');
    const flushed = flushNow(h);
    await advance(30);
    h.change('c'); // due at 130
    expect(h.call(0).ctx.signal.aborted).toBe(false);
    await advance(20);
    await settle(() => h.call(0).resolve('rev-b'));
    await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev-b' });
    expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true, lastSavedAt: START + 50 });
    await advance(79);
    expect(h.save).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(h.call(1).value).toBe('c');
    expect(h.call(1).ctx.trigger).toBe('delay');
    expect(h.result.current).toMatchObject({ status: 'saving', isDirty: true });
    await settle(() => h.call(1).resolve('rev-c'));
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
  });

  test(`P5 many changes during "Save now" abort nothing and save only the latest, once, after it (${name})`, async () => {
    const h = mount('a', { delay: 100 });
    h.change('b');
    const flushed = flushNow(h);
    h.change('c');
    await advance(50);
    h.change('d');
    await advance(50);
    h.change('e');
    await advance(300);
    expect(h.save).toHaveBeenCalledTimes(1);
    expect(h.call(0).ctx.signal.aborted).toBe(false);
    expect(h.result.current.status).toBe('saving');
    await settle(() => h.call(0).resolve('rev-b'));
    await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev-b' });
    expect(h.calls.map((c) => c.value)).toEqual(['b', 'e']);
    await settle(() => h.call(1).resolve('rev-e'));
    await advance(1000);
    expect(h.calls.map((c) => c.value)).toEqual(['b', 'e']);
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
  });

  test(`P5 flush() while the latest value's automatic save is in flight raises it: the next change waits (${name})`, async () => {
    const onSaved = vi.fn();
    const h = mount('a', { delay: 100, options: { onSaved } });
    h.change('b');
    await advance(100);
    expect(h.save).toHaveBeenCalledTimes(1);
    const first = h.call(0);
    expect(first.ctx.trigger).toBe('delay');

    const flushed = flushNow(h);
    expect(h.save).toHaveBeenCalledTimes(1); // A8: no second save of the same value

    h.change('c');
    expect(first.ctx.signal.aborted).toBe(false);
    expect(h.result.current).toMatchObject({ status: 'saving', isDirty: true });
    await advance(100);
    expect(h.save).toHaveBeenCalledTimes(1);
    expect(first.ctx.signal.aborted).toBe(false);

    await settle(() => first.resolve('rev-b'));
    await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev-b' });
    expect(onSaved).toHaveBeenCalledWith('b', 'rev-b');
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(h.call(1).value).toBe('c');
    await settle(() => h.call(1).resolve('rev-c'));
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
    expect(onSaved).toHaveBeenCalledTimes(2);
  });

  test(`P5 (control) without flush(), a change still aborts the automatic save in flight (priority 0, A4) (${name})`, async () => {
    const h = mount('a', { delay: 100 });
    h.change('b');
    await advance(100);
    h.change('c');
    expect(h.call(0).ctx.signal.aborted).toBe(true);
    expect(abortReasonOf(h.call(0).ctx.signal).message).toContain('superseded');
    expect(h.result.current.status).toBe('pending');
  });

  test(`P5 the raise is for the explicit save only: the automatic save that follows is aborted by a change again (${name})`, async () => {
    const h = mount('a', { delay: 100 });
    h.change('b');
    flushNow(h);
    h.change('c');
    await advance(100);
    await settle(() => h.call(0).resolve('rev-b'));
    const automatic = h.call(1);
    expect(automatic.value).toBe('c');
    h.change('d');
    expect(automatic.ctx.signal.aborted).toBe(true);
    expect(abortReasonOf(automatic.ctx.signal).message).toContain('superseded');
    expect(h.result.current.status).toBe('pending');
    await advance(100);
    expect(h.call(2).value).toBe('d');
    await settle(() => h.call(2).resolve('rev-d'));
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
  });

  test(`P5 a "Save now" that fails: onError once, its promise resolves error, and the newer value is saved after it (${name})`, async () => {
    const onSaved = vi.fn();
    const onError = vi.fn();
    const h = mount('a', { delay: 100, options: { onSaved, onError } });
    h.change('b');
    const flushed = flushNow(h);
    h.change('c');
    await advance(100);
    const boom = new Error('b failed');
    await settle(() => h.call(0).reject(boom));
    await expect(flushed).resolves.toEqual({ status: 'error', error: boom });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(boom, 'b');
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(h.call(1).value).toBe('c');
    expect(h.result.current).toMatchObject({ status: 'saving', isDirty: true, error: undefined });
    await settle(() => h.call(1).resolve('rev-c'));
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false, error: undefined });
    expect(onSaved).toHaveBeenCalledWith('c', 'rev-c');
    expect(onError).toHaveBeenCalledTimes(1);
  });

  test(`P5 keepLatest: a change during "Save now" waits for it too (${name})`, async () => {
    const h = mount('a', { delay: 100, options: { mode: 'keepLatest' } });
    h.change('b');
    const flushed = flushNow(h);
    h.change('c');
    await advance(100);
    expect(h.call(0).ctx.signal.aborted).toBe(false);
    expect(h.save).toHaveBeenCalledTimes(1);
    await settle(() => h.call(0).resolve('rev-b'));
    await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev-b' });
    expect(h.calls.map((c) => c.value)).toEqual(['b', 'c']);
  });

  test(`P2/P5 a second "Save now" of a newer value is of equal priority: in restart mode it aborts the first and saves at once (${name})`, async () => {
    const h = mount('a', { delay: 100 });
    h.change('b');
    const first = flushNow(h);
    h.change('c');
    expect(h.call(0).ctx.signal.aborted).toBe(false);
    const second = flushNow(h);
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(h.call(1).value).toBe('c');
    expect(h.call(1).ctx.trigger).toBe('flush');
    expect(h.call(0).ctx.signal.aborted).toBe(true);
    expect(abortReasonOf(h.call(0).ctx.signal).message).toContain('superseded');
    await expect(first).resolves.toEqual({ status: 'cancelled', reason: 'superseded' });
    await settle(() => h.call(1).resolve('rev-c'));
    await expect(second).resolves.toEqual({ status: 'done', value: 'rev-c' });
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
  });

  // Before R3 was amended, the newer save was called before the older one's signal was aborted.
  test(`P2/P5 R3 a second "Save now" aborts the first before it calls save again: two saves never overlap (${name})`, async () => {
    const abortedWhenCalled: boolean[] = [];
    const signals: AbortSignal[] = [];
    const h = mount('a', { delay: 100 });
    h.save.mockImplementation((_value, ctx) => {
      abortedWhenCalled.push(...signals.map((signal) => signal.aborted));
      signals.push(ctx.signal);
      return new Promise(() => {});
    });
    h.change('b');
    void flushNow(h);
    h.change('c');
    void flushNow(h);
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(abortedWhenCalled).toEqual([true]);
  });

  test(`P4 cancel() during "Save now" aborts it (reason cancelled) and drops the newer pending value (${name})`, async () => {
    const onSaved = vi.fn();
    const h = mount('a', { delay: 100, options: { onSaved } });
    h.change('b');
    const flushed = flushNow(h);
    h.change('c');
    act(() => h.result.current.cancel());
    expect(h.call(0).ctx.signal.aborted).toBe(true);
    expect(abortReasonOf(h.call(0).ctx.signal).message).toContain('cancelled');
    await expect(flushed).resolves.toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(h.result.current).toMatchObject({ status: 'cancelled', isDirty: true });
    expect(vi.getTimerCount()).toBe(0);
    await settle(() => h.call(0).resolve('rev-b'));
    await advance(1000);
    expect(h.save).toHaveBeenCalledTimes(1);
    expect(onSaved).not.toHaveBeenCalled();
  });

  test(`P4 unmount without saveOnUnmount aborts even a "Save now" save (reason disposed) (${name})`, async () => {
    const onSaved = vi.fn();
    const h = mount('a', { delay: 100, options: { onSaved } });
    h.change('b');
    const flushed = flushNow(h);
    h.change('c');
    h.unmount();
    expect(h.call(0).ctx.signal.aborted).toBe(true);
    expect(abortReasonOf(h.call(0).ctx.signal).message).toContain('disposed');
    await expect(flushed).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    await settle(() => h.call(0).resolve('rev-b'));
    await advance(1000);
    expect(h.save).toHaveBeenCalledTimes(1);
    expect(onSaved).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  describe('P5 the status, isDirty and onSaved sequence', () => {
    test(`P5 "Save now" with a change whose delay passes meanwhile shows saving until the newer value is saved (${name})`, async () => {
      const onSaved = vi.fn();
      const h = mountLogged('a', { strict, delay: 100, options: { onSaved } });
      h.change('b');
      expect(h.log).toEqual(['idle', 'pending']);
      flushNow(h);
      h.change('c');
      await advance(100);
      await settle(() => h.call(0).resolve('rev-b'));
      expect(onSaved.mock.calls).toEqual([['b', 'rev-b']]);
      expect(h.result.current.isDirty).toBe(true);
      await settle(() => h.call(1).resolve('rev-c'));
      // no 'pending' for c (b kept running, P2), no 'saved' flash between b and c (R4: straight on)
      expect(h.log).toEqual(['idle', 'pending', 'saving', 'saved']);
      expect(h.result.current.isDirty).toBe(false);
      expect(onSaved.mock.calls).toEqual([
        ['b', 'rev-b'],
        ['c', 'rev-c'],
      ]);
    });

    test(`P5 "Save now" that settles before the newer value's delay shows saving, pending, saving, saved (${name})`, async () => {
      const onSaved = vi.fn();
      const h = mountLogged('a', { strict, delay: 100, options: { onSaved } });
      h.change('b');
      flushNow(h);
      h.change('c');
      await advance(10);
      await settle(() => h.call(0).resolve('rev-b'));
      expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true });
      await advance(90);
      await settle(() => h.call(1).resolve('rev-c'));
      expect(h.log).toEqual(['idle', 'pending', 'saving', 'pending', 'saving', 'saved']);
      expect(onSaved.mock.calls).toEqual([
        ['b', 'rev-b'],
        ['c', 'rev-c'],
      ]);
    });

    test(`P5 going back to the value "Save now" just saved drops the waiting save: saved, clean (A5) (${name})`, async () => {
      const h = mountLogged('a', { strict, delay: 100 });
      h.change('b');
      flushNow(h);
      h.change('c');
      await settle(() => h.call(0).resolve('rev-b'));
      expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true });
      h.change('b');
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
      await advance(1000);
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  describe('P5 saveOnUnmount and flushOnHide saves are explicit too', () => {
    test(`P5 the saveOnUnmount save is not aborted by the unmount; its outcome reaches onSaved (${name})`, async () => {
      const onSaved = vi.fn();
      const h = mount('a', { delay: 1000, options: { saveOnUnmount: true, onSaved } });
      h.change('b');
      h.unmount();
      expect(h.save).toHaveBeenCalledTimes(1);
      const save = h.call(0);
      expect(save.value).toBe('b');
      expect(save.ctx.trigger).toBe('unmount');
      await advance(10_000);
      expect(save.ctx.signal.aborted).toBe(false);
      await settle(() => save.resolve('rev-b'));
      expect(onSaved).toHaveBeenCalledWith('b', 'rev-b');
      expect(vi.getTimerCount()).toBe(0);
    });

    test(`P5 saveOnUnmount lets an in-flight "Save now" of the latest value finish, without a second save (${name})`, async () => {
      const onSaved = vi.fn();
      const h = mount('a', { delay: 100, options: { saveOnUnmount: true, onSaved } });
      h.change('b');
      const flushed = flushNow(h);
      h.unmount();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).ctx.signal.aborted).toBe(false);
      await settle(() => h.call(0).resolve('rev-b'));
      await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev-b' });
      expect(onSaved).toHaveBeenCalledWith('b', 'rev-b');
      await advance(1000);
      expect(h.save).toHaveBeenCalledTimes(1);
    });

    test(`P5/A7 saveOnUnmount during "Save now" of an older value saves the latest at once (restart, equal priority) (${name})`, async () => {
      const onSaved = vi.fn();
      const h = mount('a', { delay: 100, options: { saveOnUnmount: true, onSaved } });
      h.change('b');
      flushNow(h);
      h.change('c');
      h.unmount();
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('c');
      expect(h.call(1).ctx.trigger).toBe('unmount');
      expect(h.call(1).ctx.signal.aborted).toBe(false);
      await settle(() => h.call(1).resolve('rev-c'));
      expect(onSaved).toHaveBeenCalledWith('c', 'rev-c');
    });

    test(`P5 a flushOnHide save is not aborted by the next change; the newer value is saved after it (${name})`, async () => {
      const onSaved = vi.fn();
      const h = mount('a', { delay: 100, options: { flushOnHide: true, onSaved } });
      h.change('b');
      act(() => {
        window.dispatchEvent(new Event('pagehide'));
      });
      expect(h.save).toHaveBeenCalledTimes(1);
      const hidden = h.call(0);
      expect(hidden.ctx.trigger).toBe('hidden');
      h.change('c');
      expect(hidden.ctx.signal.aborted).toBe(false);
      expect(h.result.current.status).toBe('saving');
      await advance(100);
      expect(h.save).toHaveBeenCalledTimes(1);
      await settle(() => hidden.resolve('rev-b'));
      expect(onSaved).toHaveBeenCalledWith('b', 'rev-b');
      expect(h.call(1).value).toBe('c');
      expect(h.call(1).ctx.trigger).toBe('delay');
      await settle(() => h.call(1).resolve('rev-c'));
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
    });
  });
});

describe.each(lifecycles)(
  'A8 P5 a second flush() while the explicit save of the latest value is in flight ($name)',
  ({ strict }) => {
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
  },
);

describe('R10 R11 A3 P5 flush() from onSaved or onError while a change waits behind an explicit save', () => {
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
    expect(h.result.current.status).toBe('saving'); // not 'error': the settle must not overwrite the new save's status
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
    expect(h.result.current.status).toBe('saving'); // not 'saved': the settle must not overwrite the new save's status
  });
});
