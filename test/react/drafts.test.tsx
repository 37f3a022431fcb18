/** @vitest-environment jsdom */
// Durable drafts (D1–D7): the latest unsaved value is kept on this device from the moment it changes, dropped
// once it is saved, recovered on the next mount, compared with the saved copy by ordering key (K1), and shared
// with the other tabs of the browser. Every flow runs plainly and inside <StrictMode>, on React 18 and 19.
import { act, renderHook } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { createElement, useState } from 'react';
import { afterEach, beforeEach, describe, expect, onTestFinished, test, vi } from 'vitest';
import { useAutosave, useDraft } from '../../src/index';
import {
  advance,
  catchReportedErrors,
  DELAY,
  entryOf,
  FakeChannel,
  FakeLocks,
  lifecycles,
  memoryStore,
  message,
  mountEditor,
  renderError,
  settle,
  slowStore,
  withFakeClock,
  wrapperFor,
} from '../helpers/react';

const START = new Date('2026-01-01T00:00:00.000Z').getTime();

withFakeClock(START);
beforeEach(() => {
  vi.stubGlobal('BroadcastChannel', FakeChannel);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
  FakeChannel.open.clear();
});

describe.each(lifecycles)('drafts ($name)', ({ strict }) => {
  test('D1 a change is kept in the store at once, before its save starts (a killed tab fires no event)', async () => {
    const store = memoryStore();
    const tab = mountEditor({ initial: 'stored', draft: { store } }, strict);
    await settle(() => tab.current.setText('typed'));
    expect(tab.calls).toHaveLength(0);
    expect(entryOf(store)).toMatchObject({ v: 'typed', at: START });
    await settle(() => tab.current.setText('typed more'));
    expect(entryOf(store)?.v).toBe('typed more');
    expect(tab.calls).toHaveLength(0);
  });

  test('D2 the draft is dropped once a save of its value succeeded, and kept while a newer value waits', async () => {
    const store = memoryStore();
    const tab = mountEditor({ initial: 'stored', draft: { store }, options: { mode: 'keepLatest' } }, strict);
    await settle(() => tab.current.setText('a'));
    await advance(DELAY);
    expect(tab.calls.map((c) => c.value)).toEqual(['a']);
    await settle(() => tab.current.setText('ab'));
    await settle(() => tab.call(0).resolve('ok'));
    // 'a' is saved, 'ab' is not yet: the draft holds 'ab'.
    expect(entryOf(store)?.v).toBe('ab');
    await advance(DELAY);
    await settle(() => tab.call(1).resolve('ok'));
    expect(tab.current.status).toBe('saved');
    expect(store.map.has('doc')).toBe(false);
  });

  test('D2 a value changed back to the saved one drops the draft', async () => {
    const store = memoryStore();
    const tab = mountEditor({ initial: 'stored', draft: { store } }, strict);
    await settle(() => tab.current.setText('typo'));
    expect(store.map.has('doc')).toBe(true);
    await settle(() => tab.current.setText('stored'));
    expect(store.map.has('doc')).toBe(false);
    expect(tab.current.status).toBe('idle');
  });

  test('D2 G2 reset() to the stored copy drops the draft: that value is saved elsewhere, nothing is unsaved', async () => {
    const store = memoryStore();
    const tab = mountEditor({ initial: 'stored', draft: { store } }, strict);
    await settle(() => tab.current.setText('typed'));
    expect(entryOf(store)?.v).toBe('typed');
    await settle(() => {
      tab.current.setText('from the server');
      tab.current.reset('from the server');
    });
    expect(store.map.has('doc')).toBe(false);
    expect(tab.current.isDirty).toBe(false);
    await advance(DELAY);
    expect(tab.calls).toHaveLength(0);
  });

  test('D3 D4 after a reload a newer draft is restored and saved with a greater key, then dropped', async () => {
    const store = memoryStore();
    const first = mountEditor({ initial: 'stored', draft: { store, savedKey: 5 } }, strict);
    await settle(() => first.current.setText('typed before the reload'));
    const kept = entryOf(store)!;
    first.hook.unmount();
    expect(first.calls).toHaveLength(0);

    const second = mountEditor({ initial: 'stored', draft: { store, savedKey: 5 } }, strict);
    await settle(() => {});
    expect(second.current.text).toBe('typed before the reload');
    expect(second.current.recovered).toBeUndefined();
    await advance(DELAY);
    expect(second.calls.map((c) => c.value)).toEqual(['typed before the reload']);
    expect(second.call(0).ctx.key).toBeGreaterThan(kept.key);
    await settle(() => second.call(0).resolve('ok'));
    expect(second.current.status).toBe('saved');
    expect(store.map.has('doc')).toBe(false);
  });

  test('D3 a draft given to an autosave already mounted is attached then: its store is read and a newer draft recovered', async () => {
    const store = memoryStore();
    const first = mountEditor({ initial: 'stored', draft: { store } }, strict);
    await settle(() => first.current.setText('draft'));
    first.hook.unmount();
    const save = vi.fn(() => new Promise<string>(() => {}));
    const later = renderHook(
      (props: { withDraft: boolean }) => {
        const [handle, { recovered }] = useDraft<string>('doc', { store });
        useAutosave('stored', save, DELAY, { draft: props.withDraft ? handle : undefined });
        return recovered;
      },
      { initialProps: { withDraft: false }, ...wrapperFor(strict) },
    );
    await settle(() => {});
    expect(later.result.current).toBeUndefined();
    later.rerender({ withDraft: true });
    await settle(() => {});
    expect(later.result.current).toMatchObject({ value: 'draft', origin: 'reload', newer: true });
    later.unmount();
  });

  test('D4 without restore, a newer draft waits in `recovered`; showing it saves it and clears `recovered`', async () => {
    const store = memoryStore();
    const first = mountEditor({ initial: 'stored', draft: { store } }, strict);
    await settle(() => first.current.setText('draft'));
    first.hook.unmount();
    const second = mountEditor({ initial: 'stored', draft: { store, restore: false } }, strict);
    await settle(() => {});
    expect(second.current.text).toBe('stored');
    expect(second.current.recovered).toMatchObject({ value: 'draft', origin: 'reload', newer: true, writtenAt: START });
    await settle(() => second.current.setText(second.current.recovered!.value));
    expect(second.current.recovered).toBeUndefined();
    await advance(DELAY);
    expect(second.calls.map((c) => c.value)).toEqual(['draft']);
  });

  test('D5 a draft older than the saved copy is never applied: it waits with both values known, and discard drops it', async () => {
    const store = memoryStore();
    const first = mountEditor({ initial: 'v1', draft: { store } }, strict);
    await settle(() => first.current.setText('old draft'));
    const kept = entryOf(store)!;
    first.hook.unmount();
    // Another device saved since: the server's copy has a greater key.
    const second = mountEditor({ initial: 'newer on the server', draft: { store, savedKey: kept.key + 10 } }, strict);
    await settle(() => {});
    expect(second.current.text).toBe('newer on the server');
    expect(second.current.recovered).toMatchObject({ value: 'old draft', newer: false, key: kept.key });
    await advance(DELAY * 10);
    expect(second.calls).toHaveLength(0);
    await settle(() => second.current.draft.discard());
    expect(second.current.recovered).toBeUndefined();
    expect(store.map.has('doc')).toBe(false);
  });

  test('D3 a draft equal to the value the autosave starts from (its save landed) is dropped without a word', async () => {
    const store = memoryStore();
    const first = mountEditor({ initial: 'v1', draft: { store } }, strict);
    await settle(() => first.current.setText('landed'));
    first.hook.unmount();
    const second = mountEditor({ initial: 'landed', draft: { store, savedKey: 1 } }, strict);
    await settle(() => {});
    expect(second.current.recovered).toBeUndefined();
    expect(store.map.has('doc')).toBe(false);
    await advance(DELAY * 10);
    expect(second.calls).toHaveLength(0);
  });

  test('D1 the default store is localStorage', async () => {
    const tab = mountEditor({ initial: 'stored' }, strict);
    await settle(() => tab.current.setText('in localStorage'));
    expect(JSON.parse(localStorage.getItem('doc')!)).toMatchObject({ v: 'in localStorage' });
  });
});

