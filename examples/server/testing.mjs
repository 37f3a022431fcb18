// @ts-check
// What the browser tests need from the demo server, kept apart from its routes: on only with DEMO_GATES=1
// (the e2e harness sets it; `npm start` does not).
//
//   GET  /api/stats              requests in flight (field writes, row writes, publishes, searches) and the
//                                latest searches, with when each finished and whether the page had aborted it
//   POST /api/gates/:name/open   lets go the requests sent with ?gate=name, and every later one
//
// A request sent with `?gate=NAME` waits, after its simulated latency, until its gate is opened: a browser test
// holds a request at the server this way instead of betting that a latency outlasts its typing on a busy
// machine. At most 100 gates. With DEMO_GATES unset, ?gate= is a 404 and neither route exists.

const OFF = 'Test gates are off (DEMO_GATES=1 turns them on)';

/** Which counter a request is in flight under, by method and path. */
const KINDS = /** @type {const} */ ([
  ['writesInFlight', 'PUT', /^\/api\/docs\/[^/]+\/fields\/[^/]+$/],
  ['rowWritesInFlight', 'PUT', /^\/api\/lists\/[^/]+\/items\/[^/]+$/],
  ['publishesInFlight', 'POST', /^\/api\/docs\/[^/]+\/publish$/],
]);

/**
 * @typedef {import('node:http').IncomingMessage} Req
 * @typedef {import('node:http').ServerResponse} Res
 * @typedef {{
 *   observe: (req: Req, res: Res, url: URL, handle: () => Promise<void>) => Promise<void>,
 *   hold: (url: URL) => Promise<void>,
 *   route: (req: Req, url: URL) => { status: number, body: unknown } | undefined,
 * }} Testing
 */

/**
 * @param {boolean} enabled
 * @param {{
 *   fail: (status: number, message: string) => Error,
 *   searchLatency: (q: string) => number,
 *   failureCounters: () => number,
 *   dataSet: () => object,
 * }} server
 * @returns {Testing}
 */
export function createTesting(enabled, server) {
  if (!enabled) {
    return {
      observe: (_req, _res, _url, handle) => handle(),
      hold: async (url) => {
        if (url.searchParams.has('gate')) throw server.fail(404, OFF);
      },
      route: () => undefined,
    };
  }

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

  /** @type {Map<string, { open: boolean, waiting: number, release: (() => void)[] }>} */
  const gates = new Map();
  /** @param {string} name */
  const gateOf = (name) => {
    if (!/^[\w-]{1,64}$/.test(name)) throw server.fail(400, 'A gate name is 1 to 64 letters, digits, _ or -');
    let gate = gates.get(name);
    if (!gate) {
      if (gates.size >= 100) throw server.fail(503, 'Too many test gates');
      gates.set(name, (gate = { open: false, waiting: 0, release: [] }));
    }
    return gate;
  };

  return {
    // Counts a request in flight from its arrival until the server is done with it (an aborted request
    // included: the server goes on with it, and the tests wait until it has).
    async observe(req, res, url, handle) {
      const method = req.method ?? 'GET';
      if (url.pathname === '/api/search' && method === 'GET') {
        const q = (url.searchParams.get('q') ?? '').slice(0, 100);
        /** @type {(typeof stats.search.recent)[number]} */
        const entry = { q, latency: server.searchLatency(q), startedAt: Date.now(), clientGone: false };
        res.on('close', () => (entry.clientGone ||= !res.writableFinished));
        stats.search.recent.unshift(entry);
        stats.search.recent.length = Math.min(stats.search.recent.length, 30);
        stats.search.started++;
        stats.search.inFlight++;
        try {
          return await handle();
        } finally {
          entry.finishedAt = Date.now();
          stats.search.inFlight--;
          stats.search.finished++;
        }
      }
      const kind = KINDS.find(([, m, path]) => m === method && path.test(url.pathname))?.[0];
      if (!kind) return handle();
      stats[kind]++;
      try {
        return await handle();
      } finally {
        stats[kind]--;
      }
    },

    async hold(url) {
      const name = url.searchParams.get('gate');
      if (name === null) return;
      const gate = gateOf(name);
      if (gate.open) return;
      gate.waiting++;
      await new Promise((release) => gate.release.push(() => release(undefined)));
      gate.waiting--;
    },

    route(req, url) {
      if (url.pathname === '/api/stats' && req.method === 'GET') {
        return {
          status: 200,
          body: {
            ...stats,
            failureCounters: server.failureCounters(),
            gates: Object.fromEntries(
              [...gates].map(([name, gate]) => [name, { open: gate.open, waiting: gate.waiting }]),
            ),
            dataSet: server.dataSet(),
          },
        };
      }
      const m = /^\/api\/gates\/([^/]+)\/open$/.exec(url.pathname);
      if (m && req.method === 'POST') {
        let name;
        try {
          name = decodeURIComponent(m[1] ?? '');
        } catch {
          throw server.fail(400, 'Malformed percent-encoding in the gate name');
        }
        const gate = gateOf(name);
        gate.open = true;
        const released = gate.release.splice(0);
        released.forEach((release) => release());
        return { status: 200, body: { released: released.length } };
      }
      return undefined;
    },
  };
}
