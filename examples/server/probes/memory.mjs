// @ts-check
// Memory probe: N writes (default 20,000), each to a document of its own, with a failure rate (the case that
// made the server keep one in-memory counter per document and field), to the demo server on 127.0.0.1.
// Prints the server's resident memory before and after (Linux /proc) and its failure-counter count. Bounded.
//   node examples/server/probes/memory.mjs [writes=20000]
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agent, send, startServer } from './lib.mjs';

const N = Number(process.argv[2] ?? 20_000);
const dataDir = mkdtempSync(join(tmpdir(), 'last-task-memory-'));
const { port, child } = await startServer(dataDir);
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024;
try {
  // Warm up (the first requests load code and fill caches), then measure.
  for (let i = 0; i < 500; i++)
    await send(port, 'PUT', `/api/docs/warm${i}/fields/title?failRate=0.25`, { value: 'x', key: Date.now() * 1000 });
  const before = rss();
  const clients = 8;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = c; i < N; i += clients) {
        await send(port, 'PUT', `/api/docs/m${i}/fields/title?failRate=0.25`, { value: 'x', key: Date.now() * 1000 });
      }
    }),
  );
  const after = rss();
  const { failureCounters } = (await send(port, 'GET', '/api/stats')).json;
  console.log(
    `${N} writes to distinct documents (failure rate 25 %): RSS ${before.toFixed(1)} MB → ${after.toFixed(1)} MB (${(after - before).toFixed(1)} MB); failure counters kept: ${failureCounters}`,
  );
} finally {
  agent.destroy();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
