// @ts-check
// The demo's HTTP server, on node:http alone: the built page (examples/dist) and a small JSON API.
//
//   POST /api/docs/:id/open     a page load opens a document: { epoch, doc } (see store.mjs for the epoch)
//   GET  /api/docs/:id          the stored document: { title, body, updatedAt, fields: { title: { epoch, seq,
//                               updatedAt }, body: … } } or 404
//   PUT  /api/docs/:id/fields/:field
//                               save one field (title or body): { value, epoch, seq, trigger?, attempt? };
//                               ?latency=ms&failRate=0..1 simulate a slow, flaky network; 409 when (epoch, seq)
//                               is not newer than that field's stored key (the other fields are not looked at)
//   GET  /api/docs/:id/writes   every write the server decided: counts of committed/refused/failed, latest first
//   POST /api/docs/:id/publish  publish the stored document as a new version; ?latency=ms&fail=1
//   POST /api/lists/:id/open    a page load opens a price list: { epoch, items } (8 seed rows on its first open)
//   GET  /api/lists/:id         the stored rows: { items: [{ id, name, price (cents), inStock, epoch, seq,
//                               updatedAt }] } or 404
//   PUT  /api/lists/:id/items/:item
//                               save one row: { price, inStock, epoch, seq, trigger?, attempt? }; ?latency and
//                               ?failRate as for fields; 409 when (epoch, seq) is not newer than that row's key
//   GET  /api/lists/:id/writes  every row write the server decided, as for documents, with the time it arrived
//   GET  /api/search?q=         emoji search; short queries answer slowly on purpose (searchLatency)
//   GET  /api/stats             requests in flight and the latest searches, for watching and for the tests
//
// The server never stops work because the client went away: an aborted request still reaches the
// database, as it can in real life. That is the case the (epoch, seq) check exists for. The write log notes
// whether the page had already given up on a write (aborted it) when the server decided it.
//
// The failure rate fails exactly that share of each field's (and each price-list row's) writes, spread evenly rather than at random
// (50 %: every other write, the first one included; 25 %: every fourth), so that what the page does about it
// (retry, then give up) can be watched, and tested, the same way every time.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadEmojiIndex } from './emoji.mjs';
import { FIELDS, openStore } from './store.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
export const defaults = {
  distDir: resolve(here, '../dist'),
  dataDir: resolve(here, '../../demo-data'),
  dataFile: resolve(here, '../data/emoji-en-US.json'),
};

/** Milliseconds the search answers after: 1300 ms for one letter, 300 ms less per extra letter, 60 ms at least. */
export const searchLatency = (/** @type {string} */ q) => Math.max(60, 1300 - 300 * (q.trim().length - 1));

const MAX_BODY = 256 * 1024;
const MAX_LATENCY = 10_000;
const types = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
});

class HttpError extends Error {
  /** @param {number} status @param {string} message @param {object} [extra] */
  constructor(status, message, extra) {
    super(message);
    this.status = status;
    this.extra = extra;
  }
}

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** @param {URLSearchParams} params @param {string} name @param {number} max */
function numberParam(params, name, max) {
  const raw = params.get(name);
  if (raw === null || raw === '') return 0;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > max) throw new HttpError(400, `${name} must be a number from 0 to ${max}`);
  return n;
}

