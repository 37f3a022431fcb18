// @ts-check
// The demo's document store: SQLite through better-sqlite3 (synchronous, one connection, WAL).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** The fields of a document. Each is saved on its own, with its own ordering key (see below). */
export const FIELDS = /** @type {const} */ (['title', 'body']);

/**
 * @typedef {(typeof FIELDS)[number]} Field
 * @typedef {{ key: number, updatedAt: number }} FieldKey
 * @typedef {{ title: string, body: string, updatedAt: number, fields: Partial<Record<Field, FieldKey>> }} StoredDoc
 * @typedef {'committed' | 'repeated' | 'refused' | 'conflict' | 'failed'} Outcome
 * @typedef {{ id: number, field: string, key: number, seq: number | null, value: string, trigger: string | null,
 *   attempt: number, outcome: Outcome, abandoned: boolean, at: number }} WriteRow
 * @typedef {{ value: string, key: number, seq: number | null, trigger: string | null, attempt: number }} FieldWrite
 * @typedef {{ version: number, title: string, words: number, publishedAt: number }} Publication
 * @typedef {{ id: string, name: string, price: number, inStock: boolean, key: number, updatedAt: number | null }} Item
 * @typedef {{ price: number, inStock: boolean, key: number, seq: number | null, trigger: string | null, attempt: number }} ItemWrite
 * @typedef {{ id: number, item: string, key: number, seq: number | null, price: number, inStock: boolean,
 *   trigger: string | null, attempt: number, outcome: Outcome, abandoned: boolean, receivedAt: number, at: number }} ItemWriteRow
 * @typedef {Record<Outcome, number>} Counts
 * @typedef {{ ok: true, repeated: boolean, key: FieldKey }
 *   | { ok: false, conflict: boolean, stored: FieldKey }} WriteResult
 * @typedef {{ ok: true, repeated: boolean, item: Item }
 *   | { ok: false, conflict: boolean, stored: Item | undefined }} ItemWriteResult
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

/** How many writes the log keeps per document and per price list: the latest ones (older rows are deleted). */
export const LOG_LIMIT = 200;

/*
 * How writes are ordered: each field of a document, and each row of a price list, stores the greatest
 * ordering key of the writes committed to it, and a write is committed only if its key is greater.
 *
 * The key is the page's `ctx.key` (react-last-task): a safe integer issued when the page called run() for
 * that save, counting microseconds since 1970 (Date.now() * 1000, one more where that is not more), the
 * same for every retry of that save, and increasing across the page loads and tabs of one browser. The
 * write is one conditional statement (an upsert `… DO UPDATE … WHERE excluded.key > doc_fields.key` for a
 * field, `UPDATE list_items … WHERE … AND key < @key` for a row), so two writes racing each other cannot
 * both pass the comparison: SQLite decides which one commits. The other fields and rows are not looked at:
 * a title save never refuses a body save. A write whose key is not greater is answered:
 *  - 200 as if it had just been committed when the stored key *and value* are the ones it carries: it is
 *    a retry of a write whose answer was lost (the connection dropped after the commit). Logged 'repeated'.
 *  - 409 when the stored key is the same but the value differs ('conflict': one key was used for two
 *    values, which a page never does), or the stored key is greater ('refused': a newer write is stored).
 * What this gives:
 *  - Within one page load a later save wins: a save that the page aborted (restart mode) but that reaches
 *    the server after a newer save of the same field carries the smaller key and is refused.
 *  - A reload is never locked out: its keys are greater than the keys of the earlier load (same clock), and
 *    the page calls observeKey() with every stored key it loads, so even a device whose clock is behind the
 *    writer's orders its next edit after the version it has seen. A slow request of the earlier load that
 *    lands after the reload's first save carries an older key and is refused.
 *  - Two tabs of one browser: whichever save run() later wins, whatever order the requests land in.
 * Its limits, honestly:
 *  - Two devices are ordered by their clocks. If device B's clock is 5 minutes behind A's, B's edits made
 *    without loading A's version first lose to A's saves of the last 5 minutes (409), and a late request of
 *    A can win over B. observeKey() on load covers "I edited what I saw" (B loads A's version, then edits:
 *    B's keys are greater); it cannot order edits made at the same time on two devices that have not seen
 *    each other's versions. That needs merging, or a version check (compare-and-swap on what was loaded).
 *  - A key from a clock far in the future would win over everything until that time: the server refuses
 *    keys above its own clock + 24 h (400), which bounds the damage a wrong clock can do to a day.
 *
 * One schema, created with the data file. PRAGMA user_version marks it: a data file without that mark (an
 * earlier demo's) is not migrated but replaced by a fresh one, and the server says so when it starts.
 */
