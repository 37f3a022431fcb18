// What a durable draft costs per keystroke (D1): one JSON.stringify of the value and one localStorage.setItem,
// measured through createDraft on jsdom's localStorage, for a 10 kB and a 1 MB text.
import { createDraft } from '../../dist/index.js';

export const DRAFT_SIZES = [10 * 1024, 1024 * 1024];

/** Median milliseconds of one change written as a draft, over `rounds` changes of a `size`-character text. */
export function measureDraftWrite(size, rounds = size > 100_000 ? 40 : 400) {
  const store = globalThis.window.localStorage;
  store.clear();
  const draft = createDraft(`bench:${size}`, { store });
  const detach = draft.attach({
    isEqual: Object.is,
    baseline: () => '',
    latest: () => '',
    isDirty: () => true,
    reset() {},
    rehold() {},
  });
  const base = 'x'.repeat(size - 8);
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const value = `${base}${String(i).padStart(8, '0')}`;
    const start = performance.now();
    draft.changed(value, true);
    times.push(performance.now() - start);
  }
  detach();
  store.clear();
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)], rounds };
}
