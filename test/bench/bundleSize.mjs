// One min+gzip pipeline for every bundle-size figure: the bench (test/bench/bundle.mjs) and the
// budget test (test/budgets.test.ts) both measure through `measureBundle`, so their numbers agree.
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const srcEntry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

/** An entry module that re-exports `names` (e.g. `'useAutosave'`, `'default'`, `'*'`) from `from`. */
export const reexport = (names, from = srcEntry) =>
  names === '*' ? `export * from ${JSON.stringify(from)};` : `export { ${names} } from ${JSON.stringify(from)};`;

/**
 * Bundles `entryCode` with esbuild (bundle, minify, ESM, react and react-dom external; esbuild's default
 * target, so nothing is down-levelled) and gzips the result at level 9. Bare imports resolve from the repo.
 * `sources` gives the minified bytes of each source file in the bundle.
 */
export async function measureBundle(entryCode) {
  const result = await build({
    stdin: { contents: entryCode, resolveDir: repoRoot, sourcefile: 'size-entry.js', loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external: ['react', 'react-dom'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  // Minified bytes per source file (gzip cannot be split by file): where the bytes go.
  const [meta] = Object.values(result.metafile.outputs);
  const sources = Object.fromEntries(
    Object.entries(meta.inputs).map(([path, { bytesInOutput }]) => [path.replace(/^.*?src\//, 'src/'), bytesInOutput]),
  );
  return {
    minified: output.contents.length,
    gzip: gzipSync(output.contents, { level: 9 }).length,
    code: output.text,
    sources,
  };
}

/**
 * The byte budgets: min+gzip bytes of an entry that re-exports these names, for the budget test
 * (test/budgets.test.ts) and the bench's targets. Each holds what the code weighs today with under 1 % of room, so
 * that any growth is a decision; they replaced the first goals (docs/size.md says why). Where the bytes go, by
 * source file and by feature: docs/size.md.
 */
export const BUDGETS = [
  ['createLastTaskRunner, useLastTask, useAutosave', 4020],
  ['useAutosave', 3770],
  ['useLastTask', 2670],
  ['createLastTaskRunner', 2290],
  ['createLastTaskLanes', 3035],
  ['useLastTaskLanes', 3280],
  ['mergeStatus', 300],
  ['useStatusBadge', 1275],
  ['createStatusBadge', 1160],
  ['useAutosave, useDraft', 5960],
  ['*', 8100],
];
