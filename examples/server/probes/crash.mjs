// @ts-check
// Crash probe: ROUNDS times, start the demo server on one data folder, have CLIENTS clients write to their
// own document (increasing keys), and kill -9 the server once ACKS writes have been acknowledged (200). Then
// check the SQLite file: PRAGMA integrity_check, and every acknowledged write is stored (the stored key of
// each field is at least the last acknowledged one, with its value when equal). Bounded: ROUNDS rounds.
//   node examples/server/probes/crash.mjs [rounds=5] [acks=300]
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agent, send, startServer } from './lib.mjs';

const Database = createRequire(fileURLToPath(new URL('../../package.json', import.meta.url)))('better-sqlite3');
const ROUNDS = Number(process.argv[2] ?? 5);
const ACKS = Number(process.argv[3] ?? 300);
const CLIENTS = 8;
const dataDir = mkdtempSync(join(tmpdir(), 'last-task-crash-'));
/** Per document and field, the last acknowledged write: [key, value]. */
const acked = new Map();
let failures = 0;

try {
  for (let round = 1; round <= ROUNDS; round++) {
    const { port, child } = await startServer(dataDir);
    let acks = 0;
    let killed = false;
    const exited = new Promise((r) => child.once('exit', r));
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const doc = `crash${c}`;
        for (let i = 0; !killed; i++) {
          const field = i % 2 ? 'title' : 'body';
          const key = Date.now() * 1000 + i;
          const value = `round ${round} client ${c} write ${i}`;
          try {
            const { status } = await send(port, 'PUT', `/api/docs/${doc}/fields/${field}`, { value, key });
            if (status !== 200) throw new Error(`HTTP ${status}`);
            acked.set(`${doc}/${field}`, [key, value]);
            if (++acks === ACKS && !killed) {
              killed = true;
              child.kill('SIGKILL');
            }
          } catch (error) {
            if (!killed) throw error; // only requests cut by the kill may fail
          }
        }
      }),
    );
    await exited;
    agent.destroy();
    const db = new Database(join(dataDir, 'demo.sqlite'));
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      let missing = 0;
      for (const [id, [key, value]] of acked) {
        const [doc, field] = id.split('/');
        const row = db.prepare('SELECT key, value FROM doc_fields WHERE doc_id = ? AND field = ?').get(doc, field);
        if (!row || row.key < key || (row.key === key && row.value !== value)) missing++;
      }
      console.log(
        `round ${round}: kill -9 after ${acks} acknowledged writes; integrity_check: ${integrity}; acknowledged writes missing: ${missing} of ${acked.size} fields checked`,
      );
      if (integrity !== 'ok' || missing) failures++;
    } finally {
      db.close();
    }
  }
  console.log(
    failures ? `crash probe: ${failures} of ${ROUNDS} rounds FAILED` : `crash probe: ${ROUNDS} of ${ROUNDS} rounds ok`,
  );
  if (failures) process.exitCode = 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