describe.each(lifecycles)('two tabs ($name)', ({ strict }) => {
  test("D6 a clean tab shows the other tab's edit and does not save it; the later edit wins and each tab follows the other", async () => {
    const storeOfBrowser = memoryStore();
    const a = mountEditor({ initial: 'v1', draft: { store: storeOfBrowser } }, strict);
    const b = mountEditor({ initial: 'v1', draft: { store: storeOfBrowser } }, strict);
    await settle(() => b.current.setText('typed in B'));
    expect(a.current.text).toBe('typed in B');
    expect(a.current.isDirty).toBe(false);
    await advance(DELAY);
    expect(a.calls).toHaveLength(0);
    expect(b.calls.map((c) => c.value)).toEqual(['typed in B']);
    await settle(() => b.call(0).resolve('ok'));

    await settle(() => a.current.setText('typed in B, then A'));
    expect(b.current.text).toBe('typed in B, then A');
    await advance(DELAY);
    expect(a.calls.map((c) => c.value)).toEqual(['typed in B, then A']);
    expect(b.calls).toHaveLength(1);
    expect(a.call(0).ctx.key).toBeGreaterThan(b.call(0).ctx.key);
  });

  test("D6 over unsaved changes, the other tab's newer edit holds this tab's saves until it is shown or discarded", async () => {
    const store = memoryStore();
    const a = mountEditor({ initial: 'v1', draft: { store } }, strict);
    const b = mountEditor({ initial: 'v1', draft: { store } }, strict);
    await settle(() => a.current.setText('mine'));
    await settle(() => b.current.setText('theirs'));
    expect(a.current.text).toBe('mine');
    expect(a.current.recovered).toMatchObject({ value: 'theirs', origin: 'tab', newer: true });
    await advance(DELAY * 5);
    // A's pending save of 'mine' was dropped: it would overwrite the newer 'theirs'.
    expect(a.calls).toHaveLength(0);
    expect(a.current.status).toBe('pending');
    expect(a.current.isDirty).toBe(true);
    expect(await act(() => a.current.flush())).toBeUndefined();

    // The user keeps theirs here: A saves 'mine' now, with a key greater than B's edit.
    await settle(() => a.current.draft.discard());
    await advance(DELAY);
    expect(a.calls.map((c) => c.value)).toEqual(['mine']);
    expect(a.call(0).ctx.key).toBeGreaterThan(b.call(0).ctx.key);
  });

  test('D6 a save that lands after its editor unmounted (saveOnUnmount) is announced: the other tab starts from it', async () => {
    const store = memoryStore();
    const a = mountEditor({ initial: 'v1', draft: { store }, options: { saveOnUnmount: true } }, strict);
    const b = mountEditor({ initial: 'v1', draft: { store } }, strict);
    await settle(() => a.current.setText('from A'));
    expect(b.current.text).toBe('from A');
    a.hook.unmount(); // a route change: the save starts at once and lands later
    expect(a.calls.map((c) => c.ctx.trigger)).toEqual(['unmount']);
    await settle(() => a.call(0).resolve('ok'));
    await settle(() => b.current.setText('from A, then B'));
    expect(entryOf(store)?.base).toBe(a.call(0).ctx.key);
  });

  test.each(['closed before its save landed', 'unmounted with its save pending'])(
    'D6 a clean tab saves the edit it shows when the tab that made it is %s (Web Locks), and hands nothing back',
    async (how) => {
      const locks = new FakeLocks();
      Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
      onTestFinished(() => void Reflect.deleteProperty(navigator, 'locks'));
      const store = memoryStore();
      const a = mountEditor({ initial: 'v1', draft: { store } }, strict);
      const b = mountEditor({ initial: 'v1', draft: { store } }, strict);
      await settle(() => a.current.setText('typed in A'));
      expect(b.current.text).toBe('typed in A');
      expect(b.current.isDirty).toBe(false);
      if (how === 'closed before its save landed') {
        await advance(DELAY);
        expect(a.calls.map((c) => c.value)).toEqual(['typed in A']);
        // The tab is closed: its save is lost with it (a keepalive request that fails is not tried again), and
        // the browser lets go of its lock.
        a.hook.unmount();
      } else a.hook.unmount();
      await advance(0);
      expect(b.current.isDirty).toBe(true);
      expect(b.current.status).toBe('pending');
      await advance(DELAY);
      expect(b.calls.map((c) => c.value)).toEqual(['typed in A']);
      await settle(() => b.call(0).resolve('ok'));
      expect(b.current.status).toBe('saved');
      expect(b.current.isDirty).toBe(false);
      expect(store.map.has('doc')).toBe(false);
    },
  );

  test("D6 showing the other tab's edit releases the hold and saves nothing here", async () => {
    const store = memoryStore();
    const a = mountEditor({ initial: 'v1', draft: { store, restore: false } });
    const b = mountEditor({ initial: 'v1', draft: { store } });
    await settle(() => b.current.setText('theirs'));
    expect(a.current.recovered?.value).toBe('theirs');
    await settle(() => a.current.setText(a.current.recovered!.value));
    expect(a.current.recovered).toBeUndefined();
    await advance(DELAY);
    expect(b.calls.map((c) => c.value)).toEqual(['theirs']);
    // A shows the same text as B and saves it too (its own copy), which the server takes as the same value.
    expect(a.calls.map((c) => c.value)).toEqual(['theirs']);
    void strict;
  });
});

