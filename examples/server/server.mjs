// @ts-check
// The demo's HTTP server, on node:http alone: the built page (examples/dist) and a small JSON API.
//
//   POST /api/docs/:id/open     a page load opens a document: { doc } with each field's value and stored key
//                               (the page calls observeKey() with them), doc null before its first save
//   GET  /api/docs/:id          the stored document: { title, body, updatedAt, fields: { title: { key,
//                               updatedAt }, body: … } } or 404
//   PUT  /api/docs/:id/fields/:field
//                               save one field (title or body): { value, key, seq?, trigger?, attempt? }, key =
//                               ctx.key; ?latency=ms&failRate=0..1 simulate a slow, flaky network. 200 when
//                               committed, and for a repeat of the committed write (same key, same value); 409
//                               when a greater key is stored, or this key with another value (see store.mjs)
//   GET  /api/docs/:id/writes   the write log: totals per outcome, and the latest writes first (the log keeps
//                               the latest 200 writes of each document)
//   POST /api/docs/:id/publish  publish the stored document as a new version; ?latency=ms&fail=1
//   POST /api/lists/:id/open    a page load opens a price list: { items } with their keys (8 seed rows on its
//                               first open)
//   GET  /api/lists/:id         the stored rows: { items: [{ id, name, price (cents), inStock, key, updatedAt }] }
//                               or 404
//   PUT  /api/lists/:id/items/:item
//                               save one row: { price, inStock, key, seq?, trigger?, attempt? }; ?latency and
//                               ?failRate, 200, 409 as for fields, per row
//   GET  /api/lists/:id/writes  the row-write log, as for documents, with the time each write arrived
//   GET  /api/search?q=         emoji search; short queries answer slowly on purpose (searchLatency)
//
// What the browser tests need (request counters, gates that hold a request) is in testing.mjs, on only with
// DEMO_GATES=1.
//
// The server never stops work because the client went away: an aborted request still reaches the
// database, as it can in real life. That is the case the ordering key exists for. The write log notes
// whether the page had already given up on a write (aborted it) when the server decided it.
//
// What every request goes through first (see `guard`):
//  - Its Host header must be this server's own host:port (127.0.0.1, localhost or [::1], and HOST if set):
//    another name is a DNS-rebinding page talking to us under its own origin. 403.
//  - A request that may change state (anything but GET, HEAD, OPTIONS) must come from this server's own page:
//    its Origin must be the server's origin, or, without Origin, its Sec-Fetch-Site (when sent) must be
//    'same-origin'. Other sites cannot write. A client that sends neither (curl, a script) is let through. 403.
//  - A path with malformed percent-encoding is a 400 that says so; a body over 256 KiB is a 413, after which
//    the server stops reading and closes the connection; a body that is not UTF-8 JSON, a value with a lone
//    surrogate (it could not be stored as sent) and an ordering key out of range are 400s.
//  - Every answer has X-Content-Type-Options: nosniff and a Content-Security-Policy (CSP below).
//
// The failure rate fails exactly that share of each field's (and each price-list row's) writes, spread evenly rather than at random
// (50 %: every other write, the first one included; 25 %: every fourth), so that what the page does about it
// (retry, then give up) can be watched, and tested, the same way every time.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadEmojiIndex } from './emoji.mjs';
import { DATA_FILE, FIELDS, openStore } from './store.mjs';
import { createTesting } from './testing.mjs';

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
/** A key may be at most this far ahead of the server's clock (ms): a page's clock can be off, not by days. */
const MAX_KEY_AHEAD = 24 * 60 * 60 * 1000;
/** The failure-rate counters kept at most (one per field or row written with a failure rate): the oldest go first. */
const MAX_FAILURE_COUNTERS = 1000;
const types = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
});

/**
 * The page's policy: its own scripts, styles and API only (Vite builds one module script and one stylesheet,
 * no inline code); `data:` images for the empty favicon. It goes on every answer (the API's too: harmless).
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'content-security-policy': CSP };

class HttpError extends Error {
  /** @param {number} status @param {string} message @param {object} [extra] @param {boolean} [close] close the connection after */
  constructor(status, message, extra, close = false) {
    super(message);
    this.status = status;
    this.extra = extra;
    this.close = close;
  }
}

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** decodeURIComponent, with a 400 that says what was wrong instead of a URIError (a 500). @param {string} part */
function decodePath(part) {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new HttpError(400, `Malformed percent-encoding in the URL path: ${JSON.stringify(part)}`);
  }
}

