// `npm run bench:browser`: the cost of a key press in a real browser. A form of 100 controlled text fields,
// each saved on its own (react-last-task's useAutosave, use-debounce's useDebouncedCallback, react-autosave's
// useAutosave, or no autosave at all), is typed into with Playwright's keyboard in Debian's Chromium, and the
// page measures every key press from keydown to the next paint (see keystroke/page.mjs).
// Run directly: npx tsup && node test/bench/keystroke.mjs [--layout field|form|both] [--rounds 5] [--runs 1]
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '../..');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const FORMS = ['none', 'ours', 'use-debounce', 'react-autosave'];
export const FORM_NAMES = {
  none: 'no autosave',
  ours: 'react-last-task useAutosave',
  'use-debounce': 'use-debounce useDebouncedCallback',
  'react-autosave': 'react-autosave useAutosave',
};
export const FIELDS = 100;
export const DELAY = 300; // every implementation's debounce delay, ms
export const SAVE_MS = 200; // how long each save's fake fetch takes, ms
export const KEYS_PER_FIELD = 10; // a burst of 10 characters into one field, then the next field
export const GAP = 25; // ms after a key press was painted before the next key press (≈ 45–60 ms per key)
export const STRIDE = 37; // the next field: 37 fields further (mod 100), so the fields typed into are spread out
export const WARMUP_FIELDS = 3; // per page, before the measured key presses

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), n: sorted.length };
};