/** @param {import('node:http').IncomingMessage} req @returns {Promise<any>} */
async function readJson(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'Request body too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'Request body is not JSON');
  }
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
function sendJson(res, status, body) {
  if (res.destroyed) return; // the client went away; nobody reads this answer
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * @param {{ dataDir?: string, distDir?: string, dataFile?: string }} [options]
 */
export function createDemoServer(options = {}) {
  const { dataDir, distDir, dataFile } = { ...defaults, ...options };
  const store = openStore(dataDir);
  const emoji = loadEmojiIndex(dataFile);
  const stats = {
    writesInFlight: 0,
    /** Price-list row writes on their way (counted apart, so that the document tests see only theirs). */
    rowWritesInFlight: 0,
    publishesInFlight: 0,
    search: {
      started: 0,
      finished: 0,
      inFlight: 0,
      /** @type {{ q: string, latency: number, startedAt: number, finishedAt?: number, clientGone?: boolean }[]} */
      recent: [],
    },
  };

  /** @param {string} id */
  const checkId = (id) => {
    if (!/^[\w-]{1,64}$/.test(id)) throw new HttpError(400, 'A document id is 1 to 64 letters, digits, _ or -');
    return id;
  };

  /** @param {string} field @returns {import('./store.mjs').Field} */
  const checkField = (field) => {
    const known = FIELDS.find((f) => f === field);
    if (!known) throw new HttpError(404, `No field ${JSON.stringify(field)}: a document has ${FIELDS.join(', ')}`);
    return known;
  };

  /** @param {unknown} w @returns {import('./store.mjs').FieldWrite} */
  const checkWrite = (w) => {
    const { value, epoch, seq, trigger = null, attempt = 1 } = /** @type {any} */ (w ?? {});
    if (typeof value !== 'string') throw new HttpError(400, 'value must be a string');
    if (!Number.isSafeInteger(epoch) || epoch < 1 || !Number.isSafeInteger(seq) || seq < 1) {
      throw new HttpError(400, 'epoch and seq must be positive integers');
    }
    if (trigger !== null && !['delay', 'maxWait', 'flush', 'hidden', 'unmount'].includes(trigger)) {
      throw new HttpError(400, 'trigger must be delay, maxWait, flush, hidden or unmount');
    }
    if (!Number.isSafeInteger(attempt) || attempt < 1) throw new HttpError(400, 'attempt must be a positive integer');
    // A made-up epoch from the future would lock every real page load out.
    if (epoch > store.lastEpoch()) throw new HttpError(400, 'Unknown epoch: open the document first');
    return { value, epoch, seq, trigger, attempt };
  };

  /** @param {unknown} w @returns {import('./store.mjs').ItemWrite} */
  const checkItemWrite = (w) => {
    const { price, inStock, epoch, seq, trigger = null, attempt = 1 } = /** @type {any} */ (w ?? {});
    if (!Number.isSafeInteger(price) || price < 0 || price > 9_999_999) {
      throw new HttpError(400, 'price must be a whole number of cents from 0 to 9999999');
    }
    if (typeof inStock !== 'boolean') throw new HttpError(400, 'inStock must be true or false');
    const { value: _, ...key } = checkWrite({ value: '', epoch, seq, trigger, attempt });
    return { price, inStock, ...key };
  };

  /** Per document field (and per price-list row), the failure rate's running total: a write fails each time it reaches 1. */
  const failureCredit = new Map();
  /** @param {string} key @param {number} rate */
  const failsNow = (key, rate) => {
    const credit = (failureCredit.get(key) ?? 0.5) + rate;
    const fail = credit >= 1 - 1e-9;
    failureCredit.set(key, fail ? credit - 1 : credit);
    return fail;
  };

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {URL} url
   */
  async function api(req, res, url) {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    let m;
    if (path === '/api/search' && method === 'GET') {
      const q = (url.searchParams.get('q') ?? '').slice(0, 100);
      /** @type {(typeof stats.search.recent)[number]} */
      const entry = { q, latency: searchLatency(q), startedAt: Date.now(), clientGone: false };
      res.on('close', () => (entry.clientGone ||= !res.writableFinished));
      stats.search.recent.unshift(entry);
      stats.search.recent.length = Math.min(stats.search.recent.length, 30);
      stats.search.started++;
      stats.search.inFlight++;
      try {
        await sleep(entry.latency);
        const { total, results } = emoji.search(q, 60);
        sendJson(res, 200, { query: q, total, results, latency: entry.latency });
      } finally {
        entry.finishedAt = Date.now();
        stats.search.inFlight--;
        stats.search.finished++;
      }
      return;
    }
    if (path === '/api/stats' && method === 'GET') {
      return sendJson(res, 200, { ...stats, dataSet: { emoji: emoji.size, keywords: emoji.keywordCount } });
    }
    if ((m = /^\/api\/docs\/([^/]+)\/open$/.exec(path)) && method === 'POST') {
      return sendJson(res, 200, store.open(checkId(decodeURIComponent(m[1] ?? ''))));
    }
    if ((m = /^\/api\/docs\/([^/]+)\/writes$/.exec(path)) && method === 'GET') {
      const limit = Math.min(200, Math.max(1, Number(url.searchParams.get('limit')) || 20));
      return sendJson(res, 200, store.writes(checkId(decodeURIComponent(m[1] ?? '')), limit));
    }
    if ((m = /^\/api\/docs\/([^/]+)\/publish$/.exec(path)) && method === 'POST') {
      const id = checkId(decodeURIComponent(m[1] ?? ''));
      const latency = numberParam(url.searchParams, 'latency', MAX_LATENCY);
      const fail = url.searchParams.get('fail') === '1';
      stats.publishesInFlight++;
      try {
        await sleep(latency);
        if (fail) throw new HttpError(503, 'The publishing service is down (simulated)');
        const published = store.publish(id);
        if (!published) throw new HttpError(404, 'Nothing to publish: save the document first');
        return sendJson(res, 200, published);
      } finally {
        stats.publishesInFlight--;
      }
    }
    if ((m = /^\/api\/docs\/([^/]+)\/fields\/([^/]+)$/.exec(path)) && method === 'PUT') {
      const id = checkId(decodeURIComponent(m[1] ?? ''));
      const field = checkField(decodeURIComponent(m[2] ?? ''));
      const latency = numberParam(url.searchParams, 'latency', MAX_LATENCY);
      const failRate = numberParam(url.searchParams, 'failRate', 1);
      const write = checkWrite(await readJson(req));
      let abandoned = false;
      res.on('close', () => (abandoned ||= !res.writableFinished));
      stats.writesInFlight++;
      try {
        await sleep(latency);
        if (failsNow(`${id}/${field}`, failRate)) {
          store.logFailure(id, field, write, abandoned);
          throw new HttpError(500, 'The server failed on purpose (failure rate)');
        }
        const result = store.write(id, field, write, abandoned);
        if (!result.ok) {
          const { epoch, seq } = result.stored;
          throw new HttpError(409, `A newer ${field} is already saved; reload the page`, { stored: { epoch, seq } });
        }
        const { epoch, seq, updatedAt } = result.key;
        return sendJson(res, 200, { field, epoch, seq, savedAt: updatedAt });
      } finally {
        stats.writesInFlight--;
      }
    }
    if ((m = /^\/api\/lists\/([^/]+)\/open$/.exec(path)) && method === 'POST') {
      return sendJson(res, 200, store.openList(checkId(decodeURIComponent(m[1] ?? ''))));
    }
    if ((m = /^\/api\/lists\/([^/]+)\/writes$/.exec(path)) && method === 'GET') {
      const limit = Math.min(200, Math.max(1, Number(url.searchParams.get('limit')) || 20));
      return sendJson(res, 200, store.itemWrites(checkId(decodeURIComponent(m[1] ?? '')), limit));
    }
    if ((m = /^\/api\/lists\/([^/]+)\/items\/([^/]+)$/.exec(path)) && method === 'PUT') {
      const list = checkId(decodeURIComponent(m[1] ?? ''));
      const item = checkId(decodeURIComponent(m[2] ?? ''));
      const latency = numberParam(url.searchParams, 'latency', MAX_LATENCY);
      const failRate = numberParam(url.searchParams, 'failRate', 1);
      const write = checkItemWrite(await readJson(req));
      const receivedAt = Date.now();
      let abandoned = false;
      res.on('close', () => (abandoned ||= !res.writableFinished));
      stats.rowWritesInFlight++;
      try {
        await sleep(latency);
        if (!store.getItems(list).some((i) => i.id === item)) throw new HttpError(404, `No row ${JSON.stringify(item)} in this list`);
        if (failsNow(`list:${list}/${item}`, failRate)) {
          store.logItemFailure(list, item, write, abandoned, receivedAt);
          throw new HttpError(500, 'The server failed on purpose (failure rate)');
        }
        const result = store.writeItem(list, item, write, abandoned, receivedAt);
        if (!result.ok) {
          const { epoch = 0, seq = 0 } = result.stored ?? {};
          throw new HttpError(409, `A newer save of this row is already stored; reload the page`, { stored: { epoch, seq } });
        }
        const { id, price, inStock, epoch, seq, updatedAt } = result.item;
        return sendJson(res, 200, { item: id, price, inStock, epoch, seq, savedAt: updatedAt });
      } finally {
        stats.rowWritesInFlight--;
      }
    }
    if ((m = /^\/api\/lists\/([^/]+)$/.exec(path)) && method === 'GET') {
      const items = store.getItems(checkId(decodeURIComponent(m[1] ?? '')));
      return items.length ? sendJson(res, 200, { items }) : sendJson(res, 404, { error: 'No such list' });
    }
    if ((m = /^\/api\/docs\/([^/]+)$/.exec(path)) && method === 'GET') {
      const doc = store.getDoc(checkId(decodeURIComponent(m[1] ?? '')));
      return doc ? sendJson(res, 200, doc) : sendJson(res, 404, { error: 'No such document' });
    }
    throw new HttpError(404, `No API route for ${method} ${path}`);
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url */
  function serveFile(req, res, url) {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'Method not allowed');
    if (!existsSync(join(distDir, 'index.html'))) {
      throw new HttpError(503, 'The page is not built: run `npm start` (it builds examples/ with Vite)');
    }
    const wanted = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
    const file = resolve(distDir, `.${wanted}`);
    if (!file.startsWith(distDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      throw new HttpError(404, 'Not found');
    }
    res.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'cache-control': wanted.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  }

  const server = createServer(async (req, res) => {
    res.on('error', () => {}); // a client that hung up mid-answer is not the server's problem
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/api/')) await api(req, res, url);
      else serveFile(req, res, url);
    } catch (error) {
      if (error instanceof HttpError) sendJson(res, error.status, { error: error.message, ...error.extra });
      else {
        console.error(error);
        sendJson(res, 500, { error: 'Internal server error' });
      }
    }
  });

  return {
    server,
    store,
    close() {
      server.closeAllConnections();
      server.close();
      store.close();
    },
  };
}

/**
 * Serves the built page and the API on PORT (default 5173; 0 picks a free port) at HOST (default 127.0.0.1),
 * storing data in DATA_DIR (default <repo>/demo-data), and prints the address.
 */
export async function main() {
  const port = Number(process.env.PORT ?? 5173);
  const host = process.env.HOST ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  const dataDir = resolve(process.env.DATA_DIR || defaults.dataDir);
  const demo = createDemoServer({ dataDir });
  await new Promise((resolveListen, reject) => {
    demo.server.once('error', reject);
    demo.server.listen(port, host, () => resolveListen(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (demo.server.address());
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  console.log(`react-last-task demo: http://${shown}:${address.port}/`);
  console.log(`data: ${join(dataDir, 'demo.sqlite')} · press Ctrl+C to stop`);
  const stop = () => {
    demo.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(error?.code === 'EADDRINUSE' ? `Port ${process.env.PORT ?? 5173} is in use: set PORT to another one.` : error);
    process.exit(1);
  });
}
