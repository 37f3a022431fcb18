// `npm run bench`: builds dist (in the npm script), then measures react-last-task against its peers in
// one process and prints markdown tables of medians with our ratio to each peer, then the targets.
// Run directly: npx tsup && node --expose-gc test/bench/index.mjs
import './env.mjs'; // first: production React + jsdom must be in place before React loads
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import React from 'react';
import { BATCH, measureCallCost, ROUNDS } from './callCost.mjs';
import { BURST, DELAY, GAP, measureCallTimers, measureRenders } from './bursts.mjs';
import { CALLS, CYCLES, measureCallMemory, measureMountMemory } from './memory.mjs';
import { measureBundles, ourEntries, pairs, peerEntries } from './bundle.mjs';
import { BUDGETS, repoRoot } from './bundleSize.mjs';
import { FIELDS, measureFormEquality } from './formEquality.mjs';
import { fmt, ratio, table } from './table.mjs';
import { DRAFT_SIZES, measureDraftWrite } from './drafts.mjs';

const started = performance.now();

// Targets (docs/benchmarks.md; docs/contract.md A11 for renders).
const MAX_HOOK_RENDERS = 3;
const MAX_TIMERS = Math.ceil((BURST * GAP) / DELAY) + 2; // ceil(burst length / delay) + 2 = 9
// run() returns a promise per call, which a plain debounce does not: the floor row (figure 1) is the least such a
// call can cost, so the per-call target is a ratio to it (the first goals, 1.5× and 1.2× lodash.debounce, sat
// below the floor itself: docs/benchmarks.md).
const MAX_FLOOR_RATIO = 1.35;
// The byte targets are the budgets of test/budgets.test.ts (docs/size.md says why they replaced the first goals).
const budget = (names) => BUDGETS.find(([n]) => n === names)[1];
const MAX_USE_AUTOSAVE_BYTES = budget('useAutosave');
const MAX_EVERYTHING_BYTES = budget('createLastTaskRunner, useLastTask, useAutosave');
// "Beyond noise": heap noise seen on this harness (2 shared cores) reaches about ±340 KiB for the calls and
// ±400 KiB for the mount cycles. Retaining one superseded task per call would add ≥ 50 MB, retaining one
// component per cycle ≥ 10 MB, so these limits sit well above the noise and far below any real leak. The
// WeakRef count ("instances reachable") is the exact check for the mount cycles.
const MAX_CALL_GROWTH = 512 * 1024;
const MAX_MOUNT_GROWTH = 1024 * 1024;

if (typeof React.act === 'function') throw new Error('React is a development build: NODE_ENV must be production');

const version = (name) =>
  JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? cpus()[0]?.model;
const bytes = (n) => `${fmt(n / 1024, 1)} KiB`;
const out = (text = '') => console.log(text);
const targets = [];
const target = (what, value, limit, met) => targets.push([what, value, limit, met ? 'met' : 'MISSED']);

out('# react-last-task bench');
out();
out(`Machine: ${cpu}, ${cpus().length} cores, Node ${process.version}, ${process.platform}/${process.arch}.`);
out(
  `React ${React.version} (production) + jsdom ${version('jsdom')}; tinybench ${version('tinybench')}. ` +
    `Peers: lodash.debounce ${version('lodash.debounce')}, use-debounce ${version('use-debounce')}, ` +
    `react-autosave ${version('react-autosave')}, @tanstack/pacer ${version('@tanstack/pacer')} ` +
    `(@tanstack/react-pacer ${version('@tanstack/react-pacer')}).`,
);

// 1. Per-call cost
const costs = await measureCallCost();
out();
out(
  `## 1. Cost of one call while a task is pending (delay ${DELAY} ms; tinybench, batches of ${BATCH} calls, ${ROUNDS} interleaved rounds)`,
);
out();
out(
  "ns per call: median over the rounds of each round's median batch ÷ 100. ours ÷ this: median of the per-round ratios.",
);
out();
out(
  table(
    ['implementation', 'ns per call', 'rounds', 'worst ± rme', 'ours ÷ this'],
    costs.map((r) => [
      r.name,
      fmt(r.nsPerCall, 1),
      r.rounds.map((ns) => fmt(ns, 0)).join(' / '),
      `${fmt(r.rme, 1)} %`,
      `${r.ratio.toFixed(2)}×`,
    ]),
  ),
);
const costOf = (name) => costs.find((r) => r.name.startsWith(name));
const floor = costs.find((r) => r.name.startsWith('floor'));
out();
out(
  `The floor row is no implementation: a call that reads the clock, makes a promise and resolves the one it replaces, ` +
    `the least a run() that returns a promise per call can cost. floor ÷ lodash.debounce: ` +
    `${(floor.nsPerCall / costOf('lodash').nsPerCall).toFixed(2)}×; ours ÷ floor: ${floor.ratio.toFixed(2)}×.`,
);
target(
  `1. per-call cost ≤ ${MAX_FLOOR_RATIO}× the floor`,
  `${floor.ratio.toFixed(2)}×`,
  `${MAX_FLOOR_RATIO.toFixed(2)}×`,
  floor.ratio <= MAX_FLOOR_RATIO,
);