async function bundlePage() {
  const result = await build({
    entryPoints: [join(here, 'keystroke/page.mjs')],
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

async function serve(script) {
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>keystroke</title>' +
    '<style>form{display:grid;grid-template-columns:repeat(4,1fr);gap:4px 12px;font:13px sans-serif}' +
    'label{display:flex;gap:6px;align-items:center}input{flex:1;min-width:0}</style></head>' +
    '<body><div id="root"></div><script type="module" src="/page.js"></script></body></html>';
  // Cross-origin isolated, so that performance.now() counts in 5 µs steps instead of 100 µs.
  const isolated = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/') response.writeHead(200, { 'content-type': 'text/html', ...isolated }).end(html);
    else if (path === '/page.js')
      response.writeHead(200, { 'content-type': 'text/javascript', ...isolated }).end(script);
    else response.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Types `visits.length` bursts of KEYS_PER_FIELD characters, one burst per field in `visits`. */
async function type(page, visits, pressed) {
  for (const field of visits) {
    await page.focus(`#f${field}`);
    for (let k = 0; k < KEYS_PER_FIELD; k++) {
      await page.keyboard.press(String.fromCharCode(97 + ((field + k) % 26)));
      pressed++;
      await page.evaluate(([n, gap]) => window.__bench.waitFor(n, gap), [pressed, GAP]);
    }
  }
  return pressed;
}

/**
 * One page per form and round, in an order that rotates each round; per page WARMUP_FIELDS bursts that are not
 * counted, then `keysPerRound` measured key presses. Returns each form's samples over all rounds.
 */
export async function measureKeystrokes({ layout = 'field', rounds = 5, keysPerRound = 100, log = () => {} } = {}) {
  if (!existsSync(join(root, 'dist/index.js'))) throw new Error('dist/index.js is missing: run `npx tsup` first');
  const server = await serve(await bundlePage());
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-extensions',
    ],
  });
  const version = browser.version();
  const results = Object.fromEntries(
    FORMS.map((form) => [form, { paint: [], work: [], slowEvents: 0, saves: 0, rounds: [] }]),
  );
  const fieldsPerRound = keysPerRound / KEYS_PER_FIELD;
  try {
    for (let round = 0; round < rounds; round++) {
      const order = FORMS.map((_, i) => FORMS[(i + round) % FORMS.length]);
      for (const form of order) {
        const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
        await page.goto(`${server.url}?form=${form}&layout=${layout}&fields=${FIELDS}&delay=${DELAY}&save=${SAVE_MS}`);
        await page.waitForSelector(`#f${FIELDS - 1}`);
        // Fields visited: the measured ones continue from round to round; the warm-up uses fields no round uses.
        const visit = (k) => (k * STRIDE) % FIELDS;
        const warmup = Array.from({ length: WARMUP_FIELDS }, (_, j) => visit(rounds * fieldsPerRound + j));
        const measured = Array.from({ length: fieldsPerRound }, (_, j) => visit(round * fieldsPerRound + j));
        const pressed = await type(page, warmup, 0);
        await page.evaluate(() => window.__bench.reset());
        await type(page, measured, pressed);
        // Let the last saves finish, then read the figures.
        await page.evaluate((ms) => new Promise((resolve) => setTimeout(resolve, ms)), DELAY + SAVE_MS + 100);
        const figures = await page.evaluate(() => {
          const b = window.__bench;
          const longest = new Map();
          for (const [id, , duration] of b.eventTiming) longest.set(id, Math.max(longest.get(id) ?? 0, duration));
          return {
            paint: b.paint,
            work: b.work,
            slowEvents: longest.size,
            saves: b.saves,
            values: [...document.querySelectorAll('input')].map((i) => i.value),
          };
        });
        await context.close();
        if (errors.length) throw new Error(`${form}: ${errors.join('\n')}`);
        if (figures.paint.length !== keysPerRound || figures.work.length !== keysPerRound)
          throw new Error(
            `${form}: ${figures.paint.length} paints and ${figures.work.length} inputs measured, ${keysPerRound} expected`,
          );
        const typed = figures.values.reduce((sum, value) => sum + value.length, 0);
        if (typed !== keysPerRound + WARMUP_FIELDS * KEYS_PER_FIELD)
          throw new Error(`${form}: ${typed} characters in the fields`);
        // One save per burst at least (more when the shared CPU held a key press back longer than the delay).
        if (form !== 'none' && figures.saves.done < fieldsPerRound + WARMUP_FIELDS)
          throw new Error(
            `${form}: ${figures.saves.done} saves finished, at least ${fieldsPerRound + WARMUP_FIELDS} expected (one per burst)`,
          );
        const r = results[form];
        r.paint.push(...figures.paint);
        r.work.push(...figures.work);
        r.slowEvents += figures.slowEvents;
        r.saves += figures.saves.done;
        r.rounds.push(stats(figures.paint).median);
        log(
          `round ${round + 1}/${rounds} ${form}: paint median ${stats(figures.paint).median.toFixed(1)} ms, work median ${stats(figures.work).median.toFixed(3)} ms`,
        );
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const none = { paint: stats(results.none.paint), work: stats(results.none.work) };
  return {
    chromium: version,
    layout,
    rows: FORMS.map((form) => {
      const r = results[form];
      const paint = stats(r.paint);
      const work = stats(r.work);
      return {
        form,
        name: FORM_NAMES[form],
        paint,
        work,
        paintRatio: paint.median / none.paint.median,
        paintP95Ratio: paint.p95 / none.paint.p95,
        workRatio: work.median / none.work.median,
        slowEvents: r.slowEvents,
        saves: r.saves,
        rounds: r.rounds,
      };
    }),
  };
}

const f = (n, digits = 1) => n.toFixed(digits);
const ratio = (n) => `${n.toFixed(2)}×`;

/** Markdown of one measurement: the table, then whether the targets are met. */
export function report({ chromium: version, layout, rows }) {
  const lines = [];
  const n = rows[0].paint.n;
  lines.push(
    `### Layout "${layout}" (${layout === 'field' ? 'each field holds its value: a key press renders one field' : 'the form holds every value: a key press renders the form and its 100 fields'}); Chromium ${version}, ${n} key presses per form`,
    '',
    '| form | key press → paint median ms | p95 ms | ÷ no autosave (median / p95) | work median ms | p95 ms | ÷ no autosave | Event Timing ≥ 16 ms | saves | per-round paint medians |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const r of rows)
    lines.push(
      `| ${r.name} | ${f(r.paint.median)} | ${f(r.paint.p95)} | ${ratio(r.paintRatio)} / ${ratio(r.paintP95Ratio)} | ${f(r.work.median, 3)} | ${f(r.work.p95, 3)} | ${ratio(r.workRatio)} | ${r.slowEvents} | ${r.saves} | ${r.rounds.map((m) => f(m)).join(' / ')} |`,
    );
  const ours = rows.find((r) => r.form === 'ours');
  const peers = rows.filter((r) => r.form !== 'ours' && r.form !== 'none');
  const within = ours.paintRatio <= 1.1;
  const noSlower = peers.every((p) => ours.paint.median <= p.paint.median);
  lines.push(
    '',
    `Target: within 10 % of no autosave (paint median): ${ratio(ours.paintRatio)}, ${within ? 'met' : 'MISSED'}; ` +
      `no slower than either peer: ${peers.map((p) => `${p.name} ${f(p.paint.median)} ms`).join(', ')}, ${noSlower ? 'met' : 'MISSED'}.`,
  );
  return { text: lines.join('\n'), met: within && noSlower };
}

export function header() {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? cpus()[0]?.model;
  const version = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  return (
    `## Cost of a key press in Chromium (${FIELDS} controlled fields, each saved on its own)\n\n` +
    `Machine: ${cpu}, ${cpus().length} cores (shared: the figures are noisy). Node ${process.version}, React ${version('react')} (production), ` +
    `use-debounce ${version('use-debounce')}, react-autosave ${version('react-autosave')}, playwright-core ${version('playwright-core')}. ` +
    `Debounce ${DELAY} ms for all, each save a fake fetch of ${SAVE_MS} ms; bursts of ${KEYS_PER_FIELD} keys into one field, ` +
    `${GAP} ms after each paint, then the field ${STRIDE} further on; ${WARMUP_FIELDS} warm-up bursts per page; a fresh page per form and round, ` +
    `the forms' order rotating each round.\n`
  );
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  if (!existsSync(chromiumPath)) {
    console.log(`${chromiumPath} is missing: install it with \`apt-get update && apt-get install -y chromium\``);
    process.exit(1);
  }
  const layoutArg = arg('layout', 'both');
  const layouts = layoutArg === 'both' ? ['field', 'form'] : [layoutArg];
  const rounds = Number(arg('rounds', 5));
  const runs = Number(arg('runs', 1));
  const started = performance.now();
  console.log(header());
  let allMet = true;
  for (let run = 1; run <= runs; run++)
    for (const layout of layouts) {
      const result = await measureKeystrokes({
        layout,
        rounds,
        log: (line) => process.stderr.write(`[${layout} run ${run}] ${line}\n`),
      });
      const { text, met } = report(result);
      allMet &&= met;
      console.log(`${runs > 1 ? `Run ${run}. ` : ''}${text}\n`);
    }
  console.log(`Finished in ${f((performance.now() - started) / 1000)} s.`);
  if (process.argv.includes('--strict') && !allMet) process.exitCode = 1;
}
