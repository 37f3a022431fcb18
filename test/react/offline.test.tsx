/** @vitest-environment jsdom */
// A draft's saves waiting for the network (O1–O2). Every flow runs plainly and inside <StrictMode>, on React 18
// and 19.
import { act } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { isNetworkError } from '../../src/index';
import { advance, lifecycles, memoryStore, mountEditor, settle, withFakeClock } from '../helpers/react';

const DELAY = 100;

withFakeClock();

afterEach(() => {
  vi.restoreAllMocks();
});

/** The browser goes offline or online: navigator.onLine answers so, then the window hears the event. */
function setNetwork(online: boolean) {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(online);
  act(() => {
    window.dispatchEvent(new Event(online ? 'online' : 'offline'));
  });
}

const networkError = () => new TypeError('Failed to fetch');

describe.each(lifecycles)('waiting for the network, with a draft ($name)', ({ strict }) => {
  test('O1 while the browser is offline nothing is sent; back online the latest value is saved without a change', async () => {
    const tab = mountEditor({ initial: 'v1', draft: { store: memoryStore() } }, strict);
    setNetwork(false);
    await settle(() => tab.current.setText('typed offline'));
    await settle(() => tab.current.setText('typed offline, more'));
    await advance(30_000);
    expect(tab.calls).toHaveLength(0);
    expect(tab.current).toMatchObject({ offline: true, isDirty: true });
    setNetwork(true);
    await settle(() => {});
    expect(tab.calls.map((c) => c.value)).toEqual(['typed offline, more']);
    await settle(() => tab.call(0).resolve('ok'));
    expect(tab.current).toMatchObject({ status: 'saved', isDirty: false, offline: false });
  });

  test('O2 a network failure spends no retry and shows no error; it is tried again after 1 s, then 2 s, and succeeds', async () => {
    const onError = vi.fn();
    const tab = mountEditor(
      { initial: 'v1', draft: { store: memoryStore() }, options: { retry: { attempts: 3, delay: 10 }, onError } },
      strict,
    );
    await settle(() => tab.current.setText('v2'));
    await advance(DELAY);
    await settle(() => tab.call(0).reject(networkError()));
    expect(tab.current).toMatchObject({ status: 'saving', offline: true, error: undefined });
    // No retry 10 ms later: the retry's attempts are not spent against a dead network.
    await advance(999);
    expect(tab.calls).toHaveLength(1);
    await advance(1);
    expect(tab.calls).toHaveLength(2);
    expect(tab.call(1).ctx.attempt).toBe(1);
    await settle(() => tab.call(1).reject(networkError()));
    await advance(1999);
    expect(tab.calls).toHaveLength(2);
    await advance(1);
    expect(tab.calls).toHaveLength(3);
    await settle(() => tab.call(2).resolve('ok'));
    expect(tab.current).toMatchObject({ status: 'saved', offline: false, isDirty: false });
    expect(onError).not.toHaveBeenCalled();
  });

  test('O2 after a network failure, an `online` event tries again at once', async () => {
    const tab = mountEditor({ initial: 'v1', draft: { store: memoryStore() } }, strict);
    await settle(() => tab.current.setText('v2'));
    await advance(DELAY);
    await settle(() => tab.call(0).reject(networkError()));
    setNetwork(true);
    await settle(() => {});
    expect(tab.calls.map((c) => c.value)).toEqual(['v2', 'v2']);
  });

  test('O2 a change while the save waits for the network aborts the wait; the newer value is saved instead', async () => {
    const tab = mountEditor({ initial: 'v1', draft: { store: memoryStore() } }, strict);
    await settle(() => tab.current.setText('v2'));
    await advance(DELAY);
    await settle(() => tab.call(0).reject(networkError()));
    await settle(() => tab.current.setText('v3'));
    await advance(DELAY);
    expect(tab.calls.map((c) => c.value)).toEqual(['v2', 'v3']);
    await advance(60_000);
    expect(tab.calls).toHaveLength(2);
  });

  test('O2 other errors are errors as before, and so is a network failure with waitForNetwork false', async () => {
    const a = mountEditor({ initial: 'v1', draft: { store: memoryStore() } }, strict);
    await settle(() => a.current.setText('v2'));
    await advance(DELAY);
    const refused = new Error('HTTP 500');
    await settle(() => a.call(0).reject(refused));
    expect(a.current).toMatchObject({ status: 'error', error: refused, offline: false });

    const b = mountEditor(
      { initial: 'v1', name: 'other', draft: { store: memoryStore(), waitForNetwork: false } },
      strict,
    );
    await settle(() => b.current.setText('v2'));
    await advance(DELAY);
    const failed = networkError();
    await settle(() => b.call(0).reject(failed));
    expect(b.current).toMatchObject({ status: 'error', error: failed, offline: false });
  });

  test('O2 isNetworkError decides which errors mean "no network"', async () => {
    const tab = mountEditor(
      { initial: 'v1', draft: { store: memoryStore(), isNetworkError: (e) => e === 'gone' } },
      strict,
    );
    await settle(() => tab.current.setText('v2'));
    await advance(DELAY);
    await settle(() => tab.call(0).reject('gone'));
    expect(tab.current).toMatchObject({ status: 'saving', offline: true });
    await advance(1000);
    await settle(() => tab.call(1).reject(networkError()));
    expect(tab.current).toMatchObject({ status: 'error', offline: false });
  });

  test('O1 with waitForNetwork false a save is sent even while the browser says it is offline', async () => {
    const tab = mountEditor({ initial: 'v1', draft: { store: memoryStore(), waitForNetwork: false } }, strict);
    setNetwork(false);
    await settle(() => tab.current.setText('v2'));
    await advance(DELAY);
    expect(tab.calls.map((c) => c.value)).toEqual(['v2']);
  });

  test('O1 a wait for the network leaves no listener behind once it ends', async () => {
    const added = vi.spyOn(window, 'addEventListener');
    const removed = vi.spyOn(window, 'removeEventListener');
    const online = (spy: typeof added) => spy.mock.calls.filter(([type]) => type === 'online').length;
    const tab = mountEditor({ initial: 'v1', draft: { store: memoryStore() } }, strict);
    await settle(() => tab.current.setText('v2'));
    await advance(DELAY);
    await settle(() => tab.call(0).reject(networkError()));
    expect(online(added)).toBe(1);
    await advance(1000);
    expect(online(removed)).toBe(1);
    await settle(() => tab.call(1).resolve('ok'));
    expect(tab.current.status).toBe('saved');
  });

  test("O2 isNetworkError knows fetch's network errors in the main browsers, and nothing else", () => {
    for (const text of [
      'Failed to fetch',
      'NetworkError when attempting to fetch resource.',
      'Load failed',
      'fetch failed',
    ])
      expect(isNetworkError(new TypeError(text))).toBe(true);
    expect(isNetworkError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isNetworkError(new Error('Failed to fetch'))).toBe(false);
  });
});
