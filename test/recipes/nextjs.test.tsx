/** @vitest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { setDatabase } from '../../examples/recipes/db';
import { saveDraft } from '../../examples/recipes/nextjs-action';
import { Editor } from '../../examples/recipes/nextjs-client';
import { PUT } from '../../examples/recipes/nextjs-route';
import { createDocsTable } from '../../examples/recipes/sql-ordering';
import { advance } from './fakeFetch';
import { hasSqlite, openMemoryDatabase } from './sqlite';

describe.skipIf(!hasSqlite)('Next.js route handler and server action as the save', () => {
  let db: ReturnType<typeof openMemoryDatabase>;
  const stored = () => db.prepare('SELECT body, key FROM docs WHERE id = ?').get('d1') as { body: string; key: number };
  beforeEach(() => {
    db = openMemoryDatabase();
    createDocsTable(db);
    db.prepare('INSERT INTO docs (id, body) VALUES (?, ?)').run('d1', 'first');
    setDatabase(db);
  });
  afterEach(() => db.close());

  const put = (json: unknown, id = 'd1') =>
    PUT(new Request(`http://localhost/api/docs/${id}`, { method: 'PUT', body: JSON.stringify(json) }), {
      params: Promise.resolve({ id }),
    });

  test('the route handler stores a newer key (200), refuses an older one (409), answers 400 and 404', async () => {
    expect((await put({ body: 'two', key: 20 })).status).toBe(200);
    const stale = await put({ body: 'one', key: 10 });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({ status: 409, key: 20 });
    expect((await put({ body: 'two', key: 20 })).status).toBe(200); // a retry of the same write
    expect((await put({ body: 'x' })).status).toBe(400);
    expect(
      (
        await PUT(new Request('http://localhost/api/docs/d1', { method: 'PUT', body: 'not json' }), {
          params: Promise.resolve({ id: 'd1' }),
        })
      ).status,
    ).toBe(400);
    expect((await put({ body: 'x', key: 30 }, 'nope')).status).toBe(404);
    expect(stored()).toEqual({ body: 'two', key: 20 });
  });

  test('the server action is an async function with the same check', async () => {
    expect(await saveDraft('d1', 'two', 20)).toEqual({ ok: true, status: 200 });
    expect(await saveDraft('d1', 'one', 10)).toEqual({ ok: false, status: 409 });
    expect(stored()).toEqual({ body: 'two', key: 20 });
  });

  test('K1 A3 the client calls the server action with ctx.key; a refused write shows "Not saved"', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    render(<Editor id="d1" initial="first" />);
    const box = screen.getByLabelText('Body');
    fireEvent.change(box, { target: { value: 'first draft' } });
    await advance(800);
    expect(stored().body).toBe('first draft');
    expect(stored().key).toBeGreaterThanOrEqual(Date.parse('2026-01-01T00:00:00Z') * 1000);
    expect(screen.getByText('Saved')).toBeTruthy();
    // another tab wrote later than this page's next key
    db.prepare('UPDATE docs SET body = ?, key = ? WHERE id = ?').run(
      'from another tab',
      Date.parse('2027-01-01') * 1000,
      'd1',
    );
    fireEvent.change(box, { target: { value: 'first draft!' } });
    await advance(800);
    expect(stored().body).toBe('from another tab');
    expect(screen.getByText('Not saved')).toBeTruthy();
  });
});
