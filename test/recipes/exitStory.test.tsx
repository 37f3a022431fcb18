/** @vitest-environment jsdom */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { DraftEditor } from '../../examples/recipes/exit-story';
import { advance, fakeFetch } from './fakeFetch';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const badge = () => screen.getByLabelText('Draft').nextElementSibling?.textContent;

function hide() {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  act(() => {
    document.dispatchEvent(new Event('visibilitychange'));
  });
}
afterEach(() => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
});

describe('the exit-story recipe', () => {
  test('T2 T3 K1 a 500 is tried again with the same key and the next attempt number; "Couldn’t save" only after the third', async () => {
    const server = fakeFetch();
    render(<DraftEditor draft={{ id: 'd1', body: '' }} />);
    fireEvent.change(screen.getByLabelText('Draft'), { target: { value: 'Hello' } });
    await advance(800);
    await server.last().respond(500);
    expect(badge()).not.toBe('Couldn’t save');
    await advance(1000);
    await server.last().respond(503);
    await advance(2000);
    expect(server.requests).toHaveLength(3);
    await server.last().respond(500);
    expect(badge()).toBe('Couldn’t save');
    const keys = server.requests.map((r) => (r.body as { key: number }).key);
    expect(new Set(keys).size).toBe(1);
    expect(server.requests.map((r) => (r.init.headers as Record<string, string>)['x-attempt'])).toEqual([
      '1',
      '2',
      '3',
    ]);
  });

  test('T3 a 4xx is not tried again', async () => {
    const server = fakeFetch();
    render(<DraftEditor draft={{ id: 'd1', body: '' }} />);
    fireEvent.change(screen.getByLabelText('Draft'), { target: { value: 'Hello' } });
    await advance(800);
    await server.last().respond(409);
    await advance(10_000);
    expect(server.requests).toHaveLength(1);
    expect(badge()).toBe('Couldn’t save');
  });

  test('E1 W2 hiding the page saves a pending change at once, with keepalive', async () => {
    const server = fakeFetch();
    render(<DraftEditor draft={{ id: 'd1', body: '' }} />);
    fireEvent.change(screen.getByLabelText('Draft'), { target: { value: 'Bye' } });
    await advance(100);
    hide();
    await advance(0);
    expect(server.requests).toHaveLength(1);
    expect(server.last().init.keepalive).toBe(true);
    expect(server.last().body).toEqual({ body: 'Bye', key: expect.any(Number) });
  });
});
