// The JavaScript a key press costs a form of 100 fields that holds every value, in Node with jsdom and production
// React: each key press re-renders all 100 fields, and each field holds one hook (or none). Bundled from src/.
//   node test/bench/keystroke/renderCost.mjs [kinds=none,ours,deb,task] [key presses=2000] [repeats=9]
// NODOM=1 renders no <input>, so that what is left is React and the hook; READABLE=1 bundles unminified, for
// `node --cpu-prof`. Prints the fastest and the median repeat, in µs per key press.
import { build } from 'esbuild';
import { JSDOM } from 'jsdom';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
const root = fileURLToPath(new URL('../../..', import.meta.url));
const entry = `
import { createElement as h, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { useDebouncedCallback } from 'use-debounce';
import { useAutosave, useLastTask } from '${join(root, 'src/index.ts')}';
const save = () => new Promise(() => {});
const input = ${process.env.NODOM ? '() => null' : "(i, value) => h('input', { id: 'f' + i, value, onChange() {} })"};
function Plain({ i, value }) { return input(i, value); }
function Ours({ i, value }) { useAutosave(value, save, 300); return input(i, value); }
function Task({ i, value }) { useLastTask({ delay: 300 }); return input(i, value); }
function Deb({ i, value }) { useDebouncedCallback(save, 300); return input(i, value); }
export const kinds = { none: Plain, ours: Ours, task: Task, deb: Deb };
export function mount(kind, el) {
  const Field = kinds[kind];
  let set;
  function Form() {
    const [values, setValues] = useState(() => Array(100).fill(''));
    set = setValues;
    return h('form', null, values.map((value, i) => h(Field, { key: i, i, value })));
  }
  const root = createRoot(el);
  flushSync(() => root.render(h(Form)));
  return { type(i, text) { flushSync(() => set((old) => old.map((v, j) => (j === i ? text : v)))); }, unmount: () => root.unmount() };
}`;
const out = await build({
  stdin: { contents: entry, resolveDir: root, loader: 'js' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  minify: !process.env.READABLE,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'silent',
});
const bundle = join(mkdtempSync(join(tmpdir(), 'render-cost-')), 'bundle.mjs');
writeFileSync(bundle, out.outputFiles[0].contents);
const dom = new JSDOM('<!doctype html><div id=a></div>');
Object.assign(globalThis, {
  window: dom.window,
  document: dom.window.document,
  navigator: dom.window.navigator,
  HTMLElement: dom.window.HTMLElement,
});
const m = await import(bundle);
const kinds = (process.argv[2] ?? 'none,ours,deb,task').split(',');
const N = Number(process.argv[3] ?? 2000);
const res = {};
const REPS = Number(process.argv[4] ?? 9);
for (let rep = 0; rep < REPS; rep++)
  for (const kind of kinds) {
    const el = document.createElement('div');
    document.body.append(el);
    const f = m.mount(kind, el);
    let text = '';
    for (let k = 0; k < 300; k++) f.type(k % 100, (text += 'a'));
    const t0 = performance.now();
    for (let k = 0; k < N; k++) {
      if (text.length > 50) text = '';
      f.type((k * 37) % 100, (text += 'b'));
    }
    const us = ((performance.now() - t0) / N) * 1000;
    (res[kind] ??= []).push(us);
    f.unmount();
    el.remove();
  }
for (const [k, v] of Object.entries(res)) {
  v.sort((a, b) => a - b);
  console.log(
    k.padEnd(6),
    `min ${v[0].toFixed(0)} µs, median ${v[v.length >> 1].toFixed(0)} µs per key press (100 fields)`,
  );
}