const SCHEMA_VERSION = 4;

const SCHEMA = `
  CREATE TABLE doc_fields (
    doc_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, key INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    PRIMARY KEY (doc_id, field)) WITHOUT ROWID;
  CREATE TABLE field_writes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL, field TEXT NOT NULL,
    key INTEGER NOT NULL, seq INTEGER, value TEXT NOT NULL, trigger TEXT, attempt INTEGER NOT NULL DEFAULT 1,
    outcome TEXT NOT NULL CHECK (outcome IN ('committed', 'repeated', 'refused', 'conflict', 'failed')),
    abandoned INTEGER NOT NULL DEFAULT 0, at INTEGER NOT NULL);
  CREATE INDEX field_writes_by_doc ON field_writes (doc_id, id);
  CREATE TABLE publications (
    id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL, version INTEGER NOT NULL,
    title TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL);
  CREATE TABLE list_items (
    list_id TEXT NOT NULL, item_id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,
    price INTEGER NOT NULL, in_stock INTEGER NOT NULL, key INTEGER NOT NULL DEFAULT 0, updated_at INTEGER,
    PRIMARY KEY (list_id, item_id));
  CREATE TABLE item_writes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, list_id TEXT NOT NULL, item_id TEXT NOT NULL,
    key INTEGER NOT NULL, seq INTEGER, price INTEGER NOT NULL, in_stock INTEGER NOT NULL, trigger TEXT,
    attempt INTEGER NOT NULL DEFAULT 1,
    outcome TEXT NOT NULL CHECK (outcome IN ('committed', 'repeated', 'refused', 'conflict', 'failed')),
    abandoned INTEGER NOT NULL DEFAULT 0, received_at INTEGER NOT NULL, at INTEGER NOT NULL);
  CREATE INDEX item_writes_by_list ON item_writes (list_id, id);
  -- The log's totals per document ('doc') and per price list ('list'): the log itself keeps only the latest writes.
  CREATE TABLE write_counts (
    log TEXT NOT NULL, owner TEXT NOT NULL, outcome TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (log, owner, outcome)) WITHOUT ROWID;
`;

/** The file's name in the data folder. */
export const DATA_FILE = 'demo.sqlite';

