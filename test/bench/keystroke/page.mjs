// The page that test/bench/keystroke.mjs types into: a form of FIELDS controlled text fields, each saved on
// its own by one of four implementations (?form=), with the value held per field or by the form (?layout=).
// Bundled by esbuild with production React; it measures every key press itself and exposes the figures on
// window.__bench for the driver to read.
import { createElement as h, useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useDebouncedCallback } from 'use-debounce';
import { useAutosave as useReactAutosave } from 'react-autosave';
import { useAutosave } from '../../../dist/index.js';

const params = new URLSearchParams(location.search);
const form = params.get('form');
const layout = params.get('layout') ?? 'field';
const FIELDS = Number(params.get('fields') ?? 100);
const DELAY = Number(params.get('delay') ?? 300);
const SAVE_MS = Number(params.get('save') ?? 200);

// ---- the saves: a fake fetch that resolves SAVE_MS later, the same for every form ----
const saves = { started: 0, done: 0 };
const save = () => {
  saves.started++;
  return new Promise((resolve) => setTimeout(() => resolve(saves.done++), SAVE_MS));
};

// ---- the fields: the same <label><input/></label> for every form; only the saving differs ----
const input = (i, value, onChange) =>
  h(
    'label',
    { key: i },
    `Field ${i}`,
    h('input', { id: `f${i}`, value, onChange, autoComplete: 'off', spellCheck: false }),
  );

/** `value`, `setValue(i, text)`: from the form (layout "form") or from the field's own state (layout "field"). */
function PlainField({ i, value, setValue }) {
  return input(i, value, (event) => setValue(i, event.target.value));
}
function OursField({ i, value, setValue }) {
  useAutosave(value, save, DELAY);
  return input(i, value, (event) => setValue(i, event.target.value));
}
function UseDebounceField({ i, value, setValue }) {
  const saveLater = useDebouncedCallback(save, DELAY);
  return input(i, value, (event) => {
    setValue(i, event.target.value);
    saveLater(event.target.value);
  });
}
function ReactAutosaveField({ i, value, setValue }) {
  useReactAutosave({ data: value, onSave: save, interval: DELAY });
  return input(i, value, (event) => setValue(i, event.target.value));
}
const fieldKinds = {
  none: PlainField,
  ours: OursField,
  'use-debounce': UseDebounceField,
  'react-autosave': ReactAutosaveField,
};
const Field = fieldKinds[form];
if (!Field) throw new Error(`unknown form ${form}`);

/** Layout "field": each field holds its value, so a key press renders that field only. */
function OwnStateField({ i }) {
  const [value, setOwn] = useState('');
  const setValue = useCallback((_, text) => setOwn(text), []);
  return h(Field, { i, value, setValue });
}
function FieldStateForm() {
  return h(
    'form',
    null,
    Array.from({ length: FIELDS }, (_, i) => h(OwnStateField, { key: i, i })),
  );
}

/** Layout "form": the form holds every value, so a key press renders the form and all its fields. */
function FormStateForm() {
  const [values, setValues] = useState(() => Array(FIELDS).fill(''));
  const setValue = useCallback((i, text) => setValues((old) => old.map((v, j) => (j === i ? text : v))), []);
  return h(
    'form',
    null,
    values.map((value, i) => h(Field, { key: i, i, value, setValue })),
  );
}

// ---- the measurement ----
// paint: keydown (capture, the first listener to run) → requestAnimationFrame → a task posted from it, which
// runs once the frame that shows the new character is painted.
// work: the input event's first listener (document, capture) → its last (window, bubble), which runs after React's
// listener on the root returned: the render, the commit and, for a discrete update, the effects.
const bench = {
  form,
  layout,
  saves,
  paint: [],
  work: [],
  eventTiming: [],
  waiters: [],
  reset() {
    this.paint.length = 0;
    this.work.length = 0;
    this.eventTiming.length = 0;
  },
  /** Resolves `gap` ms after the n-th key press of this page was painted. */
  waitFor(n, gap) {
    return new Promise((resolve) => {
      const done = () => setTimeout(resolve, gap);
      if (presses >= n && painted >= n) done();
      else this.waiters.push({ n, done });
    });
  },
};
window.__bench = bench;
let presses = 0;
let painted = 0;
const post = (fn) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    fn();
  };
  channel.port2.postMessage(null);
};
document.addEventListener(
  'keydown',
  () => {
    const start = performance.now();
    presses++;
    requestAnimationFrame(() =>
      post(() => {
        bench.paint.push(performance.now() - start);
        painted++;
        bench.waiters = bench.waiters.filter((w) => (painted >= w.n ? (w.done(), false) : true));
      }),
    );
  },
  { capture: true },
);
let inputStart = 0;
document.addEventListener('input', () => (inputStart = performance.now()), { capture: true });
window.addEventListener('input', () => bench.work.push(performance.now() - inputStart));
// Event Timing (coarse: 8 ms steps, only entries ≥ 16 ms): the longest entry of each interaction.
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    if (entry.interactionId) bench.eventTiming.push([entry.interactionId, entry.name, entry.duration]);
}).observe({ type: 'event', durationThreshold: 16, buffered: true });

createRoot(document.getElementById('root')).render(h(layout === 'form' ? FormStateForm : FieldStateForm));