// 2. Renders per burst (also gives the hooks' timer counts for figure 3)
const renders = await measureRenders();
const ourRenders = renders.find((r) => r.ours);
out();
out(
  `## 2. Renders per burst of ${BURST} changes ${GAP} ms apart (production React, flushSync, fake clock; median of 5 bursts)`,
);
out();
out(
  `Renders of the component that uses the hook; ${BURST} of them are the changes themselves. Every burst saved once, the last value.`,
);
out();
out(
  table(
    ['implementation', 'renders', 'caused by the hook', 'ours ÷ this (hook-caused)'],
    renders.map((r) => [r.name, r.renders, r.hookRenders, ratio(ourRenders.hookRenders, r.hookRenders)]),
  ),
);
target(
  `2. hook-caused renders per burst ≤ ${MAX_HOOK_RENDERS}`,
  ourRenders.hookRendersRange[1],
  MAX_HOOK_RENDERS,
  ourRenders.hookRendersRange[1] <= MAX_HOOK_RENDERS,
);

// 3. Timers per burst
const callTimers = await measureCallTimers();
const ourCallTimers = callTimers.find((r) => r.ours);
const spread = ({ median, min, max }) => (min === max ? `${median}` : `${median} (${min}–${max})`);
out();
out(
  `## 3. setTimeout calls per burst of ${BURST} calls ${GAP} ms apart, delay ${DELAY} ms (fake clock; median of 5 bursts)`,
);
out();
out(
  table(
    ['implementation', 'timers per burst', 'ours ÷ this'],
    [
      ...callTimers.map((r) => [r.name, spread(r.timers), ratio(ourCallTimers.timers.median, r.timers.median)]),
      ...renders.map((r) => [r.name, spread(r.timers), ratio(ourRenders.timers.median, r.timers.median)]),
    ],
  ),
);
out();
out('Function-level callers are compared with our runner, hooks with our useAutosave.');
target(
  `3. timers per burst, runner ≤ ${MAX_TIMERS}`,
  ourCallTimers.timers.max,
  MAX_TIMERS,
  ourCallTimers.timers.max <= MAX_TIMERS,
);
target(
  `3. timers per burst, useAutosave ≤ ${MAX_TIMERS}`,
  ourRenders.timers.max,
  MAX_TIMERS,
  ourRenders.timers.max <= MAX_TIMERS,
);

// 4. Memory
const callMemory = await measureCallMemory();
const mountMemory = await measureMountMemory();
const ourCallMemory = callMemory.find((r) => r.ours);
const ourMountMemory = mountMemory.find((r) => r.ours);
out();
out(
  `## 4. Heap growth (heapUsed after forced GC, after − before; ratios of noise-level numbers mean nothing, so: ours − this)`,
);
out();
out(`### ${fmt(CALLS)} calls on one caller with a task pending`);
out();
out(
  table(
    ['implementation', 'heap growth', 'bytes per call', 'ours − this'],
    callMemory.map((r) => [r.name, bytes(r.growth), fmt(r.growth / CALLS, 3), bytes(ourCallMemory.growth - r.growth)]),
  ),
);
out();
out(`### ${fmt(CYCLES)} cycles of mount → one change (a save pending) → unmount`);
out();
out(
  table(
    [
      'implementation',
      'heap growth',
      'bytes per cycle',
      'timers left by unmount',
      'instances reachable',
      'ours − this',
    ],
    mountMemory.map((r) => [
      r.name,
      bytes(r.growth),
      fmt(r.growth / CYCLES, 1),
      r.timersLeft,
      `${r.reachable} of ${r.tracked}`,
      bytes(ourMountMemory.growth - r.growth),
    ]),
  ),
);
out();
out(
  '"timers left" were run out on the fake clock before the heap was measured. "instances reachable": every 50th unmounted instance was tracked with WeakRefs.',
);
target(
  `4. heap growth after ${fmt(CALLS)} run() calls ≤ ${bytes(MAX_CALL_GROWTH)} (noise)`,
  bytes(ourCallMemory.growth),
  bytes(MAX_CALL_GROWTH),
  ourCallMemory.growth <= MAX_CALL_GROWTH,
);
target(
  `4. heap growth after ${fmt(CYCLES)} useAutosave mount/unmount cycles ≤ ${bytes(MAX_MOUNT_GROWTH)} (noise), none reachable, no timer left`,
  `${bytes(ourMountMemory.growth)}, ${ourMountMemory.reachable} reachable, ${ourMountMemory.timersLeft} timers`,
  bytes(MAX_MOUNT_GROWTH),
  ourMountMemory.growth <= MAX_MOUNT_GROWTH && ourMountMemory.reachable === 0 && ourMountMemory.timersLeft === 0,
);

