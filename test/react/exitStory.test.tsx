/** @vitest-environment jsdom */
// The exit story (E1–E3) and why a save runs (W1): flushOnHide saves a dirty value when the page is hidden
// or left, with ctx.trigger 'hidden'; warnBeforeUnload asks before leaving while something is unsaved, with
// a beforeunload listener that exists only then; flushOnHide is on by default and warnBeforeUnload off, both are
// read on every render, and they leave
// no listener after unmount. Every flow runs plainly and inside <StrictMode>.
import { act } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { type Outcome, useAutosave, type UseAutosaveOptions } from '../../src/index';
import { abortReasonOf, advance, lifecycles, mountAutosave, settle, withFakeClock } from '../helpers/react';

const START = new Date('2024-01-01T00:00:00.000Z').getTime();

withFakeClock(START);

afterEach(() => {
  showPage();
  vi.restoreAllMocks();
});

/** Makes the document report itself hidden (jsdom's is always visible). */
function stubHidden(): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
}

/** Removes the stubs: the document's own getters (on Document.prototype) answer again. */
function showPage(): void {
  Reflect.deleteProperty(document, 'visibilityState');
  Reflect.deleteProperty(document, 'hidden');
}

/** The browser hides the tab: visibilityState turns 'hidden', then visibilitychange fires on the document. */
function hideTab(): void {
  stubHidden();
  act(() => {
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
}

/** The browser shows the tab again. */
function showTab(): void {
  showPage();
  act(() => {
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
}

/** The page is left (navigation, close, or moving into the back/forward cache). */
function pageHide(): void {
  act(() => {
    window.dispatchEvent(new Event('pagehide'));
  });
}

/** Dispatches a cancelable beforeunload on window, as the browser does, and says whether leaving was questioned. */
function beforeUnload(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  act(() => {
    window.dispatchEvent(event);
  });
  return event.defaultPrevented;
}

type Kind = 'visibilitychange' | 'pagehide' | 'beforeunload';
const kinds: Kind[] = ['visibilitychange', 'pagehide', 'beforeunload'];

/**
 * Spies on addEventListener/removeEventListener of window and document (calling through) and keeps the set of
 * listeners of the exit-story kinds that are attached at each moment, on either target.
 */
function trackListeners() {
  const active = new Map<string, Set<EventListenerOrEventListenerObject>>();
  const added: { target: 'window' | 'document'; type: string }[] = [];
  for (const [name, target] of [
    ['window', window],
    ['document', document],
  ] as const) {
    // The test environment's window methods are bound to jsdom's window: call the ones found here.
    const realAdd: EventTarget['addEventListener'] = target.addEventListener;
    const realRemove: EventTarget['removeEventListener'] = target.removeEventListener;
    vi.spyOn(target, 'addEventListener').mockImplementation(function (
      this: EventTarget,
      type: string,
      listener: EventListenerOrEventListenerObject | null,
      options?: boolean | AddEventListenerOptions,
    ) {
      if (listener && (kinds as string[]).includes(type)) {
        added.push({ target: name, type });
        const key = `${name}:${type}`;
        if (!active.has(key)) active.set(key, new Set());
        active.get(key)!.add(listener);
      }
      realAdd.call(target, type, listener, options);
    });
    vi.spyOn(target, 'removeEventListener').mockImplementation(function (
      this: EventTarget,
      type: string,
      listener: EventListenerOrEventListenerObject | null,
      options?: boolean | EventListenerOptions,
    ) {
      if (listener) active.get(`${name}:${type}`)?.delete(listener);
      realRemove.call(target, type, listener, options);
    });
  }
  /** How many listeners of `type` are attached now, on window and document together. */
  const count = (type: Kind) => (active.get(`window:${type}`)?.size ?? 0) + (active.get(`document:${type}`)?.size ?? 0);
  return {
    count,
    counts: () => Object.fromEntries(kinds.map((k) => [k, count(k)])) as Record<Kind, number>,
    /** Every add of an exit-story kind so far. */
    added,
  };
}

describe.each(lifecycles)('The exit story ($name)', ({ name, strict }) => {
  const mount = (config: { delay?: number; options?: UseAutosaveOptions<string, string> } = {}) =>
    mountAutosave<string, string>('a', { strict, delay: 1000, ...config });

  describe('E1 flushOnHide', () => {
    test(`E1 visibilitychange to hidden saves a dirty value at once, with ctx.trigger 'hidden' (${name})`, async () => {
      const onSaved = vi.fn();
      const h = mount({ options: { flushOnHide: true, onSaved } });
      h.change('b');
      await advance(10);
      expect(h.save).not.toHaveBeenCalled();
      hideTab();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).value).toBe('b');
      expect(h.call(0).ctx.trigger).toBe('hidden');
      expect(h.call(0).ctx.attempt).toBe(1);
      expect(h.result.current).toMatchObject({ status: 'saving', isDirty: true });
      await settle(() => h.call(0).resolve('rev-b'));
      expect(onSaved).toHaveBeenCalledWith('b', 'rev-b');
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false, lastSavedAt: START + 10 });
      // the pending timer went with the flush: no second save when the delay would have passed
      await advance(5000);
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(vi.getTimerCount()).toBe(0);
    });

    test(`E1 pagehide on window saves a dirty value at once, with ctx.trigger 'hidden' (${name})`, async () => {
      const h = mount({ options: { flushOnHide: true } });
      h.change('b');
      pageHide();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).value).toBe('b');
      expect(h.call(0).ctx.trigger).toBe('hidden');
      await settle(() => h.call(0).resolve('rev-b'));
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
    });

    test(`E1 visibilitychange while the document is still visible saves nothing (${name})`, async () => {
      const h = mount({ options: { flushOnHide: true } });
      h.change('b');
      act(() => {
        document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
      });
      expect(h.save).not.toHaveBeenCalled();
      expect(h.result.current.status).toBe('pending');
      // hidden and then visible again: the hidden save happened once, showing the tab saves nothing more
      hideTab();
      showTab();
      expect(h.save).toHaveBeenCalledTimes(1);
    });

    test(`E1 both events together (visibilitychange to hidden, then pagehide) save once (${name})`, async () => {
      const h = mount({ options: { flushOnHide: true } });
      h.change('b');
      hideTab();
      pageHide();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).ctx.signal.aborted).toBe(false);
      await settle(() => h.call(0).resolve('rev-b'));
      await advance(5000);
      expect(h.save).toHaveBeenCalledTimes(1);
    });

    test(`E1 pagehide first, then visibilitychange to hidden, save once too (${name})`, async () => {
      const h = mount({ options: { flushOnHide: true } });
      h.change('b');
      pageHide();
      hideTab();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).ctx.signal.aborted).toBe(false);
    });

    test(`E1 the latest value's automatic save in flight is left alone: no second save, not aborted (${name})`, async () => {
      const h = mount({ delay: 100, options: { flushOnHide: true } });
      h.change('b');
      await advance(100);
      expect(h.call(0).ctx.trigger).toBe('delay');
      hideTab();
      pageHide();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).ctx.signal.aborted).toBe(false);
      // as flush() would (P5): the save is raised, so the next change waits for it
      h.change('c');
      expect(h.call(0).ctx.signal.aborted).toBe(false);
      await settle(() => h.call(0).resolve('rev-b'));
      await advance(100);
      expect(h.calls.map((c) => c.value)).toEqual(['b', 'c']);
    });

    test(`E1 a clean value is not saved: the first value, after a save, and back at the baseline (${name})`, async () => {
      const h = mount({ delay: 100, options: { flushOnHide: true } });
      hideTab();
      pageHide();
      showPage();
      expect(h.save).not.toHaveBeenCalled();
      h.change('b');
      h.change('a');
      pageHide();
      expect(h.save).not.toHaveBeenCalled();
      expect(h.result.current).toMatchObject({ status: 'idle', isDirty: false });
      h.change('b');
      await advance(100);
      await settle(() => h.call(0).resolve('rev-b'));
      pageHide();
      hideTab();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
      expect(vi.getTimerCount()).toBe(0);
    });

    test(`E1 a value left dirty by an error or a cancel is saved when the page is hidden (${name})`, async () => {
      const h = mount({ delay: 100, options: { flushOnHide: true } });
      h.change('b');
      await advance(100);
      await settle(() => h.call(0).reject(new Error('offline')));
      pageHide();
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1)).toMatchObject({ value: 'b' });
      expect(h.call(1).ctx.trigger).toBe('hidden');
      act(() => h.result.current.cancel());
      expect(h.result.current).toMatchObject({ status: 'cancelled', isDirty: true });
      hideTab();
      expect(h.save).toHaveBeenCalledTimes(3);
      expect(h.call(2).ctx.trigger).toBe('hidden');
      await settle(() => h.call(2).resolve('rev-b'));
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
    });

    test(`E1 keepLatest: a hidden save of a value waiting behind an in-flight one starts when it settles, trigger 'hidden' (${name})`, async () => {
      const h = mount({ delay: 100, options: { mode: 'keepLatest', flushOnHide: true } });
      h.change('b');
      await advance(100);
      h.change('c');
      pageHide();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).ctx.signal.aborted).toBe(false);
      await settle(() => h.call(0).resolve('rev-b'));
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('c');
      expect(h.call(1).ctx.trigger).toBe('hidden');
    });

    test(`E1 on by default: a reload or a closed tab right after typing saves at once (${name})`, async () => {
      const h = mount({ delay: 100 });
      h.change('b');
      pageHide();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).value).toBe('b');
      expect(h.call(0).ctx.trigger).toBe('hidden');
    });

    test(`E1 flushOnHide: false: hiding or leaving the page saves nothing (${name})`, async () => {
      const h = mount({ delay: 100, options: { flushOnHide: false } });
      h.change('b');
      hideTab();
      pageHide();
      expect(h.save).not.toHaveBeenCalled();
      expect(h.result.current.status).toBe('pending');
      await advance(100);
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).ctx.trigger).toBe('delay');
    });
  });

  describe('E2 warnBeforeUnload', () => {
    test(`E2 beforeunload is questioned while dirty, saving, after an error and after a cancel; not when clean (${name})`, async () => {
      const h = mount({ delay: 100, options: { warnBeforeUnload: true } });
      expect(beforeUnload()).toBe(false); // the first value
      h.change('b');
      expect(h.result.current.status).toBe('pending');
      expect(beforeUnload()).toBe(true);
      await advance(100);
      expect(h.result.current.status).toBe('saving');
      expect(beforeUnload()).toBe(true);
      await settle(() => h.call(0).reject(new Error('offline')));
      expect(h.result.current.status).toBe('error');
      expect(beforeUnload()).toBe(true);
      const flushed = (() => {
        let p!: Promise<Outcome<string> | undefined>;
        act(() => {
          p = h.result.current.flush();
        });
        return p;
      })();
      expect(beforeUnload()).toBe(true);
      await settle(() => h.call(1).resolve('rev-b'));
      await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev-b' });
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
      expect(beforeUnload()).toBe(false);
      h.change('c');
      act(() => h.result.current.cancel());
      expect(h.result.current).toMatchObject({ status: 'cancelled', isDirty: true });
      expect(beforeUnload()).toBe(true);
      h.change('b'); // back to the trusted baseline: clean again (A5)
      expect(h.result.current.isDirty).toBe(false);
      expect(beforeUnload()).toBe(false);
    });

    test(`E2 the beforeunload listener exists only while something is unsaved, exactly one then (${name})`, async () => {
      const listeners = trackListeners();
      const h = mount({ delay: 100, options: { warnBeforeUnload: true } });
      expect(listeners.count('beforeunload')).toBe(0);
      expect(listeners.added.filter((a) => a.type === 'beforeunload')).toEqual([]);
      h.change('b');
      expect(listeners.count('beforeunload')).toBe(1);
      await advance(100);
      expect(listeners.count('beforeunload')).toBe(1);
      await settle(() => h.call(0).resolve('rev-b'));
      expect(h.result.current.isDirty).toBe(false);
      expect(listeners.count('beforeunload')).toBe(0);
      h.change('c');
      expect(listeners.count('beforeunload')).toBe(1);
      h.change('b');
      expect(listeners.count('beforeunload')).toBe(0);
    });

    test(`E2 off by default: beforeunload is never questioned and no beforeunload listener is added (${name})`, async () => {
      const listeners = trackListeners();
      const h = mount({ delay: 100 });
      h.change('b');
      expect(beforeUnload()).toBe(false);
      await advance(100);
      expect(beforeUnload()).toBe(false);
      expect(listeners.count('beforeunload')).toBe(0);
      // Only flushOnHide's two listeners, on by default (E1).
      expect([...new Set(listeners.added.map((a) => a.type))].sort()).toEqual(['pagehide', 'visibilitychange']);
    });
  });

  describe('E3 lifecycle', () => {
    test(`E3 turning warnBeforeUnload on or off on a re-render applies at once (${name})`, async () => {
      const listeners = trackListeners();
      const h = mount({ delay: 100 });
      h.change('b');
      expect(beforeUnload()).toBe(false);
      h.update({ options: { warnBeforeUnload: true } });
      expect(beforeUnload()).toBe(true);
      expect(listeners.count('beforeunload')).toBe(1);
      h.update({ options: { warnBeforeUnload: false } });
      expect(beforeUnload()).toBe(false);
      expect(listeners.count('beforeunload')).toBe(0);
      h.update({ options: undefined });
      expect(beforeUnload()).toBe(false);
      expect(h.save).not.toHaveBeenCalled();
    });

    test(`E3 turning flushOnHide on or off on a re-render applies at once (${name})`, async () => {
      const listeners = trackListeners();
      const h = mount({ delay: 1000 });
      h.change('b');
      h.update({ options: { flushOnHide: true } });
      expect(listeners.count('visibilitychange')).toBe(1);
      expect(listeners.count('pagehide')).toBe(1);
      pageHide();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).ctx.trigger).toBe('hidden');
      await settle(() => h.call(0).resolve('rev-b'));

      h.update({ options: { flushOnHide: false } });
      expect(listeners.counts()).toEqual({ visibilitychange: 0, pagehide: 0, beforeunload: 0 });
      h.change('c');
      hideTab();
      pageHide();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.result.current.status).toBe('pending');
    });

    test(`E3 both on and dirty: exactly one listener of each kind; unmount removes every one (${name})`, async () => {
      const listeners = trackListeners();
      const h = mount({ delay: 100, options: { flushOnHide: true, warnBeforeUnload: true } });
      expect(listeners.counts()).toEqual({ visibilitychange: 1, pagehide: 1, beforeunload: 0 });
      h.change('b');
      expect(listeners.counts()).toEqual({ visibilitychange: 1, pagehide: 1, beforeunload: 1 });
      await advance(100);
      expect(listeners.counts()).toEqual({ visibilitychange: 1, pagehide: 1, beforeunload: 1 });
      h.unmount();
      expect(listeners.counts()).toEqual({ visibilitychange: 0, pagehide: 0, beforeunload: 0 });
      // nothing listens any more: the events change nothing
      expect(beforeUnload()).toBe(false);
      hideTab();
      pageHide();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).ctx.signal.aborted).toBe(true);
      expect(abortReasonOf(h.call(0).ctx.signal).message).toContain('disposed');
    });

    test(`E1 E2 both on: the value turning dirty, clean and dirty again keeps one hide listener of each kind, and a hide saves once (${name})`, async () => {
      const listeners = trackListeners();
      const h = mount({ delay: 100, options: { flushOnHide: true, warnBeforeUnload: true } });
      h.change('b');
      h.change('a');
      expect(listeners.counts()).toEqual({ visibilitychange: 1, pagehide: 1, beforeunload: 0 });
      h.change('c');
      expect(listeners.counts()).toEqual({ visibilitychange: 1, pagehide: 1, beforeunload: 1 });
      hideTab();
      pageHide();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).value).toBe('c');
      expect(h.call(0).ctx.trigger).toBe('hidden');
      expect(beforeUnload()).toBe(true);
      await settle(() => h.call(0).resolve('rev-c'));
      expect(beforeUnload()).toBe(false);
      expect(listeners.counts()).toEqual({ visibilitychange: 1, pagehide: 1, beforeunload: 0 });
    });

    test(`E3 with saveOnUnmount too, unmount still removes every listener (${name})`, async () => {
      const listeners = trackListeners();
      const h = mount({ delay: 100, options: { flushOnHide: true, warnBeforeUnload: true, saveOnUnmount: true } });
      h.change('b');
      h.unmount();
      expect(listeners.counts()).toEqual({ visibilitychange: 0, pagehide: 0, beforeunload: 0 });
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).ctx.trigger).toBe('unmount');
      // the page being hidden after the unmount does not save the value again
      pageHide();
      hideTab();
      expect(h.save).toHaveBeenCalledTimes(1);
      await settle(() => h.call(0).resolve('rev-b'));
    });
  });

  describe('W1 ctx.trigger of useAutosave saves', () => {
    test(`W1 an automatic save has trigger 'delay' (${name})`, async () => {
      const h = mount({ delay: 100 });
      h.change('b');
      await advance(100);
      expect(h.call(0).ctx.trigger).toBe('delay');
    });

    test(`W1 a save forced by maxWait has trigger 'maxWait' (${name})`, async () => {
      const h = mount({ delay: 100, options: { maxWait: 250 } });
      for (const value of ['b', 'c', 'd', 'e', 'f']) {
        h.change(value);
        await advance(60); // a change every 60 ms never lets the 100 ms delay pass
      }
      // changes at 0, 60, …, 240 ms; now 300 ms: the burst's maxWait (250 ms) came before any delay
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).value).toBe('f'); // the value at 250 ms (changed at 240 ms)
      expect(h.call(0).ctx.trigger).toBe('maxWait');
    });

    test(`W1 flush()'s save has trigger 'flush' (${name})`, async () => {
      const h = mount({ delay: 100 });
      h.change('b');
      act(() => void h.result.current.flush());
      expect(h.call(0).ctx.trigger).toBe('flush');
    });

    test(`W1 saveOnUnmount's save has trigger 'unmount' (${name})`, async () => {
      const h = mount({ delay: 100, options: { saveOnUnmount: true } });
      h.change('b');
      h.unmount();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).ctx.trigger).toBe('unmount');
    });

    test(`W1 saveOnUnmount lets the latest value's automatic save finish with its own trigger 'delay' (${name})`, async () => {
      const onSaved = vi.fn();
      const h = mount({ delay: 100, options: { saveOnUnmount: true, onSaved } });
      h.change('b');
      await advance(100);
      h.unmount();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).ctx.trigger).toBe('delay');
      expect(h.call(0).ctx.signal.aborted).toBe(false);
      await settle(() => h.call(0).resolve('rev-b'));
      expect(onSaved).toHaveBeenCalledWith('b', 'rev-b');
    });

    test(`W1 keepLatest: a save that waited for a running one keeps the trigger that made it ready until a later flush reaches it (${name})`, async () => {
      const h = mount({ delay: 100, options: { mode: 'keepLatest', saveOnUnmount: true } });
      h.change('b');
      await advance(100);
      h.change('c');
      act(() => void h.result.current.flush());
      await advance(500);
      await settle(() => h.call(0).resolve('rev-b'));
      expect(h.call(1)).toMatchObject({ value: 'c' });
      expect(h.call(1).ctx.trigger).toBe('flush');
      h.change('d');
      await advance(100); // d is ready by its delay while c still runs
      h.unmount();
      await settle(() => h.call(1).resolve('rev-c'));
      expect(h.call(2)).toMatchObject({ value: 'd' });
      // its delay made it ready first, then the unmount's flush reached it: the page may be going away
      expect(h.call(2).ctx.trigger).toBe('unmount');
    });

    test(`W1 keepLatest: a value waiting behind a running save and made ready by unmount has trigger 'unmount' (${name})`, async () => {
      const h = mount({ delay: 100, options: { mode: 'keepLatest', saveOnUnmount: true } });
      h.change('b');
      await advance(100);
      h.change('c');
      h.unmount();
      expect(h.save).toHaveBeenCalledTimes(1);
      await settle(() => h.call(0).resolve('rev-b'));
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('c');
      expect(h.call(1).ctx.trigger).toBe('unmount');
    });
  });
});

