import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/*
 * The test run that Stryker uses (stryker.config.mjs): the react19 project of vitest.config.ts, as one flat
 * config (the Stryker vitest runner runs every project it finds), without the browser tests (test/e2e) and
 * without the bundle budgets (they measure the bundle's bytes, which any mutant changes). test/stryker.setup.ts
 * fixes fast-check's seed, so that every mutant meets the same random runs. The README's recipes (test/recipes)
 * are left out too: they test the documentation's examples with third-party libraries, not the contract.
 */
type Project = { test?: { name?: string; include?: string[]; exclude?: string[]; env?: Record<string, string> } };
const projects = (base.test?.projects ?? []) as unknown[];
const react19 = projects.find(
  (p): p is Project => typeof p === 'object' && p !== null && (p as Project).test?.name === 'react19',
);
if (!react19?.test) throw new Error('vitest.config.ts has no react19 project');

export default defineConfig({
  test: {
    setupFiles: [...[base.test?.setupFiles ?? []].flat(), 'test/stryker.setup.ts'],
    include: react19.test.include ?? [],
    exclude: [...(react19.test.exclude ?? []), 'test/budgets.test.ts', 'test/bench/**', 'test/recipes/**'],
    env: react19.test.env ?? {},
  },
});