// 5. Bundle bytes
const sizes = await measureBundles();
out();
out('## 5. Bundle bytes (esbuild bundle + minify, ESM, react/react-dom external; gzip level 9)');
out();
out(
  table(
    ['ours (from src)', 'minified', 'min+gzip', 'peer', 'peer min+gzip', 'ours ÷ this'],
    ourEntries.flatMap(({ name }) =>
      (pairs[name] ?? ['']).map((peer, i) => [
        i ? '' : name,
        i ? '' : fmt(sizes.get(name).minified),
        i ? '' : fmt(sizes.get(name).gzip),
        peer || '(no peer does this)',
        peer ? fmt(sizes.get(peer).gzip) : '',
        peer ? ratio(sizes.get(name).gzip, sizes.get(peer).gzip) : '',
      ]),
    ),
  ),
);
out();
out(
  table(
    ['peer import', 'minified', 'min+gzip'],
    peerEntries.map(({ name }) => [name, fmt(sizes.get(name).minified), fmt(sizes.get(name).gzip)]),
  ),
);
for (const name of ['createLastTaskRunner', 'useAutosave']) {
  const { minified, sources } = sizes.get(name);
  out();
  out(`Where the minified bytes of \`{ ${name} }\` go, by source file:`);
  out();
  out(
    table(
      ['source file', 'minified bytes', 'share'],
      Object.entries(sources)
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([path, n]) => [path, fmt(n), `${((100 * n) / minified).toFixed(0)} %`]),
    ),
  );
}
const autosaveBytes = sizes.get('useAutosave').gzip;
const everythingBytes = sizes.get('contract surface').gzip;
target(
  `5. useAutosave alone ≤ its budget, ${fmt(MAX_USE_AUTOSAVE_BYTES)} B`,
  `${fmt(autosaveBytes)} B`,
  `${fmt(MAX_USE_AUTOSAVE_BYTES)} B`,
  autosaveBytes <= MAX_USE_AUTOSAVE_BYTES,
);
target(
  `5. contract surface (before lanes and badge) ≤ its budget, ${fmt(MAX_EVERYTHING_BYTES)} B`,
  `${fmt(everythingBytes)} B`,
  `${fmt(MAX_EVERYTHING_BYTES)} B`,
  everythingBytes <= MAX_EVERYTHING_BYTES,
);

// 6. Default isEqual on a big form value
const form = await measureFormEquality();
out();
out(
  `## 6. useAutosave's default isEqual (isDeepEqual) on a ${FIELDS}-field form value rebuilt on every render (tinybench medians)`,
);
out();
out(
  table(
    ['figure', 'µs'],
    [
      ['one isDeepEqual of two equal form values', fmt(form.compare / 1000, 2)],
      ['per render (isDirty in the render + the change effect: two comparisons)', fmt(form.perRender / 1000, 2)],
      [
        'a whole re-render with a new form object (React production, flushSync; the comparisons included)',
        fmt(form.rerender / 1000, 2),
      ],
    ],
  ),
);
out();
out(`Saves caused by those re-renders: ${form.saves} (the content never changed).`);
target(`6. re-renders with an equal ${FIELDS}-field form value save nothing`, form.saves, 0, form.saves === 0);

out();
out("## 7. A durable draft per keystroke (D1: JSON.stringify + localStorage.setItem, jsdom's localStorage)");
out();
out(
  table(
    ['draft size', 'median ms per change', 'p95 ms', 'changes'],
    DRAFT_SIZES.map((size) => {
      const { median, p95, rounds } = measureDraftWrite(size);
      return [bytes(size), fmt(median, 3), fmt(p95, 3), fmt(rounds)];
    }),
  ),
);

out();
out('## Targets');
out();
out(table(['target', 'ours', 'limit', 'verdict'], targets));
out();
out(`Bench finished in ${fmt((performance.now() - started) / 1000, 1)} s.`);

// 8. A key press in Chromium (test/bench/keystroke.mjs, `npm run bench:browser`), when Debian's Chromium is there.
if ((await import('node:fs')).existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium')) {
  const { spawnSync } = await import('node:child_process');
  spawnSync(process.execPath, [join(repoRoot, 'test/bench/keystroke.mjs'), '--layout', 'field', '--rounds', '3'], {
    stdio: 'inherit',
  });
} else out('\n(No Chromium: the key press benchmark, `npm run bench:browser`, was skipped.)');
