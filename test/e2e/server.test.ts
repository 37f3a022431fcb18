// The demo server (examples/server/server.mjs) on its own, through node:http: node:http sends exactly the
// path and headers it is given (a foreign Host, a malformed percent-encoding), where fetch would normalise
// or refuse them. Every wait is for an answer; nothing here depends on how fast the machine is.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { examples, startServer, type DemoServer } from './harness';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
}

const Database = createRequire(join(examples, 'package.json'))('better-sqlite3');

let server: DemoServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** One request to the server on 127.0.0.1, with the raw path and headers given (Host is 127.0.0.1:PORT unless set). */
function send(
  method: string,
  path: string,
  {
    headers = {},
    body,
    port = server.port,
    noHost = false,
  }: {
    headers?: Record<string, string | number>;
    body?: string | Buffer | undefined;
    port?: number;
    noHost?: boolean;
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const all = noHost ? headers : { host: `127.0.0.1:${port}`, ...headers };
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: all, setHost: !noHost }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode!, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const put = (path: string, write: unknown, headers: Record<string, string> = {}) =>
  send('PUT', path, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(write) });
/** A key as a page issues it now (ctx.key: microseconds since 1970), plus `plus`. */
const keyNow = (plus = 0) => Date.now() * 1000 + plus;
const sqlite = <T>(read: (db: any) => T): T => {
  const db = new Database(join(server.dataDir, 'demo.sqlite'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
};

describe('A: writes are ordered by ctx.key, one conditional statement per field and per row', () => {
  test("A a field commits a greater key only; open returns each field's stored key", async () => {
    const k = keyNow();
    expect((await put('/api/docs/a-order/fields/title', { value: 'first', key: k })).status).toBe(200);
    expect((await put('/api/docs/a-order/fields/title', { value: 'second', key: k + 5 })).status).toBe(200);
    const older = await put('/api/docs/a-order/fields/title', { value: 'older', key: k + 4 });
    expect(older.status).toBe(409);
    expect(older.json).toMatchObject({
      error: 'A newer title is already saved; reload the page',
      stored: { key: k + 5 },
    });
    // The other field is not looked at.
    expect((await put('/api/docs/a-order/fields/body', { value: 'body', key: k + 1 })).status).toBe(200);
    const opened = await send('POST', '/api/docs/a-order/open');
    expect(opened.status).toBe(200);
    expect(opened.json.epoch).toBeUndefined();
    expect(opened.json.doc).toMatchObject({
      title: 'second',
      body: 'body',
      fields: { title: { key: k + 5 }, body: { key: k + 1 } },
    });
    expect((await send('POST', '/api/docs/a-never/open')).json).toEqual({ doc: null });
    expect(
      sqlite((db) =>
        db.prepare('SELECT field, value, key FROM doc_fields WHERE doc_id = ? ORDER BY field').all('a-order'),
      ),
    ).toEqual([
      { field: 'body', value: 'body', key: k + 1 },
      { field: 'title', value: 'second', key: k + 5 },
    ]);
  });

  test("A a row commits a greater key only; the list opens with each row's key (0 before its first write)", async () => {
    const opened = await send('POST', '/api/lists/a-rows/open');
    expect(opened.json.epoch).toBeUndefined();
    expect(opened.json.items[0]).toMatchObject({ id: 'espresso', key: 0 });
    const k = keyNow();
    expect((await put('/api/lists/a-rows/items/espresso', { price: 250, inStock: true, key: k })).json).toMatchObject({
      item: 'espresso',
      price: 250,
      key: k,
    });
    expect((await put('/api/lists/a-rows/items/espresso', { price: 260, inStock: true, key: k - 1 })).status).toBe(409);
    expect((await send('POST', '/api/lists/a-rows/open')).json.items[0]).toMatchObject({
      id: 'espresso',
      price: 250,
      key: k,
    });
  });

  test('A an old-version data file is recreated, and the server says so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'last-task-demo-old-'));
    const old = new Database(join(dataDir, 'demo.sqlite'));
    old.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL); INSERT INTO meta VALUES ('epoch', 41)`);
    old.pragma('user_version = 3');
    old.close();
    const again = await startServer({ dataDir });
    try {
      expect(again.output()).toMatch(
        /has schema version 3, from an earlier demo .*recreating it empty \(schema version 4\)/,
      );
      const res = await send('PUT', '/api/docs/x/fields/title', {
        port: again.port,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value: 'new', key: keyNow() }),
      });
      expect(res.status).toBe(200);
    } finally {
      await again.stop();
    }
  });
});

describe('test gates', () => {
  test('test gates are off unless DEMO_GATES=1: ?gate= is refused and nothing waits', async () => {
    const plain = await startServer({ gates: false });
    try {
      const res = await send('PUT', '/api/docs/g/fields/title?gate=x', {
        port: plain.port,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value: 'x', key: keyNow() }),
      });
      expect([res.status, res.json.error]).toEqual([404, 'Test gates are off (DEMO_GATES=1 turns them on)']);
      expect((await send('POST', '/api/gates/x/open', { port: plain.port })).status).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});

describe('14.1 idempotent retries', () => {
  test('14.1 a retry of a committed write with the same key and value is answered 200, as the first; another value is 409', async () => {
    const k = keyNow();
    const write = { value: 'stored once', key: k, seq: 3, trigger: 'delay', attempt: 1 };
    const first = await put('/api/docs/r14/fields/body', write);
    expect(first.status).toBe(200);
    // The answer was lost; the page retries with the same key and value (attempt 2).
    const retry = await put('/api/docs/r14/fields/body', { ...write, attempt: 2 });
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(first.json);
    const other = await put('/api/docs/r14/fields/body', { ...write, value: 'another text' });
    expect(other.status).toBe(409);
    expect(other.json.error).toMatch(/already stored with another body/);
    const log = (await send('GET', '/api/docs/r14/writes?limit=10')).json;
    expect(log.recent.map((w: any) => w.outcome).reverse()).toEqual(['committed', 'repeated', 'conflict']);
    expect([log.committed, log.repeated, log.conflict, log.refused]).toEqual([1, 1, 1, 0]);
    expect(sqlite((db) => db.prepare('SELECT value FROM doc_fields WHERE doc_id = ?').get('r14'))).toEqual({
      value: 'stored once',
    });
  });

  test('14.1 a row write repeated with the same key and row is answered 200; another price under that key is 409', async () => {
    await send('POST', '/api/lists/r14/open');
    const k = keyNow();
    const first = await put('/api/lists/r14/items/bagel', { price: 300, inStock: true, key: k });
    const retry = await put('/api/lists/r14/items/bagel', { price: 300, inStock: true, key: k, attempt: 2 });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.json).toEqual(first.json);
    expect((await put('/api/lists/r14/items/bagel', { price: 301, inStock: true, key: k })).status).toBe(409);
    expect((await put('/api/lists/r14/items/bagel', { price: 300, inStock: false, key: k })).status).toBe(409);
  });
});

describe('14.2 other sites cannot write', () => {
  const write = () => ({ value: 'x', key: keyNow() });

  test("14.2 a write whose Origin is another site is refused 403 with a JSON reason; the page's own origin may write", async () => {
    const foreign = await put('/api/docs/o14/fields/title', write(), { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error).toMatch(/Cross-origin PUT refused: Origin "http:\/\/evil.example"/);
    for (const origin of ['null', `http://localhost:${server.port}`, `https://127.0.0.1:${server.port}`]) {
      expect((await put('/api/docs/o14/fields/title', write(), { origin })).status, origin).toBe(403);
    }
    expect((await send('POST', '/api/docs/o14/publish', { headers: { origin: 'http://evil.example' } })).status).toBe(
      403,
    );
    expect((await send('POST', '/api/lists/o14/open', { headers: { origin: 'http://evil.example' } })).status).toBe(
      403,
    );
    expect((await put('/api/docs/o14/fields/title', write(), { origin: server.url })).status).toBe(200);
    // The page reached as localhost writes with its own origin.
    const local = await put('/api/docs/o14/fields/title', write(), {
      host: `localhost:${server.port}`,
      origin: `http://localhost:${server.port}`,
    });
    expect(local.status).toBe(200);
  });

  test('14.2 without Origin, a Sec-Fetch-Site other than same-origin is refused; a client that sends neither may write', async () => {
    for (const site of ['cross-site', 'same-site', 'none']) {
      const res = await put('/api/docs/s14/fields/title', write(), { 'sec-fetch-site': site });
      expect(res.status, site).toBe(403);
      expect(res.json.error).toMatch(/Sec-Fetch-Site/);
    }
    expect((await put('/api/docs/s14/fields/title', write(), { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await put('/api/docs/s14/fields/title', write())).status).toBe(200);
    // Reading is not a write: a GET with a foreign Origin is answered (the browser keeps the answer from that site).
    expect((await send('GET', '/api/docs/s14', { headers: { origin: 'http://evil.example' } })).status).toBe(200);
  });

  test('14.2 a request whose Host is not this server (DNS rebinding) is refused 403, whatever its method', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${server.port}`,
      `127.0.0.1:${server.port + 1}`,
      `127.0.0.2:${server.port}`,
      `127.0.0.1`,
    ]) {
      const res = await send('GET', '/api/docs/s14', { headers: { host } });
      expect(res.status, host).toBe(403);
      expect(res.json.error, host).toMatch(/Unknown Host .*DNS rebinding/);
    }
    expect((await send('GET', '/', { headers: { host: 'rebound.example' } })).status).toBe(403);
    // No Host at all (HTTP/1.0 style): refused too.
    const bare = await send('GET', '/api/docs/s14', { noHost: true });
    expect([bare.status, bare.json.error]).toEqual([403, expect.stringMatching(/^Unknown Host ""/)]);
    for (const host of [
      `127.0.0.1:${server.port}`,
      `localhost:${server.port}`,
      `LOCALHOST:${server.port}`,
      `[::1]:${server.port}`,
    ]) {
      expect((await send('GET', '/api/stats', { headers: { host } })).status, host).toBe(200);
    }
  });
});

describe('14.3 malformed percent-encoding', () => {
  test('14.3 a malformed percent-encoding in an API or a static path is a 400 that says so, not a 500', async () => {
    for (const [method, path] of [
      ['PUT', '/api/docs/%E0%A4%A/fields/title'],
      ['POST', '/api/docs/%/open'],
      ['GET', '/api/docs/%E0%A4%A/writes'],
      ['PUT', '/api/lists/l1/items/%ZZ'],
      ['PUT', '/api/docs/d/fields/%C3'],
      ['GET', '/%E0%A4%A'],
      ['GET', '/assets/%'],
    ] as const) {
      const body =
        method === 'GET' ? undefined : JSON.stringify({ value: 'x', key: keyNow(), price: 1, inStock: true });
      const res = await send(method, path, { headers: { 'content-type': 'application/json' }, body });
      expect(res.status, path).toBe(400);
      expect(res.json.error, path).toMatch(/^Malformed percent-encoding in the URL path/);
    }
    expect(server.output()).not.toMatch(/URIError/);
  });
});

describe('14.4 a body over the limit', () => {
  test('14.4 a 50 MB body is answered 413 (Connection: close) and the client reads it; the server goes on serving', async () => {
    for (let i = 0; i < 3; i++) {
      const answer = await new Promise<{ status: number; connection: string | undefined; json: any }>(
        (resolve, reject) => {
          const req = httpRequest({
            host: '127.0.0.1',
            port: server.port,
            method: 'PUT',
            path: '/api/docs/big/fields/body',
            headers: { 'content-type': 'application/json', 'content-length': 50 * 1024 * 1024 },
          });
          req.on('response', (res) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () =>
              resolve({ status: res.statusCode!, connection: res.headers.connection, json: JSON.parse(text) }),
            );
          });
          req.on('error', reject);
          const chunk = Buffer.alloc(1024 * 1024, 'a');
          let sent = 0;
          const write = () => {
            while (sent < 50) {
              sent++;
              if (!req.write(chunk)) return void req.once('drain', write);
            }
            req.end();
          };
          write();
        },
      );
      expect(answer).toEqual({
        status: 413,
        connection: 'close',
        json: { error: 'Request body too large: at most 262144 bytes' },
      });
    }
    expect((await send('GET', '/api/stats')).status).toBe(200);
  });
});

describe('14.5 bounded growth', () => {
  test('14.5 the write log keeps the latest 200 writes per document, with the totals of all of them', async () => {
    const k = keyNow();
    // 50 committed, then 200 refused (older keys): the log keeps the latest 200 only, the totals count all.
    for (let i = 1; i <= 50; i++) await put('/api/docs/log14/fields/title', { value: `v${i}`, key: k + 1000 + i });
    for (let i = 1; i <= 200; i++) await put('/api/docs/log14/fields/title', { value: 'stale', key: k + i });
    const log = (await send('GET', '/api/docs/log14/writes?limit=200')).json;
    expect([log.committed, log.refused]).toEqual([50, 200]);
    expect(log.recent).toHaveLength(200);
    expect(log.recent.every((w: any) => w.outcome === 'refused')).toBe(true);
    expect(sqlite((db) => db.prepare('SELECT COUNT(*) AS n FROM field_writes WHERE doc_id = ?').get('log14'))).toEqual({
      n: 200,
    });
    // Another document's log is its own.
    await put('/api/docs/log14b/fields/title', { value: 'x', key: k });
    expect(sqlite((db) => db.prepare('SELECT COUNT(*) AS n FROM field_writes WHERE doc_id = ?').get('log14'))).toEqual({
      n: 200,
    });
    // The same for a price list.
    await send('POST', '/api/lists/log14/open');
    for (let i = 1; i <= 205; i++)
      await put('/api/lists/log14/items/espresso', { price: i, inStock: true, key: k + i });
    const rows = (await send('GET', '/api/lists/log14/writes?limit=200')).json;
    expect(rows.committed).toBe(205);
    expect(sqlite((db) => db.prepare('SELECT COUNT(*) AS n FROM item_writes WHERE list_id = ?').get('log14'))).toEqual({
      n: 200,
    });
  });

  test('14.5 the failure-rate counters (the in-memory map keyed by document and field) stay bounded', async () => {
    const k = keyNow();
    // Writes without a failure rate keep no counter at all.
    for (let i = 0; i < 50; i++) await put(`/api/docs/plain${i}/fields/title`, { value: 'x', key: k });
    expect((await send('GET', '/api/stats')).json.failureCounters).toBe(0);
    // 1,100 distinct documents written with a failure rate: at most 1,000 counters are kept.
    for (let i = 0; i < 1100; i++) await put(`/api/docs/flaky${i}/fields/title?failRate=0.25`, { value: 'x', key: k });
    expect((await send('GET', '/api/stats')).json.failureCounters).toBe(1000);
  });
});

describe('14.6 security headers', () => {
  test('14.6 every answer has X-Content-Type-Options: nosniff and the Content-Security-Policy', async () => {
    const answers = await Promise.all([
      send('GET', '/'),
      send('GET', '/index.html'),
      send('GET', '/api/stats'),
      send('GET', '/api/docs/nope'),
      send('GET', '/no-such-file'),
      send('GET', '/%'),
      send('GET', '/', { headers: { host: 'evil.example' } }),
      put('/api/docs/h14/fields/title', { value: 'x', key: -1 }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 404, 404, 400, 403, 400]);
    for (const a of answers) {
      expect(a.headers['x-content-type-options']).toBe('nosniff');
      expect(a.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'; style-src 'self'/);
    }
    const page = answers[0]!;
    const assets = [...page.text.matchAll(/(?:src|href)="\.?(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect((await send('GET', asset)).headers['x-content-type-options']).toBe('nosniff');
    // The built page has no inline script or style for the policy to block.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.text).not.toMatch(/<style|style="/);
  });
});

describe('16.2 lone surrogates', () => {
  test('16.2 a value with a lone surrogate is refused 400 with the reason, never stored as something else', async () => {
    for (const raw of ['"a\\ud800b"', '"a\\udc00b"', '"\\ud800"', '"x\\udbff"', '"\\ude00\\ud83d"']) {
      const res = await send('PUT', '/api/docs/u16/fields/body', {
        headers: { 'content-type': 'application/json' },
        body: `{"value":${raw},"key":${keyNow()}}`,
      });
      expect(res.status, raw).toBe(400);
      expect(res.json.error, raw).toMatch(/lone UTF-16 surrogate/);
    }
    expect((await send('GET', '/api/docs/u16')).status).toBe(404);
    // Bytes that are not UTF-8 (a surrogate encoded as UTF-8, a stray continuation byte) are refused too.
    for (const bytes of [[0xed, 0xa0, 0x80], [0x80], [0xc3]]) {
      const body = Buffer.concat([
        Buffer.from('{"value":"a'),
        Buffer.from(bytes),
        Buffer.from(`b","key":${keyNow()}}`),
      ]);
      const res = await send('PUT', '/api/docs/u16/fields/body', {
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status, String(bytes)).toBe(400);
      expect(res.json.error).toBe('Request body is not valid UTF-8');
    }
    // A pair (an emoji, as an escape and as UTF-8) is a character: stored and read back exactly.
    const text = 'a\ud83d\ude00b 😀';
    expect((await put('/api/docs/u16/fields/body', { value: text, key: keyNow() })).status).toBe(200);
    expect((await send('GET', '/api/docs/u16')).json.body).toBe(text);
    expect(
      (await send('PUT', '/api/docs/u16/fields/title', { body: `{"value":"\\ud83d\\ude00","key":${keyNow()}}` }))
        .status,
    ).toBe(200);
    expect((await send('GET', '/api/docs/u16')).json.title).toBe('😀');
  });
});

