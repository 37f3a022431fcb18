// @ts-check
// Ordering probe: CLIENTS concurrent clients send WRITES writes each to one field (and to one price-list
// row), with distinct keys shuffled across clients, to the demo server on 127.0.0.1. The store must end
// with the greatest key and its value, have committed each key at most once, in increasing key order, and
// answer every write 200 or 409. Bounded: CLIENTS × WRITES requests, then it stops.
//   node examples/server/probes/ordering.mjs [clients=20] [writes=100]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agent, send, shuffle, startServer } from './lib.mjs';

const CLIENTS = Number(process.argv[2] ?? 20);
const WRITES = Number(process.argv[3] ?? 100);
const dataDir = mkdtempSync(join(tmpdir(), 'last-task-probe-'));
const { port, child } = await startServer(dataDir);

try {
  const base = Date.now() * 1000;
  const total = CLIENTS * WRITES;
  await send(port, 'POST', '/api/lists/probe/open');
  for (const target of ['field', 'row']) {
    const keys = shuffle(
      Array.from({ length: total }, (_, i) => base + i + 1),
      target === 'field' ? 1 : 2,
    );
    const answers = { 200: 0, 409: 0, other: 0 };
    /** @type {number[]} keys answered 200 */
    const acked = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (const key of keys.slice(c * WRITES, (c + 1) * WRITES)) {
          const { status } =
            target === 'field'
              ? await send(port, 'PUT', '/api/docs/probe/fields/body', { value: `v${key}`, key })
              : await send(port, 'PUT', '/api/lists/probe/items/espresso', {
                  price: key - base,
                  inStock: key % 2 === 0,
                  key,
                });
          if (status === 200) {
            answers[200]++;
            acked.push(key);
          } else if (status === 409) answers[409]++;
          else answers.other++;
        }
      }),
    );
    const max = base + total;
    let storedKey, storedOk;
    let counts;
    if (target === 'field') {
      const doc = (await send(port, 'GET', '/api/docs/probe')).json;
      storedKey = doc.fields.body.key;
      storedOk = doc.body === `v${storedKey}`;
      counts = (await send(port, 'GET', '/api/docs/probe/writes?limit=200')).json;
    } else {
      const row = (await send(port, 'GET', '/api/lists/probe')).json.items.find(
        (/** @type {any} */ i) => i.id === 'espresso',
      );
      storedKey = row.key;
      storedOk = row.price === storedKey - base && row.inStock === (storedKey % 2 === 0);
      counts = (await send(port, 'GET', '/api/lists/probe/writes?limit=200')).json;
    }
    /** @type {{ outcome: string, key: number }[]} */
    const recent = counts.recent;
    const committedKeys = recent
      .filter((w) => w.outcome === 'committed')
      .map((w) => w.key)
      .reverse();
    const increasing = committedKeys.every((k, i) => i === 0 || k > /** @type {number} */ (committedKeys[i - 1]));
    const duplicated = acked.length - new Set(acked).size;
    // A write answered 200 whose key is above the stored one would be a write lost.
    const lost = acked.filter((k) => k > storedKey).length;
    console.log(
      `${target}: ${CLIENTS} clients × ${WRITES} writes, shuffled keys: ${answers[200]} answered 200, ${answers[409]} 409, ` +
        `${answers.other} other; server totals ${counts.committed} committed, ${counts.refused} refused; ` +
        `writes lost ${lost}, duplicated ${duplicated}; highest key stored: ${storedKey === max ? 'yes' : `NO (${storedKey - base} of ${total})`}` +
        `, its value: ${storedOk ? 'yes' : 'NO'}; committed keys increasing in the log's last 200: ${increasing ? 'yes' : 'NO'}`,
    );
    if (
      lost ||
      duplicated ||
      storedKey !== max ||
      !storedOk ||
      !increasing ||
      answers.other ||
      counts.committed !== answers[200]
    )
      process.exitCode = 1;
  }
} finally {
  agent.destroy();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