describe('store faults and asynchronous stores (D7)', () => {
  test('D7 the options of the latest render are the ones used: a new onError hears the store fail, the first does not', async () => {
    const store = memoryStore();
    store.setItem.mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const first = vi.fn();
    const second = vi.fn();
    const save = vi.fn(() => new Promise<string>(() => {}));
    const editor = renderHook(
      (props: { onError: (error: Error) => void }) => {
        const [text, setText] = useState('v1');
        const [draft] = useDraft<string>('doc', { store, onError: props.onError });
        useAutosave(text, save, DELAY, { draft });
        return setText;
      },
      { initialProps: { onError: first } },
    );
    editor.rerender({ onError: second });
    await settle(() => editor.result.current('a'));
    expect(second).toHaveBeenCalledTimes(1);
    expect(first).not.toHaveBeenCalled();
    editor.unmount();
  });

  test('D7 a store that throws on write (quota, private mode) never throws into the app, never stops the save, and is said once', async () => {
    const store = memoryStore();
    store.setItem.mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const onError = vi.fn();
    const tab = mountEditor({ initial: 'v1', draft: { store, onError } });
    await settle(() => tab.current.setText('a'));
    await settle(() => tab.current.setText('ab'));
    await advance(DELAY);
    expect(tab.calls.map((c) => c.value)).toEqual(['ab']);
    expect(onError).toHaveBeenCalledTimes(1);
    expect((onError.mock.calls[0]![0] as Error).message).toBe(
      'react-last-task: the draft store could not write "doc" (QuotaExceededError: The quota has been exceeded.)',
    );
  });

  test("D7 without onError the store's first failure is reported as an uncaught error, once", async () => {
    const reported = catchReportedErrors();
    const store = memoryStore({ doc: '{not json' });
    const tab = mountEditor({ initial: 'v1', draft: { store } });
    await settle(() => {});
    expect(tab.current.recovered).toBeUndefined();
    await settle(() => tab.current.setText('a'));
    expect(reported.map((e) => (e as Error).message)).toEqual([
      expect.stringMatching(/^react-last-task: the draft store could not read "doc" \(SyntaxError: /),
    ]);
    // The corrupt entry is replaced by the new draft.
    expect(entryOf(store)?.v).toBe('a');
  });

  test('D7 an entry that is JSON but not a draft counts as corrupt', async () => {
    const onError = vi.fn();
    const store = memoryStore({ doc: '{"v":"x"}' });
    const tab = mountEditor({ initial: 'v1', draft: { store, onError } });
    await settle(() => {});
    expect(tab.current.recovered).toBeUndefined();
    expect(onError).toHaveBeenCalledTimes(1);
    expect((onError.mock.calls[0]![0] as Error).message).toContain('not a draft entry');
  });

  test('D7 a localStorage that throws when touched (a blocked private mode) means no draft, and the saves go on', async () => {
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    const tab = mountEditor({ initial: 'v1' });
    await settle(() => tab.current.setText('a'));
    await advance(DELAY);
    expect(tab.calls.map((c) => c.value)).toEqual(['a']);
  });

  test('D7 an asynchronous store is read before anything is written, calls run one at a time, and only the last waiting write is made', async () => {
    const first = slowStore(50, {});
    const a = mountEditor({ initial: 'v1', draft: { store: first } });
    // The read takes 50 ms; typing meanwhile waits for it.
    await settle(() => a.current.setText('a'));
    await settle(() => a.current.setText('ab'));
    await settle(() => a.current.setText('abc'));
    expect(first.setItem).not.toHaveBeenCalled();
    await advance(50);
    expect(first.setItem).toHaveBeenCalledTimes(1);
    await settle(() => a.current.setText('abcd'));
    await settle(() => a.current.setText('abcde'));
    await advance(50);
    await advance(50);
    expect(first.setItem.mock.calls.map(([, raw]) => (JSON.parse(raw) as { v: string }).v)).toEqual(['abc', 'abcde']);
    expect(entryOf(first)?.v).toBe('abcde');
  });

  test("D4 an asynchronous store's draft is restored when the read answers", async () => {
    const store = slowStore(200, {});
    const a = mountEditor({ initial: 'v1', draft: { store } });
    await settle(() => a.current.setText('kept'));
    await advance(200);
    a.hook.unmount();
    const b = mountEditor({ initial: 'v1', draft: { store } });
    await settle(() => {});
    expect(b.current.text).toBe('v1');
    await advance(200);
    expect(b.current.text).toBe('kept');
  });

  test('D7 bad draft options are refused with errors that name them', () => {
    expect(message(renderError(() => useDraft('')))).toBe(
      'react-last-task: draft name must be a non-empty string, got ""',
    );
    expect(message(renderError(() => useDraft('doc', { store: { getItem: () => null } as never })))).toBe(
      'react-last-task: draft store.setItem must be a function, got undefined',
    );
    expect(message(renderError(() => useDraft('doc', { savedKey: 1.5 })))).toBe(
      'react-last-task: draft savedKey must be a safe integer, got 1.5',
    );
    expect(message(renderError(() => useDraft('doc', { restore: 'setText' as never })))).toBe(
      'react-last-task: draft restore must be a function, got "setText"',
    );
  });

  test('D7 on the server there is no store and nothing throws', () => {
    vi.stubGlobal('localStorage', undefined);
    // Rendered to a string under jsdom, where the hooks' layout effects exist: React 18 warns that they do nothing on
    // the server. Captured, so that a passing test prints nothing; any other report fails the test.
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    onTestFinished(() => {
      errors.mockRestore();
    });
    function Editor() {
      const [text] = useState('on the server');
      const [draft] = useDraft<string>('doc');
      const { status } = useAutosave(text, async () => {}, DELAY, { draft });
      return createElement('p', null, `${text}: ${status}`);
    }
    expect(renderToString(createElement(Editor))).toBe('<p>on the server: idle</p>');
    for (const [message] of errors.mock.calls)
      expect(String(message)).toMatch(/useLayoutEffect does nothing on the server/);
  });
});
