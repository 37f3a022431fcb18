/** @vitest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { DraftEditor } from '../../examples/recipes/quick-start-autosave';
import { Search } from '../../examples/recipes/quick-start-search';
import { advance, fakeFetch } from './fakeFetch';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the README's autosave example", () => {
  test('A2 K1 saves 800 ms after the last keystroke with ctx.key in the body, and shows Saved on a 200', async () => {
    const server = fakeFetch();
    render(<DraftEditor initial={{ id: 'd1', body: '' }} />);
    const box = screen.getByLabelText('Draft');
    for (const text of ['H', 'He', 'Hel', 'Hello']) {
      fireEvent.change(box, { target: { value: text } });
      await advance(300);
    }
    expect(server.requests).toHaveLength(0);
    await advance(500);
    expect(server.requests).toHaveLength(1);
    const request = server.last();
    expect(request).toMatchObject({ url: '/api/drafts/d1', method: 'PUT' });
    expect(request.body).toEqual({ body: 'Hello', key: expect.any(Number) });
    // microseconds since 1970, issued at the last run(): 900 ms after the start, give or take
    expect(Number.isSafeInteger((request.body as { key: number }).key)).toBe(true);
    expect((request.body as { key: number }).key).toBeGreaterThanOrEqual(Date.parse('2026-01-01T00:00:00Z') * 1000);
    expect(screen.getByText('Saving…')).toBeTruthy();
    await request.respond(204);
    expect(screen.getByText('Saved')).toBeTruthy();
  });

  test('A3 A8 K1 an HTTP 500 is not saved: the editor says so, and Save now sends it again with a greater key', async () => {
    const server = fakeFetch();
    render(<DraftEditor initial={{ id: 'd1', body: '' }} />);
    fireEvent.change(screen.getByLabelText('Draft'), { target: { value: 'Hello' } });
    await advance(800);
    await server.last().respond(500, { error: 'boom' });
    expect(screen.queryByText('Saved')).toBeNull();
    expect(screen.getByText('Couldn’t save')).toBeTruthy();
    const firstKey = (server.last().body as { key: number }).key;
    await advance(10);
    fireEvent.click(screen.getByText('Save now'));
    await advance(0);
    expect(server.requests).toHaveLength(2);
    expect((server.last().body as { key: number }).key).toBeGreaterThan(firstKey);
    await server.last().respond(200);
    expect(screen.getByText('Saved')).toBeTruthy();
  });

  test('A4 K1 a keystroke during a save aborts it, and the later save has the greater key', async () => {
    const server = fakeFetch();
    render(<DraftEditor initial={{ id: 'd1', body: '' }} />);
    const box = screen.getByLabelText('Draft');
    fireEvent.change(box, { target: { value: 'a' } });
    await advance(800);
    const first = server.last();
    fireEvent.change(box, { target: { value: 'ab' } });
    expect(first.signal?.aborted).toBe(true);
    await advance(800);
    const second = server.last();
    expect(second.body).toMatchObject({ body: 'ab' });
    expect((second.body as { key: number }).key).toBeGreaterThan((first.body as { key: number }).key);
  });
});

describe("the README's search example", () => {
  test('R3 only the last query is shown, whatever order the answers come in', async () => {
    const server = fakeFetch();
    render(<Search />);
    const box = screen.getByLabelText('Search');
    fireEvent.change(box, { target: { value: 're' } });
    await advance(200);
    const older = server.last();
    fireEvent.change(box, { target: { value: 'react' } });
    await advance(200);
    const newer = server.last();
    expect(older.signal?.aborted).toBe(true);
    expect(newer.url).toBe('/api/search?q=react');
    await newer.respond(200, [{ id: '1', title: 'React' }]);
    await older.respond(200, [{ id: '2', title: 'Regex' }]);
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['React']);
  });

  test('R6 R10 an HTTP 500 shows an error and keeps the app alive (no "(value ?? []).map is not a function")', async () => {
    const server = fakeFetch();
    render(<Search />);
    const box = screen.getByLabelText('Search');
    fireEvent.change(box, { target: { value: 'react' } });
    await advance(200);
    await server.last().respond(200, [{ id: '1', title: 'React' }]);
    fireEvent.change(box, { target: { value: 'reacts' } });
    await advance(200);
    await server.last().respond(500, { error: 'Internal Server Error' });
    expect(screen.getByRole('alert').textContent).toBe('Search failed: Error: HTTP 500');
    // the last good results stay, the page still works
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['React']);
    fireEvent.change(box, { target: { value: 'redux' } });
    await advance(200);
    await server.last().respond(200, [{ id: '3', title: 'Redux' }]);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Redux']);
  });
});
