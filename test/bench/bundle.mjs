// Figure 5: bundle bytes, min+gzip, through the one pipeline in bundleSize.mjs (also used by
// test/budgets.test.ts). Our entries import src/index.ts, as the budget test does.
import { measureBundle, reexport } from './bundleSize.mjs';

export const ourEntries = [
  { name: 'useAutosave', code: reexport('useAutosave') },
  { name: 'useLastTask', code: reexport('useLastTask') },
  { name: 'createLastTaskRunner', code: reexport('createLastTaskRunner') },
  // The contract's surface: what the package exported before the lanes and the badge.
  { name: 'contract surface', code: reexport('createLastTaskRunner, useLastTask, useAutosave') },
  { name: 'useLastTaskLanes', code: reexport('useLastTaskLanes') },
  { name: 'useStatusBadge', code: reexport('useStatusBadge') },
  { name: 'everything', code: reexport('*') },
];

export const peerEntries = [
  { name: 'react-autosave useAutosave', code: reexport('useAutosave', 'react-autosave') },
  { name: 'use-debounce useDebounce', code: reexport('useDebounce', 'use-debounce') },
  { name: 'use-debounce useDebouncedCallback', code: reexport('useDebouncedCallback', 'use-debounce') },
  { name: '@tanstack/react-pacer useDebouncer', code: reexport('useDebouncer', '@tanstack/react-pacer') },
  { name: 'lodash.debounce', code: reexport('default', 'lodash.debounce') },
  { name: '@tanstack/pacer Debouncer', code: reexport('Debouncer', '@tanstack/pacer') },
  { name: 'use-debounce (everything)', code: reexport('*', 'use-debounce') },
];

/** Which peer import each of ours is compared with: the closest equivalent. */
export const pairs = {
  useAutosave: ['react-autosave useAutosave', 'use-debounce useDebounce'],
  useLastTask: ['use-debounce useDebouncedCallback', '@tanstack/react-pacer useDebouncer'],
  createLastTaskRunner: ['lodash.debounce', '@tanstack/pacer Debouncer'],
  'contract surface': ['use-debounce (everything)', 'react-autosave useAutosave'],
  everything: ['use-debounce (everything)', 'react-autosave useAutosave'],
};

export async function measureBundles() {
  const sizes = new Map();
  for (const entry of [...ourEntries, ...peerEntries]) sizes.set(entry.name, await measureBundle(entry.code));
  return sizes;
}
