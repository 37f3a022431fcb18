// @ts-check
// The demo's document store: SQLite through better-sqlite3 (synchronous, one connection, WAL).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** The fields of a document. Each is saved on its own, with its own ordering key (see below). */
export const FIELDS = /** @type {const} */ (['title', 'body']);

/**
 * @typedef {(typeof FIELDS)[number]} Field
 * @typedef {{ epoch: number, seq: number, updatedAt: number }} FieldKey
 * @typedef {{ title: string, body: string, updatedAt: number, fields: Partial<Record<Field, FieldKey>> }} StoredDoc
 * @typedef {'committed' | 'refused' | 'failed'} Outcome
 * @typedef {{ id: number, field: string, epoch: number, seq: number, value: string, trigger: string | null,
 *   attempt: number, outcome: Outcome, abandoned: boolean, at: number }} WriteRow
 * @typedef {{ value: string, epoch: number, seq: number, trigger: string | null, attempt: number }} FieldWrite
 * @typedef {{ version: number, title: string, words: number, publishedAt: number }} Publication
 * @typedef {{ id: string, name: string, price: number, inStock: boolean, epoch: number, seq: number,
 *   updatedAt: number | null }} Item
 * @typedef {{ price: number, inStock: boolean, epoch: number, seq: number, trigger: string | null, attempt: number }} ItemWrite
 * @typedef {{ id: number, item: string, epoch: number, seq: number, price: number, inStock: boolean,
 *   trigger: string | null, attempt: number, outcome: Outcome, abandoned: boolean, receivedAt: number, at: number }} ItemWriteRow
 */

/**
 * The price list every list starts with (the price-list card, one lane per row): [id, name, price in cents, in stock].
 */
export const SEED_ITEMS = /** @type {const} */ ([
  ['espresso', 'Espresso', 240, true],
  ['cappuccino', 'Cappuccino', 320, true],
  ['flat-white', 'Flat white', 360, true],
  ['croissant', 'Croissant', 210, true],
  ['bagel', 'Bagel', 290, false],
  ['orange-juice', 'Orange juice', 380, true],
  ['cheesecake', 'Cheesecake', 450, true],
  ['brownie', 'Brownie', 270, false],
]);

