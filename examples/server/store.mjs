// @ts-check
// The demo's document store: SQLite through better-sqlite3 (synchronous, one connection, WAL).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * @typedef {{ title: string, body: string, epoch: number, seq: number, updatedAt: number }} StoredDoc
 * @typedef {{ id: number, epoch: number, seq: number, title: string, body: string, outcome: 'committed' | 'refused', at: number }} WriteRow
 * @typedef {{ version: number, title: string, words: number, publishedAt: number }} Publication
 */

/*
 * How writes are ordered: the key (epoch, seq), compared epoch first.
 *
 * `seq` is the TaskContext seq of the save (1, 2, 3… per runner). It orders the saves of one page load, but it
 * restarts at 1 on every page load, so on its own a reload would make every new write look older than the
 * stored one and lock the user out. So every page load first opens the document (POST /api/docs/:id/open)
 * and the server hands it a fresh epoch: a counter kept in this database and raised on every open, hence
 * larger than every epoch handed out before, across server restarts too, with no clock involved. A write
 * carries (epoch, seq) and is committed only if that key is greater than the one stored with the document;
 * otherwise it is refused with 409 and logged as 'refused'.
 *  - Within one page load a higher seq wins: a save that the page aborted (restart mode) but that reaches the
 *    server after a newer save can never overwrite the newer text.
 *  - A reload gets a bigger epoch, so its first save (seq 1) beats everything the earlier load wrote, even a
 *    slow request of the earlier load that lands after the reload. The user is never locked out.
 *  - Two tabs at once: once the newer tab has saved, the older tab's saves are refused (409) instead of
 *    silently overwriting the newer tab's text, and its badge asks for a reload.
 * We chose this over "a writer id per page load, refusing only older seqs of the same writer": that also
 * survives reloads, but it would accept the late request of an earlier load (another writer) and let it
 * overwrite newer text.
 */

/** @param {string} dataDir */
export function openStore(dataDir) {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'demo.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS docs (
      id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL,
      epoch INTEGER NOT NULL, seq INTEGER NOT NULL, updated_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS writes (
      id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL, epoch INTEGER NOT NULL, seq INTEGER NOT NULL,
      title TEXT NOT NULL, body TEXT NOT NULL,
      outcome TEXT NOT NULL CHECK (outcome IN ('committed', 'refused')), at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS writes_by_doc ON writes (doc_id, id);
    CREATE TABLE IF NOT EXISTS publications (
      id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL, version INTEGER NOT NULL,
      title TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL);
    INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', 0);
  `);

  const q = {
    nextEpoch: db.prepare(`UPDATE meta SET value = value + 1 WHERE key = 'epoch' RETURNING value`),
    lastEpoch: db.prepare(`SELECT value FROM meta WHERE key = 'epoch'`),
    getDoc: db.prepare(`SELECT title, body, epoch, seq, updated_at AS updatedAt FROM docs WHERE id = ?`),
    putDoc: db.prepare(`
      INSERT INTO docs (id, title, body, epoch, seq, updated_at) VALUES (@id, @title, @body, @epoch, @seq, @at)
      ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body,
        epoch = excluded.epoch, seq = excluded.seq, updated_at = excluded.updated_at`),
    logWrite: db.prepare(`
      INSERT INTO writes (doc_id, epoch, seq, title, body, outcome, at)
      VALUES (@id, @epoch, @seq, @title, @body, @outcome, @at)`),
    countWrites: db.prepare(`SELECT outcome, COUNT(*) AS n FROM writes WHERE doc_id = ? GROUP BY outcome`),
    recentWrites: db.prepare(`
      SELECT id, epoch, seq, title, body, outcome, at FROM writes WHERE doc_id = ? ORDER BY id DESC LIMIT ?`),
    lastVersion: db.prepare(`SELECT COALESCE(MAX(version), 0) AS version FROM publications WHERE doc_id = ?`),
    publish: db.prepare(`INSERT INTO publications (doc_id, version, title, body, at) VALUES (?, ?, ?, ?, ?)`),
  };

  /** @param {string} id @returns {StoredDoc | undefined} */
  const getDoc = (id) => /** @type {StoredDoc | undefined} */ (q.getDoc.get(id));

  const write = db.transaction(
    /**
     * @param {string} id
     * @param {{ title: string, body: string, epoch: number, seq: number }} w
     * @returns {{ ok: true, doc: StoredDoc } | { ok: false, stored: StoredDoc }}
     */
    (id, w) => {
      const at = Date.now();
      const stored = getDoc(id);
      const newer = !stored || w.epoch > stored.epoch || (w.epoch === stored.epoch && w.seq > stored.seq);
      q.logWrite.run({ id, ...w, outcome: newer ? 'committed' : 'refused', at });
      if (!newer) return { ok: false, stored };
      q.putDoc.run({ id, ...w, at });
      return { ok: true, doc: { ...w, updatedAt: at } };
    },
  );

  const publish = db.transaction(
    /** @param {string} id @returns {Publication | undefined} */
    (id) => {
      const doc = getDoc(id);
      if (!doc) return undefined;
      const { version } = /** @type {{ version: number }} */ (q.lastVersion.get(id));
      const publishedAt = Date.now();
      q.publish.run(id, version + 1, doc.title, doc.body, publishedAt);
      const words = doc.body.split(/\s+/).filter(Boolean).length;
      return { version: version + 1, title: doc.title, words, publishedAt };
    },
  );

  return {
    /** Hands a page load its epoch (see above) with the stored document. */
    open(/** @type {string} */ id) {
      const { value } = /** @type {{ value: number }} */ (q.nextEpoch.get());
      return { epoch: value, doc: getDoc(id) };
    },
    /** The largest epoch handed out so far: a write claiming a bigger one is forged. */
    lastEpoch: () => /** @type {{ value: number }} */ (q.lastEpoch.get()).value,
    getDoc,
    write,
    /** @param {string} id @param {number} limit */
    writes(id, limit) {
      const counts = { committed: 0, refused: 0 };
      for (const row of /** @type {{ outcome: 'committed' | 'refused', n: number }[]} */ (q.countWrites.all(id))) {
        counts[row.outcome] = row.n;
      }
      return { ...counts, recent: /** @type {WriteRow[]} */ (q.recentWrites.all(id, limit)) };
    },
    publish,
    close: () => db.close(),
  };
}