/** An unpaired UTF-16 surrogate: SQLite (UTF-8) would store U+FFFD in its place, which is not what was sent. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** @param {URLSearchParams} params @param {string} name @param {number} max */
function numberParam(params, name, max) {
  const raw = params.get(name);
  if (raw === null || raw === '') return 0;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > max) throw new HttpError(400, `${name} must be a number from 0 to ${max}`);
  return n;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a JSON body of at most MAX_BODY bytes. Past that it stops reading (the rest is never read) and
 * answers 413 with the connection closed: the client gets to read the answer before the socket goes.
 * @param {import('node:http').IncomingMessage} req @returns {Promise<any>}
 */
function readJson(req) {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    /** @type {Buffer[]} */
    const chunks = [];
    const onData = (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY) return void chunks.push(chunk);
      // Stop buffering: the rest of the body is thrown away unread (lingeringClose, after the 413).
      req.off('data', onData);
      req.off('end', onEnd);
      req.pause();
      reject(new HttpError(413, `Request body too large: at most ${MAX_BODY} bytes`, undefined, true));
    };
    const onEnd = () => {
      let text;
      try {
        text = utf8.decode(Buffer.concat(chunks));
      } catch {
        return reject(new HttpError(400, 'Request body is not valid UTF-8'));
      }
      try {
        resolveBody(JSON.parse(text));
      } catch {
        reject(new HttpError(400, 'Request body is not JSON'));
      }
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

/** After a 413, the rest of the refused body is thrown away for at most this many bytes and this long. */
const MAX_DISCARD = 64 * 1024 * 1024;
const LINGER_MS = 10_000;

/**
 * Closes the connection after a 413 without resetting it. The client may still be sending the body it is
 * told is too large. Node destroys the socket as soon as a `Connection: close` answer is flushed, and with
 * unread data the kernel then resets the connection while the client is still sending: the client's next
 * write fails and it often never reads the 413 (Node's http client lost it in 6 of 10 tries with a 50 MB
 * body). So the socket only half-closes (FIN) once the answer is out, and the server reads the rest of the
 * body into nothing (no buffering) until the client has sent it all, then closes; a body that goes on for
 * more than MAX_DISCARD bytes or LINGER_MS is cut off (destroyed) anyway.
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
 */
function lingeringClose(req, res) {
  const socket = req.socket;
  // What Node calls once a `Connection: close` answer is finished: here an end (FIN), not a destroy.
  socket.destroySoon = () => void socket.end();
  let left = MAX_DISCARD;
  const close = () => socket.destroy();
  const timer = setTimeout(close, LINGER_MS);
  socket.once('close', () => clearTimeout(timer));
  req.on('data', (/** @type {Buffer} */ chunk) => {
    if ((left -= chunk.length) < 0) close();
  });
  // The client has sent it all: close once the answer is out too (nothing unread, so no reset).
  req.once('end', () => (res.writableFinished ? close() : res.once('finish', close)));
  req.resume();
}

/**
 * @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body
 * @param {boolean} [close] answer with `Connection: close`, then close the connection (lingeringClose)
 */
function sendJson(res, status, body, close = false) {
  if (res.destroyed || res.headersSent) return; // the client went away; nobody reads this answer
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...SECURITY_HEADERS,
    ...(close ? { connection: 'close' } : {}),
  });
  if (close) lingeringClose(res.req, res);
  res.end(JSON.stringify(body));
}

/** Methods that only read. Every other method may change state and must come from the page's own origin. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * @param {{ dataDir?: string, distDir?: string, dataFile?: string, host?: string }} [options]
 */