describe('E3 StrictMode and the server', () => {
  test('E3 <StrictMode> leaves exactly one listener of each kind, and unmount none', async () => {
    const listeners = trackListeners();
    const h = mountAutosave<string, string>('a', {
      strict: true,
      delay: 100,
      options: { flushOnHide: true, warnBeforeUnload: true },
    });
    h.change('b');
    expect(listeners.counts()).toEqual({ visibilitychange: 1, pagehide: 1, beforeunload: 1 });
    // one save for one hide, even though StrictMode mounted the effects twice
    pageHide();
    expect(h.save).toHaveBeenCalledTimes(1);
    expect(beforeUnload()).toBe(true);
    h.unmount();
    expect(listeners.counts()).toEqual({ visibilitychange: 0, pagehide: 0, beforeunload: 0 });
  });

  test('E3 server rendering adds no listener and starts no timer', () => {
    // renderToString runs here under jsdom, where window exists, so React 18 warns that a layout effect does
    // nothing on the server (test/react/ssr.test.tsx renders without a window); that warning is silenced.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const listeners = trackListeners();
    const save = vi.fn(async () => 'ok');
    function Editor() {
      const { status, isDirty } = useAutosave('draft', save, 100, {
        flushOnHide: true,
        warnBeforeUnload: true,
        saveOnUnmount: true,
      });
      return <p>{`${status}:${String(isDirty)}`}</p>;
    }
    expect(renderToString(<Editor />)).toContain('idle:false');
    expect(listeners.added).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    expect(save).not.toHaveBeenCalled();
  });
});

describe.each(lifecycles)(
  'E1 W2 hiding the page while an explicit save is in flight or a save waits to retry ($name)',
  ({ strict }) => {
    const mount = (config: { delay?: number; options?: UseAutosaveOptions<string, string> } = {}) =>
      mountAutosave<string, string>('a', { strict, delay: 100, ...config });

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
      expect(h.call(1).ctx.trigger).toBe('hidden'); // not 'delay': the hide hurried it
    });
  },
);