describe('16.3 ordering keys a page can reach', () => {
  test("16.3 a key that is not a positive safe integer, or past the server's clock + 24 h, is refused 400 and blocks nothing", async () => {
    const day = 24 * 60 * 60 * 1000 * 1000;
    for (const key of [
      Number.MAX_SAFE_INTEGER,
      2 ** 53,
      1e300,
      keyNow(day + 60e6),
      0,
      -5,
      1.5,
      '1796191587211000',
      null,
    ]) {
      const res = await put('/api/docs/k16/fields/title', { value: 'absurd', key });
      expect(res.status, String(key)).toBe(400);
      expect(res.json.error, String(key)).toMatch(/key/);
    }
    expect((await put('/api/docs/k16/fields/title', { value: 'absurd', key: keyNow(day + 60e6) })).json.error).toMatch(
      /too far in the future.*24 h/,
    );
    expect(
      (await put('/api/lists/k16/items/espresso', { price: 1, inStock: true, key: Number.MAX_SAFE_INTEGER })).status,
    ).toBe(400);
    // A clock a few hours ahead is still a clock: accepted. A later write from a right clock is then refused
    // until that time: the limit bounds what a wrong clock can do to a day.
    expect((await put('/api/docs/k16/fields/title', { value: 'now', key: keyNow() })).status).toBe(200);
    expect((await put('/api/docs/k16/fields/title', { value: 'later', key: keyNow(1_000_000) })).status).toBe(200);
    expect((await send('GET', '/api/docs/k16')).json.title).toBe('later');
  });
});
