import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createDocsTable, saveDoc } from '../../examples/recipes/sql-ordering';
import { hasSqlite, openMemoryDatabase, sqliteHint } from './sqlite';

test('better-sqlite3 is installed for the SQL recipe, or this is not CI', () => {
  if (!hasSqlite) console.warn(sqliteHint);
  expect(hasSqlite || process.env.CI !== 'true').toBe(true);
});

describe.skipIf(!hasSqlite)('the server-side ordering check in SQL (better-sqlite3)', () => {
  let db: ReturnType<typeof openMemoryDatabase>;
  const body = () => db.prepare('SELECT body, key FROM docs WHERE id = ?').get('d1');
  beforeEach(() => {
    db = openMemoryDatabase();
    createDocsTable(db);
    db.prepare('INSERT INTO docs (id, body) VALUES (?, ?)').run('d1', '');
  });
  afterEach(() => db.close());

  test('a newer key is stored; an older one that arrives late is refused with the stored key', () => {
    expect(saveDoc(db, 'd1', 'new', 2_000)).toEqual({ status: 200 });
    expect(saveDoc(db, 'd1', 'old', 1_000)).toEqual({ status: 409, key: 2_000 });
    expect(body()).toEqual({ body: 'new', key: 2_000 });
  });

  test('idempotence: the same key with the same value is a success and changes nothing', () => {
    expect(saveDoc(db, 'd1', 'text', 5_000)).toEqual({ status: 200 });
    expect(saveDoc(db, 'd1', 'text', 5_000)).toEqual({ status: 200 });
    expect(body()).toEqual({ body: 'text', key: 5_000 });
  });

  test('the same key with another value is refused (two writers cannot share a key)', () => {
    saveDoc(db, 'd1', 'text', 5_000);
    expect(saveDoc(db, 'd1', 'other', 5_000)).toEqual({ status: 409, key: 5_000 });
    expect(body()).toEqual({ body: 'text', key: 5_000 });
  });

  test('an unknown document is 404 and a key that is not a safe positive integer is 400', () => {
    expect(saveDoc(db, 'nope', 'x', 1)).toEqual({ status: 404 });
    expect(saveDoc(db, 'd1', 'x', 1.5)).toEqual({ status: 400 });
    expect(saveDoc(db, 'd1', 'x', Number.MAX_SAFE_INTEGER + 2)).toEqual({ status: 400 });
    expect(saveDoc(db, 'd1', 'x', 0)).toEqual({ status: 400 });
  });

  test("a key more than a day ahead of the server's clock is refused (it would beat every later write)", () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(saveDoc(db, 'd1', 'x', (now + 86_400_000) * 1000 + 1, now)).toEqual({ status: 400 });
    expect(saveDoc(db, 'd1', 'x', (now + 3_600_000) * 1000, now)).toEqual({ status: 200 }); // an hour ahead: taken
    expect(body()).toEqual({ body: 'x', key: (now + 3_600_000) * 1000 });
  });

  test('writes arriving in any order leave the one with the greatest key', () => {
    const writes = [3, 1, 5, 2, 4].map((n) => ({ body: `v${n}`, key: Date.parse('2026-01-01') * 1000 + n }));
    for (const w of writes) saveDoc(db, 'd1', w.body, w.key);
    expect(body()).toMatchObject({ body: 'v5' });
  });
});
