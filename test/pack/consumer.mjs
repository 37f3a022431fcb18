// Installs the packed tarball into a fresh consumer project and uses it the way an app would:
// ESM and CommonJS entry points, the /core subpath, server rendering of the hooks, and the types
// under TypeScript's node16 and bundler resolution. Prints `pack: N passed, N failed`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'react-last-task-consumer-'));
const sh = (cmd, args, cwd = dir) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
let passed = 0;
let failed = 0;
const check = (name, fn) => {
  try {
    fn();
    passed++;
    console.log(`  ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`  FAIL ${name}\n${String(error.stdout ?? '')}${String(error.stderr ?? '')}${error.message}`);
  }
};

try {
  const tarball = sh('npm', ['pack', '--silent', '--pack-destination', dir], root).trim().split('\n').pop();
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const version = (name) =>
    JSON.parse(sh('node', ['-p', `JSON.stringify(require("${name}/package.json").version)`], root));
  sh('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    join(dir, tarball),
    ...['react', 'react-dom', '@types/react'].map((name) => `${name}@${version(name)}`),
  ]);

  writeFileSync(
    join(dir, 'esm.mjs'),
    `import { createLastTaskRunner, useLastTask, useAutosave } from 'react-last-task';
import { createLastTaskRunner as coreRunner } from 'react-last-task/core';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
const runner = createLastTaskRunner({ delay: 5 });
const first = runner.run(() => 'first');
const last = runner.run(async ({ seq }) => 'last ' + seq);
const outcomes = await Promise.all([first, last]);
if (JSON.stringify(outcomes) !== JSON.stringify([{ status: 'cancelled', reason: 'superseded' }, { status: 'done', value: 'last 2' }])) throw new Error(JSON.stringify(outcomes));
if ((await coreRunner().run(() => 1)).status !== 'done') throw new Error('core subpath');
function Form() { const { status, isDirty } = useAutosave('draft', async () => {}); const task = useLastTask(); return createElement('p', null, status + ' ' + isDirty + ' ' + task.status); }
const html = renderToString(createElement(Form));
if (!html.includes('idle false idle')) throw new Error(html);
console.log('esm ok');`,
  );
  writeFileSync(
    join(dir, 'cjs.cjs'),
    `const { createLastTaskRunner, useAutosave, useLastTask } = require('react-last-task');
const core = require('react-last-task/core');
if (typeof useAutosave !== 'function' || typeof useLastTask !== 'function' || typeof core.createLastTaskRunner !== 'function') throw new Error('exports');
createLastTaskRunner().run(() => { throw new Error('boom'); }).then((o) => { if (o.status !== 'error') throw new Error(JSON.stringify(o)); console.log('cjs ok'); });`,
  );
  writeFileSync(
    join(dir, 'types.ts'),
    `import { createLastTaskRunner, useAutosave, type Outcome, type TaskStatus, type AutosaveStatus } from 'react-last-task';
import type { LastTaskRunner } from 'react-last-task/core';
const runner: LastTaskRunner<number> = createLastTaskRunner<number>({ delay: 10, mode: 'keepLatest' });
const outcome: Promise<Outcome<number>> = runner.run(({ previous, signal }) => (previous ?? 0) + (signal.aborted ? 0 : 1));
const status: TaskStatus = runner.getSnapshot().status;
export function Field() {
  const saved = useAutosave('x', async (value: string) => ({ length: value.length }));
  const s: AutosaveStatus = saved.status;
  void saved.flush().then((o) => (o?.status === 'done' ? o.value.length : 0));
  return s;
}
void outcome; void status;`,
  );
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const tscArgs = ['--noEmit', '--strict', '--types', 'react', 'types.ts'];

  check('ESM import, /core subpath and server rendering', () => sh('node', ['esm.mjs']));
  check('CommonJS require', () => sh('node', ['cjs.cjs']));
  check('types under moduleResolution node16', () =>
    sh('node', [tsc, ...tscArgs, '--module', 'node16', '--moduleResolution', 'node16']),
  );
  check('types under moduleResolution bundler', () =>
    sh('node', [tsc, ...tscArgs, '--module', 'esnext', '--moduleResolution', 'bundler']),
  );
  // The React entry is a client boundary for Next.js's App Router; the core entry is not.
  check('"use client" starts the React entry, and only it', () => {
    const pkg = join(dir, 'node_modules/react-last-task/dist');
    const head = (file) => readFileSync(join(pkg, file), 'utf8').slice(0, 40);
    for (const file of ['index.js', 'index.cjs'])
      if (!head(file).startsWith('"use client";')) throw new Error(`${file}: ${head(file)}`);
    for (const file of ['core.js', 'core.cjs'])
      if (readFileSync(join(pkg, file), 'utf8').includes('use client')) throw new Error(file);
  });
  // The README and the docs travel with the package (npm's page, an editor, node_modules): their links must work
  // there, except those to files only a clone has, which are listed here.
  check('the relative links of the packed README and docs resolve inside the package', () => {
    const pkg = join(dir, 'node_modules/react-last-task');
    const cloneOnly = new Set(['CONTRIBUTING.md', 'test/recipes', 'examples/screenshot.png']);
    const markdown = (folder) =>
      readdirSync(folder).flatMap((name) => {
        const path = join(folder, name);
        return statSync(path).isDirectory() ? markdown(path) : name.endsWith('.md') ? [path] : [];
      });
    const dead = [];
    for (const file of markdown(pkg)) {
      for (const [, target] of readFileSync(file, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:|#)/.test(target)) continue;
        const path = relative(pkg, join(dirname(file), target.split('#')[0])).replace(/\/$/, '');
        if (!existsSync(join(pkg, path)) && !cloneOnly.has(path)) dead.push(`${relative(pkg, file)} → ${target}`);
      }
    }
    if (dead.length) throw new Error(`links to files not in the package:\n${dead.join('\n')}`);
  });
} catch (error) {
  failed++;
  console.log(`  FAIL packing or installing: ${String(error.stderr ?? '')}${error.message}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`pack: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
