/** @vitest-environment jsdom */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createSearch } from '../../examples/recipes/runner-api';
import { autosaveTextarea } from '../../examples/recipes/runner-core';
import { createSync } from '../../examples/recipes/runner-priorities';
import { fakeFetch } from './fakeFetch';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the runner recipes', () => {
  test('R2 R6 createSearch shows the last query only, and an HTTP 500 as an error', async () => {
    const server = fakeFetch();
    const show = vi.fn();
    const showError = vi.fn();
    const search = createSearch(show, showError);
    const first = search('re');
    const second = search('react');
    await vi.advanceTimersByTimeAsync(250);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/search?q=react']);
    await server.last().respond(200, [{ id: '1', title: 'React' }]);
    await Promise.all([first, second]);
    expect(show.mock.calls).toEqual([[[{ id: '1', title: 'React' }]]]);
    const third = search('redux');
    await vi.advanceTimersByTimeAsync(250);
    await server.last().respond(500, { error: 'boom' });
    await third;
    expect(String(showError.mock.calls[0]?.[0])).toBe('Error: HTTP 500');
    expect(show).toHaveBeenCalledTimes(1);
  });

  test('P2 "Sync now" (priority 1) is not aborted by a background change; that one runs after it', async () => {
    const pushes: { signal: AbortSignal; key: number; done: () => void }[] = [];
    const push = (signal: AbortSignal, key: number) =>
      new Promise<void>((resolve) => pushes.push({ signal, key, done: resolve }));
    const sync = createSync(push);
    const now = sync.syncNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(pushes).toHaveLength(1);
    const background = sync.changed();
    await vi.advanceTimersByTimeAsync(5000);
    expect(pushes[0]!.signal.aborted).toBe(false);
    expect(pushes).toHaveLength(1);
    pushes[0]!.done();
    expect(await now).toEqual({ status: 'done', value: undefined });
    await vi.advanceTimersByTimeAsync(0);
    expect(pushes).toHaveLength(2);
    expect(pushes[1]!.key).toBeGreaterThan(pushes[0]!.key);
    pushes[1]!.done();
    expect(await background).toEqual({ status: 'done', value: undefined });
    sync.stop();
  });

  test('R7 R10 W1 autosaveTextarea saves the text with its key, reports the status, flushes when the page is hidden', async () => {
    const server = fakeFetch();
    const editor = document.createElement('textarea');
    const badge = document.createElement('span');
    const stop = autosaveTextarea(editor, badge, '/api/text');
    editor.value = 'one';
    editor.dispatchEvent(new Event('input'));
    expect(badge.textContent).toBe('pending');
    await vi.advanceTimersByTimeAsync(500);
    expect(badge.textContent).toBe('running');
    expect(server.last().body).toEqual({ text: 'one', key: expect.any(Number) });
    await server.last().respond(500);
    expect(badge.textContent).toBe('error');
    editor.value = 'two';
    editor.dispatchEvent(new Event('input'));
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    await vi.advanceTimersByTimeAsync(0);
    expect(server.requests).toHaveLength(2);
    expect(server.last().init.keepalive).toBe(true);
    await server.last().respond(200);
    expect(badge.textContent).toBe('done');
    stop();
  });
});