export function createDemoServer(options = {}) {
  const { dataDir, distDir, dataFile, host } = { ...defaults, ...options };
  const store = openStore(dataDir);
  const emoji = loadEmojiIndex(dataFile);
  /** The names this server answers to (the port is the one it listens on). */
  const hostNames = new Set(['127.0.0.1', 'localhost', '[::1]']);
  if (host && host !== '0.0.0.0' && host !== '::') hostNames.add(host.includes(':') ? `[${host}]` : host.toLowerCase());

  /**
   * Refuses requests from elsewhere (see the header): a foreign Host (DNS rebinding), a state-changing
   * request from another origin. Returns the server's origin as the request names it.
   * @param {import('node:http').IncomingMessage} req
   */
  const guard = (req) => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    const portAt = hostHeader.lastIndexOf(':');
    const name = portAt > 0 ? hostHeader.slice(0, portAt) : hostHeader;
    if (!hostNames.has(name) || hostHeader.slice(portAt + 1) !== String(port)) {
      throw new HttpError(
        403,
        `Unknown Host ${JSON.stringify(req.headers.host ?? '')}: this server answers to ${[...hostNames].map((h) => `${h}:${port}`).join(', ')} only (DNS rebinding)`,
      );
    }
    const own = `http://${hostHeader}`;
    if (SAFE_METHODS.has(req.method ?? 'GET')) return;
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (origin.toLowerCase() !== own) {
        throw new HttpError(403, `Cross-origin ${req.method} refused: Origin ${JSON.stringify(origin)} is not ${own}`);
      }
      return;
    }
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') {
      throw new HttpError(
        403,
        `Cross-site ${req.method} refused: Sec-Fetch-Site is ${JSON.stringify(site)}, not "same-origin"`,
      );
    }
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

  /**
   * The ordering key a page can have issued: ctx.key is Date.now() * 1000 on the page's clock (raised past the
   * keys it saw). A key beyond the server's clock + 24 h would win over every later write until then.
   * @param {unknown} key
   */
  const checkKey = (key) => {
    if (typeof key !== 'number' || !Number.isSafeInteger(key) || key < 1) {
      throw new HttpError(400, 'key must be a positive safe integer (ctx.key)');
    }
    const max = (Date.now() + MAX_KEY_AHEAD) * 1000;
    if (key > max) {
      throw new HttpError(
        400,
        `key ${key} is too far in the future: a key is microseconds since 1970 (ctx.key), at most the server's clock + 24 h (${max})`,
      );
    }
    return key;
  };

  /** @param {unknown} w */
  const checkMeta = (w) => {
    const { key, seq = null, trigger = null, attempt = 1 } = /** @type {any} */ (w ?? {});
    if (seq !== null && (!Number.isSafeInteger(seq) || seq < 1))
      throw new HttpError(400, 'seq (shown in the log) must be a positive integer');
    if (trigger !== null && !['delay', 'maxWait', 'flush', 'hidden', 'unmount'].includes(trigger)) {
      throw new HttpError(400, 'trigger must be delay, maxWait, flush, hidden or unmount');
    }
    if (!Number.isSafeInteger(attempt) || attempt < 1) throw new HttpError(400, 'attempt must be a positive integer');
    return {
      key: checkKey(key),
      seq: /** @type {number | null} */ (seq),
      trigger: /** @type {string | null} */ (trigger),
      attempt: /** @type {number} */ (attempt),
    };
  };

  /** @param {unknown} w @returns {import('./store.mjs').FieldWrite} */
  const checkWrite = (w) => {
    const { value } = /** @type {any} */ (w ?? {});
    if (typeof value !== 'string') throw new HttpError(400, 'value must be a string');
    if (LONE_SURROGATE.test(value)) {
      throw new HttpError(
        400,
        'value contains a lone UTF-16 surrogate (half of a character): it cannot be stored as sent',
      );
    }
    return { value, ...checkMeta(w) };
  };

  /** @param {unknown} w @returns {import('./store.mjs').ItemWrite} */
  const checkItemWrite = (w) => {
    const { price, inStock } = /** @type {any} */ (w ?? {});
    if (!Number.isSafeInteger(price) || price < 0 || price > 9_999_999) {
      throw new HttpError(400, 'price must be a whole number of cents from 0 to 9999999');
    }
    if (typeof inStock !== 'boolean') throw new HttpError(400, 'inStock must be true or false');
    return { price, inStock, ...checkMeta(w) };
  };

  /**
   * Per document field (and per price-list row) written with a failure rate, the rate's running total: a
   * write fails each time it reaches 1. Bounded: at most MAX_FAILURE_COUNTERS, the least recently used go
   * first, and a write without a failure rate adds none (a counter forgotten starts again at one half).
   */
  const failureCredit = new Map();
  /** @param {string} key @param {number} rate */
  const failsNow = (key, rate) => {
    if (rate === 0) return false;
    const credit = (failureCredit.get(key) ?? 0.5) + rate;
    const fail = credit >= 1 - 1e-9;
    failureCredit.delete(key);
    failureCredit.set(key, fail ? credit - 1 : credit);
    if (failureCredit.size > MAX_FAILURE_COUNTERS) failureCredit.delete(failureCredit.keys().next().value);
    return fail;
  };

  const testing = createTesting(process.env.DEMO_GATES === '1', {
    fail: (status, message) => new HttpError(status, message),
    searchLatency,
    failureCounters: () => failureCredit.size,
    dataSet: () => ({ emoji: emoji.size, keywords: emoji.keywordCount }),
  });
  /** The simulated network: the request's latency, then (under test) its gate. @param {number} ms @param {URL} url */
  const delay = async (ms, url) => {
    await sleep(ms);
    await testing.hold(url);
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
      const latency = searchLatency(q);
      await delay(latency, url);
      const { total, results } = emoji.search(q, 60);
      return sendJson(res, 200, { query: q, total, results, latency });
    }
    const testRoute = testing.route(req, url);
    if (testRoute) return sendJson(res, testRoute.status, testRoute.body);
    if ((m = /^\/api\/docs\/([^/]+)\/open$/.exec(path)) && method === 'POST') {
      return sendJson(res, 200, store.open(checkId(decodePath(m[1] ?? ''))));
    }
    if ((m = /^\/api\/docs\/([^/]+)\/writes$/.exec(path)) && method === 'GET') {
      const limit = Math.min(200, Math.max(1, Number(url.searchParams.get('limit')) || 20));
      return sendJson(res, 200, store.writes(checkId(decodePath(m[1] ?? '')), limit));
    }
    if ((m = /^\/api\/docs\/([^/]+)\/publish$/.exec(path)) && method === 'POST') {
      const id = checkId(decodePath(m[1] ?? ''));
      const latency = numberParam(url.searchParams, 'latency', MAX_LATENCY);
      const fail = url.searchParams.get('fail') === '1';
      await sleep(latency);
      if (fail) throw new HttpError(503, 'The publishing service is down (simulated)');
      const published = store.publish(id);
      if (!published) throw new HttpError(404, 'Nothing to publish: save the document first');
      return sendJson(res, 200, published);
    }
    if ((m = /^\/api\/docs\/([^/]+)\/fields\/([^/]+)$/.exec(path)) && method === 'PUT') {
      const id = checkId(decodePath(m[1] ?? ''));
      const field = checkField(decodePath(m[2] ?? ''));
      const latency = numberParam(url.searchParams, 'latency', MAX_LATENCY);
      const failRate = numberParam(url.searchParams, 'failRate', 1);
      const write = checkWrite(await readJson(req));
      let abandoned = false;
      res.on('close', () => (abandoned ||= !res.writableFinished));
      await delay(latency, url);
      if (failsNow(`${id}/${field}`, failRate)) {
        store.logFailure(id, field, write, abandoned);
        throw new HttpError(500, 'The server failed on purpose (failure rate)');
      }
      const result = store.write(id, field, write, abandoned);
      if (!result.ok) {
        const { key } = result.stored;
        throw new HttpError(
          409,
          result.conflict
            ? `This key is already stored with another ${field}: a key orders one value only`
            : `A newer ${field} is already saved; reload the page`,
          { stored: { key } },
        );
      }
      // A repeat of the committed write (its answer was lost) gets the first answer again.
      const { key, updatedAt } = result.key;
      return sendJson(res, 200, { field, key, savedAt: updatedAt });
    }
    if ((m = /^\/api\/lists\/([^/]+)\/open$/.exec(path)) && method === 'POST') {
      return sendJson(res, 200, store.openList(checkId(decodePath(m[1] ?? ''))));
    }
    if ((m = /^\/api\/lists\/([^/]+)\/writes$/.exec(path)) && method === 'GET') {
      const limit = Math.min(200, Math.max(1, Number(url.searchParams.get('limit')) || 20));
      return sendJson(res, 200, store.itemWrites(checkId(decodePath(m[1] ?? '')), limit));
    }
    if ((m = /^\/api\/lists\/([^/]+)\/items\/([^/]+)$/.exec(path)) && method === 'PUT') {
      const list = checkId(decodePath(m[1] ?? ''));
      const item = checkId(decodePath(m[2] ?? ''));
      const latency = numberParam(url.searchParams, 'latency', MAX_LATENCY);
      const failRate = numberParam(url.searchParams, 'failRate', 1);
      const write = checkItemWrite(await readJson(req));
      const receivedAt = Date.now();
      let abandoned = false;
      res.on('close', () => (abandoned ||= !res.writableFinished));
      await delay(latency, url);
      if (!store.getItems(list).some((i) => i.id === item))
        throw new HttpError(404, `No row ${JSON.stringify(item)} in this list`);
      if (failsNow(`list:${list}/${item}`, failRate)) {
        store.logItemFailure(list, item, write, abandoned, receivedAt);
        throw new HttpError(500, 'The server failed on purpose (failure rate)');
      }
      const result = store.writeItem(list, item, write, abandoned, receivedAt);
      if (!result.ok) {
        const { key = 0 } = result.stored ?? {};
        throw new HttpError(
          409,
          result.conflict
            ? 'This key is already stored with another price or stock: a key orders one value only'
            : 'A newer save of this row is already stored; reload the page',
          { stored: { key } },
        );
      }
      const { id, price, inStock, key, updatedAt } = result.item;
      return sendJson(res, 200, { item: id, price, inStock, key, savedAt: updatedAt });
    }
    if ((m = /^\/api\/lists\/([^/]+)$/.exec(path)) && method === 'GET') {
      const items = store.getItems(checkId(decodePath(m[1] ?? '')));
      return items.length ? sendJson(res, 200, { items }) : sendJson(res, 404, { error: 'No such list' });
    }
    if ((m = /^\/api\/docs\/([^/]+)$/.exec(path)) && method === 'GET') {
      const doc = store.getDoc(checkId(decodePath(m[1] ?? '')));
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
    const wanted = url.pathname === '/' ? '/index.html' : decodePath(url.pathname);
    if (wanted.includes('\0')) throw new HttpError(400, 'A NUL byte in the URL path');
    const file = resolve(distDir, `.${wanted}`);
    if (!file.startsWith(distDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      throw new HttpError(404, 'Not found');
    }
    res.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'cache-control': wanted.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...SECURITY_HEADERS,
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  }

  // No Host at all is refused by `guard` (403, with the reason and the headers every answer has), not by Node.
  const server = createServer({ requireHostHeader: false }, async (req, res) => {
    res.on('error', () => {}); // a client that hung up mid-answer is not the server's problem
    try {
      guard(req);
      const target = req.url ?? '/';
      if (!target.startsWith('/')) throw new HttpError(400, 'The request target must be a path');
      let url;
      try {
        // Parsed as the path it is ('//x' stays a path, not a host).
        url = new URL(`http://localhost${target}`);
      } catch {
        throw new HttpError(400, 'Malformed URL');
      }
      if (url.pathname.startsWith('/api/')) await testing.observe(req, res, url, () => api(req, res, url));
      else serveFile(req, res, url);
    } catch (error) {
      if (error instanceof HttpError)
        sendJson(res, error.status, { error: error.message, ...error.extra }, error.close);
      else {
        console.error(error);
        sendJson(res, 500, { error: 'Internal server error' });
      }
    }
  });

  // A request Node cannot parse never reaches the handler above: answer it as the others, with the same headers.
  server.on('clientError', (/** @type {NodeJS.ErrnoException} */ error, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const [status, reason] =
      error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
    const body = JSON.stringify({ error: `${reason}: the request is not valid HTTP (${error.code ?? 'parse error'})` });
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      ...SECURITY_HEADERS,
      connection: 'close',
    };
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}\r\n${body}`,
    );
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
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  const dataDir = resolve(process.env.DATA_DIR || defaults.dataDir);
  const demo = createDemoServer({ dataDir, host });
  await new Promise((resolveListen, reject) => {
    demo.server.once('error', reject);
    demo.server.listen(port, host, () => resolveListen(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (demo.server.address());
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  console.log(`react-last-task demo: http://${shown}:${address.port}/`);
  console.log(`data: ${join(dataDir, DATA_FILE)} · press Ctrl+C to stop`);
  const stop = () => {
    demo.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(
      error?.code === 'EADDRINUSE' ? `Port ${process.env.PORT ?? 5173} is in use: set PORT to another one.` : error,
    );
    process.exit(1);
  });
}