/** @param {string} file */
function openDatabase(file) {
  let db = new Database(file);
  db.pragma('journal_mode = WAL');
  const version = /** @type {number} */ (db.pragma('user_version', { simple: true }));
  if (version === SCHEMA_VERSION) return db;
  const { n } = /** @type {{ n: number }} */ (
    db.prepare(`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'`).get()
  );
  if (n > 0) {
    console.warn(
      `demo: ${file} has schema version ${version}, from an earlier demo of another schema: ` +
        `recreating it empty (schema version ${SCHEMA_VERSION}).`,
    );
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    db = new Database(file);
    db.pragma('journal_mode = WAL');
  }
  db.transaction(() => {
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
  return db;
}

/** @param {string} dataDir */
export function openStore(dataDir) {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(join(dataDir, DATA_FILE));
  // Every commit is on disk before the server answers: an acknowledged write survives a crash (and power loss).
  db.pragma('synchronous = FULL');

  const q = {
    getFields: db.prepare(`SELECT field, value, key, updated_at AS updatedAt FROM doc_fields WHERE doc_id = ?`),
    getField: db.prepare(`SELECT value, key, updated_at AS updatedAt FROM doc_fields WHERE doc_id = ? AND field = ?`),
    // The whole ordering decision, in one statement: committed if and only if the key is greater than the stored one.
    putField: db.prepare(`
      INSERT INTO doc_fields (doc_id, field, value, key, updated_at) VALUES (@id, @field, @value, @key, @at)
      ON CONFLICT (doc_id, field) DO UPDATE SET value = excluded.value, key = excluded.key, updated_at = excluded.updated_at
      WHERE excluded.key > doc_fields.key`),
    logWrite: db.prepare(`
      INSERT INTO field_writes (doc_id, field, key, seq, value, trigger, attempt, outcome, abandoned, at)
      VALUES (@id, @field, @key, @seq, @value, @trigger, @attempt, @outcome, @abandoned, @at)`),
    // The log keeps the latest LOG_LIMIT writes of each document: the ones before them are deleted.
    trimWrites: db.prepare(`
      DELETE FROM field_writes WHERE doc_id = @id
        AND id < (SELECT id FROM field_writes WHERE doc_id = @id ORDER BY id DESC LIMIT 1 OFFSET ${LOG_LIMIT - 1})`),
    recentWrites: db.prepare(`
      SELECT id, field, key, seq, value, trigger, attempt, outcome, abandoned, at
      FROM field_writes WHERE doc_id = ? ORDER BY id DESC LIMIT ?`),
    count: db.prepare(`
      INSERT INTO write_counts (log, owner, outcome, n) VALUES (?, ?, ?, 1)
      ON CONFLICT (log, owner, outcome) DO UPDATE SET n = n + 1`),
    counts: db.prepare(`SELECT outcome, n FROM write_counts WHERE log = ? AND owner = ?`),
    lastVersion: db.prepare(`SELECT COALESCE(MAX(version), 0) AS version FROM publications WHERE doc_id = ?`),
    publish: db.prepare(`INSERT INTO publications (doc_id, version, title, body, at) VALUES (?, ?, ?, ?, ?)`),
    countItems: db.prepare(`SELECT COUNT(*) AS n FROM list_items WHERE list_id = ?`),
    seedItem: db.prepare(`
      INSERT INTO list_items (list_id, item_id, position, name, price, in_stock) VALUES (?, ?, ?, ?, ?, ?)`),
    getItems: db.prepare(`
      SELECT item_id AS id, name, price, in_stock AS inStock, key, updated_at AS updatedAt
      FROM list_items WHERE list_id = ? ORDER BY position`),
    getItem: db.prepare(`
      SELECT item_id AS id, name, price, in_stock AS inStock, key, updated_at AS updatedAt
      FROM list_items WHERE list_id = ? AND item_id = ?`),
    // As for fields: one conditional statement decides.
    putItem: db.prepare(`
      UPDATE list_items SET price = @price, in_stock = @inStock, key = @key, updated_at = @at
      WHERE list_id = @list AND item_id = @item AND key < @key`),
    logItemWrite: db.prepare(`
      INSERT INTO item_writes (list_id, item_id, key, seq, price, in_stock, trigger, attempt, outcome, abandoned, received_at, at)
      VALUES (@list, @item, @key, @seq, @price, @inStock, @trigger, @attempt, @outcome, @abandoned, @receivedAt, @at)`),
    trimItemWrites: db.prepare(`
      DELETE FROM item_writes WHERE list_id = @list
        AND id < (SELECT id FROM item_writes WHERE list_id = @list ORDER BY id DESC LIMIT 1 OFFSET ${LOG_LIMIT - 1})`),
    recentItemWrites: db.prepare(`
      SELECT id, item_id AS item, key, seq, price, in_stock AS inStock, trigger, attempt, outcome, abandoned,
        received_at AS receivedAt, at
      FROM item_writes WHERE list_id = ? ORDER BY id DESC LIMIT ?`),
  };

  /** @param {'doc' | 'list'} log @param {string} owner @returns {Counts} */
  const counts = (log, owner) => {
    /** @type {Counts} */
    const all = { committed: 0, repeated: 0, refused: 0, conflict: 0, failed: 0 };
    for (const row of /** @type {{ outcome: Outcome, n: number }[]} */ (q.counts.all(log, owner)))
      all[row.outcome] = row.n;
    return all;
  };

  /** @param {string} id @returns {StoredDoc | undefined} */
  const getDoc = (id) => {
    const rows = /** @type {{ field: Field, value: string, key: number, updatedAt: number }[]} */ (q.getFields.all(id));
    if (rows.length === 0) return undefined;
    /** @type {StoredDoc} */
    const doc = { title: '', body: '', updatedAt: 0, fields: {} };
    for (const { field, value, key, updatedAt } of rows) {
      doc[field] = value;
      doc.fields[field] = { key, updatedAt };
      doc.updatedAt = Math.max(doc.updatedAt, updatedAt);
    }
    return doc;
  };

  /** @param {string} id @param {Field} field @param {FieldWrite} w @param {Outcome} outcome @param {boolean} abandoned @param {number} at */
  const log = (id, field, w, outcome, abandoned, at) => {
    q.logWrite.run({ id, field, ...w, outcome, abandoned: abandoned ? 1 : 0, at });
    q.trimWrites.run({ id });
    q.count.run('doc', id, outcome);
  };

  const write = db.transaction(
    /**
     * @param {string} id
     * @param {Field} field
     * @param {FieldWrite} w
     * @param {boolean} abandoned the page had stopped waiting for the answer (it aborted the request)
     * @returns {WriteResult}
     */
    (id, field, w, abandoned = false) => {
      const at = Date.now();
      if (q.putField.run({ id, field, value: w.value, key: w.key, at }).changes === 1) {
        log(id, field, w, 'committed', abandoned, at);
        return { ok: true, repeated: false, key: { key: w.key, updatedAt: at } };
      }
      // Not committed: the stored key is at least as great. Only the answer depends on what is stored.
      const stored = /** @type {{ value: string, key: number, updatedAt: number }} */ (q.getField.get(id, field));
      const same = stored.key === w.key;
      const repeated = same && stored.value === w.value;
      log(id, field, w, repeated ? 'repeated' : same ? 'conflict' : 'refused', abandoned, at);
      const key = { key: stored.key, updatedAt: stored.updatedAt };
      return repeated ? { ok: true, repeated, key } : { ok: false, conflict: same, stored: key };
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
  const logItem = (list, item, w, outcome, abandoned, receivedAt, at) => {
    q.logItemWrite.run({
      list,
      item,
      ...w,
      inStock: w.inStock ? 1 : 0,
      outcome,
      abandoned: abandoned ? 1 : 0,
      receivedAt,
      at,
    });
    q.trimItemWrites.run({ list });
    q.count.run('list', list, outcome);
  };

  const openList = db.transaction(
    /** @param {string} list @returns {{ items: Item[] }} */
    (list) => {
      if (/** @type {{ n: number }} */ (q.countItems.get(list)).n === 0) {
        SEED_ITEMS.forEach(([item, name, price, inStock], position) =>
          q.seedItem.run(list, item, position, name, price, inStock ? 1 : 0),
        );
      }
      return { items: getItems(list) };
    },
  );

  const writeItem = db.transaction(
    /**
     * @param {string} list
     * @param {string} item
     * @param {ItemWrite} w
     * @param {boolean} abandoned the page had stopped waiting for the answer (it aborted the request)
     * @param {number} [receivedAt] when the request arrived
     * @returns {ItemWriteResult}
     */
    (list, item, w, abandoned = false, receivedAt = Date.now()) => {
      const at = Date.now();
      const inStock = w.inStock ? 1 : 0;
      if (q.putItem.run({ list, item, price: w.price, inStock, key: w.key, at }).changes === 1) {
        logItem(list, item, w, 'committed', abandoned, receivedAt, at);
        return { ok: true, repeated: false, item: toItem(q.getItem.get(list, item)) };
      }
      const raw = q.getItem.get(list, item);
      if (!raw) return { ok: false, conflict: false, stored: undefined };
      const stored = toItem(raw);
      const same = stored.key === w.key;
      const repeated = same && stored.price === w.price && stored.inStock === w.inStock;
      logItem(list, item, w, repeated ? 'repeated' : same ? 'conflict' : 'refused', abandoned, receivedAt, at);
      return repeated ? { ok: true, repeated, item: stored } : { ok: false, conflict: same, stored };
    },
  );

  return {
    /** Opens a price list for a page load: its rows with their keys (the seed rows on its first open). */
    openList,
    /** The rows of a price list, in their order; [] for a list never opened. */
    getItems,
    /** Saves one row (price and in stock) if its key is greater than that row's; see above. */
    writeItem,
    /** Logs a row write that the server failed on purpose (the failure rate): nothing was stored. */
    logItemFailure(
      /** @type {string} */ list,
      /** @type {string} */ item,
      /** @type {ItemWrite} */ w,
      abandoned = false,
      receivedAt = Date.now(),
    ) {
      db.transaction(() => logItem(list, item, w, 'failed', abandoned, receivedAt, Date.now()))();
    },
    /** The list's write totals and its latest `limit` writes (the log keeps LOG_LIMIT). @param {string} list @param {number} limit */
    itemWrites(list, limit) {
      const recent = /** @type {any[]} */ (q.recentItemWrites.all(list, limit));
      return {
        ...counts('list', list),
        recent: /** @type {ItemWriteRow[]} */ (
          recent.map((w) => ({ ...w, inStock: w.inStock === 1, abandoned: w.abandoned === 1 }))
        ),
      };
    },
    /** The stored document with each field's key, for a page load to edit (and to observeKey() them). */
    open(/** @type {string} */ id) {
      return { doc: getDoc(id) ?? null };
    },
    getDoc,
    write,
    /** Logs a write that the server failed on purpose (the failure rate): nothing was stored. */
    logFailure(/** @type {string} */ id, /** @type {Field} */ field, /** @type {FieldWrite} */ w, abandoned = false) {
      db.transaction(() => log(id, field, w, 'failed', abandoned, Date.now()))();
    },
    /** The document's write totals and its latest `limit` writes (the log keeps LOG_LIMIT). @param {string} id @param {number} limit */
    writes(id, limit) {
      const recent = /** @type {(Omit<WriteRow, 'abandoned'> & { abandoned: number })[]} */ (
        q.recentWrites.all(id, limit)
      );
      return { ...counts('doc', id), recent: recent.map((w) => ({ ...w, abandoned: w.abandoned === 1 })) };
    },
    publish,
    close: () => db.close(),
  };
}
