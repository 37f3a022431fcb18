// docs/guides/edge-of-the-page.md: the server-side ordering check. Written against the two calls it needs, which
// better-sqlite3's Database has (and node:sqlite's DatabaseSync, on Node 22.5 and later).
// #region sql-ordering
export interface SqlDatabase {
  exec(sql: string): unknown;
  prepare(sql: string): { run(...params: unknown[]): { changes: number | bigint }; get(...params: unknown[]): unknown };
}

export type SaveResult = { status: 200 } | { status: 400 | 404 } | { status: 409; key: number };

export function createDocsTable(db: SqlDatabase) {
  db.exec('CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, body TEXT NOT NULL, key INTEGER NOT NULL DEFAULT 0)');
}

const DAY = 86_400_000_000; // a day in key units (microseconds)

/** Stores `body` only if `key` (the client's ctx.key) is newer than the stored one. */
export function saveDoc(db: SqlDatabase, id: string, body: string, key: number, now = Date.now()): SaveResult {
  // A key from a clock days ahead would beat every later write: not a key this server takes.
  if (!Number.isSafeInteger(key) || key <= 0 || key > now * 1000 + DAY) return { status: 400 };
  // One statement checks and writes: an older write that arrives late changes nothing.
  const { changes } = db.prepare('UPDATE docs SET body = ?, key = ? WHERE id = ? AND key < ?').run(body, key, id, key);
  if (Number(changes) === 1) return { status: 200 };
  const row = db.prepare('SELECT body, key FROM docs WHERE id = ?').get(id) as
    { body: string; key: number } | undefined;
  if (!row) return { status: 404 };
  // The same write again (a retry whose first answer was lost): already stored, so it succeeded.
  if (row.key === key && row.body === body) return { status: 200 };
  return { status: 409, key: row.key }; // older than what is stored: refused
}
// #endregion
