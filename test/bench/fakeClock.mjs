// A tiny controllable clock for timer counts and render bursts: it replaces globalThis.setTimeout,
// clearTimeout and Date.now (everything the measured code looks up at call time) and counts every
// setTimeout call. React's scheduler captured the real timers and setImmediate when it loaded, so it is
// unaffected; `settle()` lets React and promise continuations run on the real event loop.

const realSetImmediate = setImmediate;

/** Lets microtasks, React's scheduled work and passive effects run: a few real macrotask turns. */
export const settle = async (turns = 3) => {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => realSetImmediate(resolve));
};

export function installFakeClock(start = Date.UTC(2025, 0, 1)) {
  const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, now: Date.now };
  const timers = new Map();
  let now = start;
  let nextId = 1;

  const clock = {
    /** setTimeout calls since install or the last `resetCount()`. */
    created: 0,
    get now() {
      return now;
    },
    /** Timers scheduled and not yet fired or cleared. */
    get alive() {
      return timers.size;
    },
    resetCount() {
      clock.created = 0;
    },
    /** Moves the clock `ms` forward, firing due timers in order and settling after each. */
    async tick(ms) {
      const end = now + ms;
      for (let next = earliest(); next && next.at <= end; next = earliest()) await fire(next);
      now = end;
      await settle();
    },
    /** Fires timers in order until none is left (or `limit` fired: then something re-arms forever). */
    async runAll(limit = 10_000) {
      for (let fired = 0, next = earliest(); next; next = earliest()) {
        if (++fired > limit) throw new Error(`fake clock: more than ${limit} timers fired in runAll()`);
        await fire(next);
      }
      await settle();
    },
    uninstall() {
      globalThis.setTimeout = real.setTimeout;
      globalThis.clearTimeout = real.clearTimeout;
      Date.now = real.now;
    },
  };

  function earliest() {
    let best;
    for (const timer of timers.values()) if (!best || timer.at < best.at) best = timer;
    return best;
  }

  async function fire(timer) {
    timers.delete(timer.id);
    now = Math.max(now, timer.at);
    timer.callback(...timer.args);
    await settle();
  }

  globalThis.setTimeout = (callback, ms, ...args) => {
    clock.created++;
    const id = nextId++;
    timers.set(id, { id, at: now + Math.max(0, Number(ms) || 0), callback, args });
    return id;
  };
  globalThis.clearTimeout = (id) => {
    timers.delete(id);
  };
  Date.now = () => now;
  return clock;
}
