// Figures 2 and 3: bursts of 100 changes (or calls) 20 ms apart with a 300 ms delay, on a fake clock.
// Figure 2 counts renders of the component that uses the hook; figure 3 counts setTimeout calls.
import { createElement as h } from 'react';
import { flushSync } from 'react-dom';
import { installFakeClock, settle } from './fakeClock.mjs';
import { autosaves, createProbe, debouncers, DELAY, mount } from './subjects.mjs';
import { median } from './table.mjs';

export const BURST = 100;
export const GAP = 20;
const BURSTS = 5;

/** 100 calls 20 ms apart, then the clock runs until no timer is left. */
async function burst(clock, call) {
  clock.resetCount();
  for (let i = 0; i < BURST; i++) {
    await call(i);
    await clock.tick(GAP);
  }
  await clock.runAll();
  return clock.created;
}

const summarize = (runs) => {
  const pick = (key) => runs.map((run) => run[key]);
  const range = (key) => {
    const values = pick(key);
    return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
  };
  return { timers: range('timers'), runs };
};

/** Figure 3 (function level): timers per burst for each debounced caller. */
export async function measureCallTimers() {
  const clock = installFakeClock();
  try {
    const results = [];
    for (const subject of debouncers) {
      const runs = [];
      for (let b = 0; b < BURSTS; b++) {
        const calls = [];
        const instance = subject.create((value) => calls.push(value));
        const timers = await burst(clock, (i) => {
          instance.call(b * 1000 + i); // not awaited: our run() resolves when the next call supersedes it
        });
        if (calls.length !== 1 || calls[0] !== b * 1000 + BURST - 1) {
          throw new Error(`${subject.name}: expected one call with the last value, got ${JSON.stringify(calls)}`);
        }
        instance.dispose();
        runs.push({ timers, alive: clock.alive });
      }
      results.push({
        name: subject.name,
        ours: !!subject.ours,
        ...summarize(runs),
        alive: Math.max(...runs.map((r) => r.alive)),
      });
    }
    return results;
  } finally {
    clock.uninstall();
  }
}

/** Figure 2 (and the hooks' side of figure 3): renders, saves and timers per burst of 100 changes. */
export async function measureRenders() {
  const clock = installFakeClock();
  try {
    const results = [];
    for (const subject of autosaves) {
      const probe = createProbe();
      const host = mount(h(subject.Component(probe)));
      await clock.runAll(); // let mount-time timers (react-autosave's debounce arms one on mount) run out
      const runs = [];
      for (let b = 1; b <= BURSTS; b++) {
        probe.renders = probe.saves = 0;
        const timers = await burst(clock, async (i) => {
          flushSync(() => probe.setValue(b * 1000 + i));
          await settle();
        });
        if (probe.saves !== 1 || probe.lastSaved !== b * 1000 + BURST - 1) {
          throw new Error(
            `${subject.name}: expected one save of the last value, got ${probe.saves} (last ${probe.lastSaved})`,
          );
        }
        runs.push({ timers, renders: probe.renders, hookRenders: probe.renders - BURST, saves: probe.saves });
      }
      host.unmount();
      await clock.runAll();
      const pick = (key) => runs.map((run) => run[key]);
      results.push({
        name: subject.name,
        ours: !!subject.ours,
        renders: median(pick('renders')),
        hookRenders: median(pick('hookRenders')),
        hookRendersRange: [Math.min(...pick('hookRenders')), Math.max(...pick('hookRenders'))],
        saves: median(pick('saves')),
        ...summarize(runs),
      });
    }
    return results;
  } finally {
    clock.uninstall();
  }
}

export { DELAY };