/*
 * How writes are ordered: each field of a document has its own key (epoch, seq), compared epoch first.
 *
 * The page saves every field on its own autosave, so `seq` is the TaskContext seq of that field's saves (1, 2,
 * 3… per field and per page load). It orders the saves of one field in one page load, but it restarts at 1 on
 * every page load, so on its own a reload would make every new write look older than the stored one and lock
 * the user out. So every page load first opens the document (POST /api/docs/:id/open) and the server hands it
 * a fresh epoch: a counter kept in this database and raised on every open, hence larger than every epoch handed
 * out before, across server restarts too, with no clock involved. A write of one field carries (epoch, seq) and
 * is committed only if that key is greater than the one stored with that field; otherwise it is refused with
 * 409 and logged as 'refused'. The other fields are not looked at: a title save never refuses a body save.
 *  - Within one page load a higher seq wins: a save that the page aborted (restart mode) but that reaches the
 *    server after a newer save of the same field can never overwrite the newer text.
 *  - A reload gets a bigger epoch, so its first save of a field (seq 1) beats everything the earlier load wrote
 *    to that field, even a slow request of the earlier load that lands after the reload. The user is never
 *    locked out.
 *  - Two tabs at once: once the newer tab has saved a field, the older tab's saves of that field are refused
 *    (409) instead of silently overwriting the newer tab's text, and its badge asks for a reload.
 * We chose this over "a writer id per page load, refusing only older seqs of the same writer": that also
 * survives reloads, but it would accept the late request of an earlier load (another writer) and let it
 * overwrite newer text.
 *
 * The price list (list_items) orders its writes the same way, with one key per row: each row is saved on its
 * own lane of useLastTaskLanes, whose seq counts that row's saves; the epoch comes from opening the list
 * (POST /api/lists/:id/open), from the same counter as the documents'. A row write carries the whole row
 * (price and in stock) and is committed only if its key is greater than that row's; the other rows are not
 * looked at.
 *
 * Schema version 3 (PRAGMA user_version). Version 1 (the demo before per-field saves) kept one key per
 * document and logged whole-document writes; `migrate` below carries such a database over. Version 3 adds
 * the price list's tables to version 2.
 */

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS docs (
    id TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '', updated_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS field_keys (
    doc_id TEXT NOT NULL, field TEXT NOT NULL, epoch INTEGER NOT NULL, seq INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    PRIMARY KEY (doc_id, field));
  CREATE TABLE IF NOT EXISTS field_writes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL, field TEXT NOT NULL,
    epoch INTEGER NOT NULL, seq INTEGER NOT NULL, value TEXT NOT NULL, trigger TEXT, attempt INTEGER NOT NULL DEFAULT 1,
    outcome TEXT NOT NULL CHECK (outcome IN ('committed', 'refused', 'failed')),
    abandoned INTEGER NOT NULL DEFAULT 0, at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS field_writes_by_doc ON field_writes (doc_id, id);
  CREATE TABLE IF NOT EXISTS publications (
    id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL, version INTEGER NOT NULL,
    title TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL);
  INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', 0);
`;

/** Version 3: the price list, one ordering key per row (epoch 0, seq 0 until the row's first write). */
const LIST_SCHEMA = `
  CREATE TABLE IF NOT EXISTS list_items (
    list_id TEXT NOT NULL, item_id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,
    price INTEGER NOT NULL, in_stock INTEGER NOT NULL, epoch INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER, PRIMARY KEY (list_id, item_id));
  CREATE TABLE IF NOT EXISTS item_writes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, list_id TEXT NOT NULL, item_id TEXT NOT NULL,
    epoch INTEGER NOT NULL, seq INTEGER NOT NULL, price INTEGER NOT NULL, in_stock INTEGER NOT NULL, trigger TEXT,
    attempt INTEGER NOT NULL DEFAULT 1, outcome TEXT NOT NULL CHECK (outcome IN ('committed', 'refused', 'failed')),
    abandoned INTEGER NOT NULL DEFAULT 0, received_at INTEGER NOT NULL, at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS item_writes_by_list ON item_writes (list_id, id);
`;

/** @param {import('better-sqlite3').Database} db */
function migrate(db) {
  migrateTo2(db);
  if (/** @type {number} */ (db.pragma('user_version', { simple: true })) >= 3) return;
  db.transaction(() => {
    db.exec(LIST_SCHEMA);
    db.pragma('user_version = 3');
  })();
}

/** @param {import('better-sqlite3').Database} db */
function migrateTo2(db) {
  if (/** @type {number} */ (db.pragma('user_version', { simple: true })) >= 2) return;
  db.transaction(() => {
    const docColumns = /** @type {{ name: string }[]} */ (db.pragma('table_info(docs)')).map((c) => c.name);
    if (docColumns.includes('epoch')) {
      // Version 1: one (epoch, seq) per document, which both fields inherit.
      db.exec(`
        CREATE TABLE field_keys (
          doc_id TEXT NOT NULL, field TEXT NOT NULL, epoch INTEGER NOT NULL, seq INTEGER NOT NULL, updated_at INTEGER NOT NULL,
          PRIMARY KEY (doc_id, field));
        INSERT INTO field_keys SELECT id, 'title', epoch, seq, updated_at FROM docs;
        INSERT INTO field_keys SELECT id, 'body', epoch, seq, updated_at FROM docs;
        ALTER TABLE docs RENAME TO docs_v1;
        CREATE TABLE docs (
          id TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '', updated_at INTEGER NOT NULL);
        INSERT INTO docs SELECT id, title, body, updated_at FROM docs_v1;
        DROP TABLE docs_v1;
      `);
    }
    const tables = /** @type {{ name: string }[]} */ (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all());
    if (tables.some((t) => t.name === 'writes')) {
      // Version 1's log of whole-document writes stays readable in the new log, as field 'document'.
      db.exec(SCHEMA);
      db.exec(`
        INSERT INTO field_writes (doc_id, field, epoch, seq, value, trigger, attempt, outcome, abandoned, at)
          SELECT doc_id, 'document', epoch, seq, title || ' — ' || body, NULL, 1, outcome, 0, at FROM writes ORDER BY id;
        DROP TABLE writes;
      `);
    }
    db.exec(SCHEMA);
    db.pragma('user_version = 2');
  })();
}

/** @param {string} dataDir */
export function openStore(dataDir) {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'demo.sqlite'));
  db.pragma('journal_mode = WAL');
  migrate(db);

  const q = {
    nextEpoch: db.prepare(`UPDATE meta SET value = value + 1 WHERE key = 'epoch' RETURNING value`),
    lastEpoch: db.prepare(`SELECT value FROM meta WHERE key = 'epoch'`),
    getDoc: db.prepare(`SELECT title, body, updated_at AS updatedAt FROM docs WHERE id = ?`),
    getKeys: db.prepare(`SELECT field, epoch, seq, updated_at AS updatedAt FROM field_keys WHERE doc_id = ?`),
    getKey: db.prepare(`SELECT epoch, seq, updated_at AS updatedAt FROM field_keys WHERE doc_id = ? AND field = ?`),
    putKey: db.prepare(`
      INSERT INTO field_keys (doc_id, field, epoch, seq, updated_at) VALUES (@id, @field, @epoch, @seq, @at)
      ON CONFLICT (doc_id, field) DO UPDATE SET epoch = excluded.epoch, seq = excluded.seq, updated_at = excluded.updated_at`),
    touchDoc: db.prepare(`
      INSERT INTO docs (id, updated_at) VALUES (@id, @at) ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at`),
    // One statement per field: a column name cannot be a parameter, and FIELDS is the only source of names.
    putField: Object.fromEntries(FIELDS.map((f) => [f, db.prepare(`UPDATE docs SET ${f} = @value WHERE id = @id`)])),
    logWrite: db.prepare(`
      INSERT INTO field_writes (doc_id, field, epoch, seq, value, trigger, attempt, outcome, abandoned, at)
      VALUES (@id, @field, @epoch, @seq, @value, @trigger, @attempt, @outcome, @abandoned, @at)`),
    countWrites: db.prepare(`SELECT outcome, COUNT(*) AS n FROM field_writes WHERE doc_id = ? GROUP BY outcome`),
    recentWrites: db.prepare(`
      SELECT id, field, epoch, seq, value, trigger, attempt, outcome, abandoned, at
      FROM field_writes WHERE doc_id = ? ORDER BY id DESC LIMIT ?`),
    lastVersion: db.prepare(`SELECT COALESCE(MAX(version), 0) AS version FROM publications WHERE doc_id = ?`),
    publish: db.prepare(`INSERT INTO publications (doc_id, version, title, body, at) VALUES (?, ?, ?, ?, ?)`),
    countItems: db.prepare(`SELECT COUNT(*) AS n FROM list_items WHERE list_id = ?`),
    seedItem: db.prepare(`
      INSERT INTO list_items (list_id, item_id, position, name, price, in_stock) VALUES (?, ?, ?, ?, ?, ?)`),
    getItems: db.prepare(`
      SELECT item_id AS id, name, price, in_stock AS inStock, epoch, seq, updated_at AS updatedAt
      FROM list_items WHERE list_id = ? ORDER BY position`),
    getItem: db.prepare(`
      SELECT item_id AS id, name, price, in_stock AS inStock, epoch, seq, updated_at AS updatedAt
      FROM list_items WHERE list_id = ? AND item_id = ?`),
    putItem: db.prepare(`
      UPDATE list_items SET price = @price, in_stock = @inStock, epoch = @epoch, seq = @seq, updated_at = @at
      WHERE list_id = @list AND item_id = @item`),
    logItemWrite: db.prepare(`
      INSERT INTO item_writes (list_id, item_id, epoch, seq, price, in_stock, trigger, attempt, outcome, abandoned, received_at, at)
      VALUES (@list, @item, @epoch, @seq, @price, @inStock, @trigger, @attempt, @outcome, @abandoned, @receivedAt, @at)`),
    countItemWrites: db.prepare(`SELECT outcome, COUNT(*) AS n FROM item_writes WHERE list_id = ? GROUP BY outcome`),
    recentItemWrites: db.prepare(`
      SELECT id, item_id AS item, epoch, seq, price, in_stock AS inStock, trigger, attempt, outcome, abandoned,
        received_at AS receivedAt, at
      FROM item_writes WHERE list_id = ? ORDER BY id DESC LIMIT ?`),
  };

  /** @param {string} id @returns {StoredDoc | undefined} */
  const getDoc = (id) => {
    const doc = /** @type {Omit<StoredDoc, 'fields'> | undefined} */ (q.getDoc.get(id));
    if (!doc) return undefined;
    /** @type {StoredDoc['fields']} */
    const fields = {};
    for (const { field, ...key } of /** @type {(FieldKey & { field: Field })[]} */ (q.getKeys.all(id))) fields[field] = key;
    return { ...doc, fields };
  };

  /** @param {string} id @param {Field} field @param {FieldWrite} w @param {Outcome} outcome @param {boolean} abandoned @param {number} at */
  const log = (id, field, w, outcome, abandoned, at) =>
    q.logWrite.run({ id, field, ...w, outcome, abandoned: abandoned ? 1 : 0, at });

  const write = db.transaction(
    /**
     * @param {string} id
     * @param {Field} field
     * @param {FieldWrite} w
     * @param {boolean} abandoned the page had stopped waiting for the answer (it aborted the request)
     * @returns {{ ok: true, key: FieldKey } | { ok: false, stored: FieldKey }}
     */
    (id, field, w, abandoned = false) => {
      const at = Date.now();
      const stored = /** @type {FieldKey | undefined} */ (q.getKey.get(id, field));
      const newer = !stored || w.epoch > stored.epoch || (w.epoch === stored.epoch && w.seq > stored.seq);
      log(id, field, w, newer ? 'committed' : 'refused', abandoned, at);
      if (!newer) return { ok: false, stored };
      q.putKey.run({ id, field, epoch: w.epoch, seq: w.seq, at });
      q.touchDoc.run({ id, at });
      q.putField[field]?.run({ id, value: w.value });
      return { ok: true, key: { epoch: w.epoch, seq: w.seq, updatedAt: at } };
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

  /** @param {any} row @returns {Item} */
  const toItem = (row) => ({ ...row, inStock: row.inStock === 1 });
  /** @param {string} list @returns {Item[]} */
  const getItems = (list) => q.getItems.all(list).map(toItem);

  /**
   * @param {string} list @param {string} item @param {ItemWrite} w @param {Outcome} outcome @param {boolean} abandoned
   * @param {number} receivedAt when the request arrived (the server then waits its latency) @param {number} at when it was decided
   */
  const logItem = (list, item, w, outcome, abandoned, receivedAt, at) =>
    q.logItemWrite.run({ list, item, ...w, inStock: w.inStock ? 1 : 0, outcome, abandoned: abandoned ? 1 : 0, receivedAt, at });

  const openList = db.transaction(
    /** @param {string} list @returns {{ epoch: number, items: Item[] }} */
    (list) => {
      if (/** @type {{ n: number }} */ (q.countItems.get(list)).n === 0) {
        SEED_ITEMS.forEach(([item, name, price, inStock], position) => q.seedItem.run(list, item, position, name, price, inStock ? 1 : 0));
      }
      const { value } = /** @type {{ value: number }} */ (q.nextEpoch.get());
      return { epoch: value, items: getItems(list) };
    },
  );

  const writeItem = db.transaction(
    /**
     * @param {string} list
     * @param {string} item
     * @param {ItemWrite} w
     * @param {boolean} abandoned the page had stopped waiting for the answer (it aborted the request)
     * @param {number} [receivedAt] when the request arrived
     * @returns {{ ok: true, item: Item } | { ok: false, stored: Item | undefined }}
     */
    (list, item, w, abandoned = false, receivedAt = Date.now()) => {
      const at = Date.now();
      const raw = q.getItem.get(list, item);
      if (!raw) return { ok: false, stored: undefined };
      const stored = toItem(raw);
      const newer = w.epoch > stored.epoch || (w.epoch === stored.epoch && w.seq > stored.seq);
      logItem(list, item, w, newer ? 'committed' : 'refused', abandoned, receivedAt, at);
      if (!newer) return { ok: false, stored };
      q.putItem.run({ list, item, price: w.price, inStock: w.inStock ? 1 : 0, epoch: w.epoch, seq: w.seq, at });
      return { ok: true, item: toItem(q.getItem.get(list, item)) };
    },
  );

  return {
    /** Opens a price list for a page load: a fresh epoch and its rows (the seed rows on its first open). */
    openList,
    /** The rows of a price list, in their order; [] for a list never opened. */
    getItems,
    /** Saves one row (price and in stock) if (epoch, seq) is newer than that row's key; see above. */
    writeItem,
    /** Logs a row write that the server failed on purpose (the failure rate): nothing was stored. */
    logItemFailure(/** @type {string} */ list, /** @type {string} */ item, /** @type {ItemWrite} */ w, abandoned = false, receivedAt = Date.now()) {
      logItem(list, item, w, 'failed', abandoned, receivedAt, Date.now());
    },
    /** @param {string} list @param {number} limit */
    itemWrites(list, limit) {
      const counts = { committed: 0, refused: 0, failed: 0 };
      for (const row of /** @type {{ outcome: Outcome, n: number }[]} */ (q.countItemWrites.all(list))) counts[row.outcome] = row.n;
      const recent = /** @type {any[]} */ (q.recentItemWrites.all(list, limit));
      return {
        ...counts,
        recent: /** @type {ItemWriteRow[]} */ (recent.map((w) => ({ ...w, inStock: w.inStock === 1, abandoned: w.abandoned === 1 }))),
      };
    },
    /** Hands a page load its epoch (see above) with the stored document. */
    open(/** @type {string} */ id) {
      const { value } = /** @type {{ value: number }} */ (q.nextEpoch.get());
      return { epoch: value, doc: getDoc(id) };
    },
    /** The largest epoch handed out so far: a write claiming a bigger one is forged. */
    lastEpoch: () => /** @type {{ value: number }} */ (q.lastEpoch.get()).value,
    getDoc,
    write,
    /** Logs a write that the server failed on purpose (the failure rate): nothing was stored. */
    logFailure(/** @type {string} */ id, /** @type {Field} */ field, /** @type {FieldWrite} */ w, abandoned = false) {
      log(id, field, w, 'failed', abandoned, Date.now());
    },
    /** @param {string} id @param {number} limit */
    writes(id, limit) {
      const counts = { committed: 0, refused: 0, failed: 0 };
      for (const row of /** @type {{ outcome: Outcome, n: number }[]} */ (q.countWrites.all(id))) counts[row.outcome] = row.n;
      const recent = /** @type {(Omit<WriteRow, 'abandoned'> & { abandoned: number })[]} */ (q.recentWrites.all(id, limit));
      return { ...counts, recent: recent.map((w) => ({ ...w, abandoned: w.abandoned === 1 })) };
    },
    publish,
    close: () => db.close(),
  };
}
