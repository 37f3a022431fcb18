import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import base from './vitest.config.ts';

/*
 * The inner loop, `npm run test:unit`: the react19 and react18 projects of vitest.config.ts, without what only the
 * whole suite (`npm test`) runs:
 * - the type tests (test/**\/*.test-d.ts): a tsc run of the project. A project's `typecheck.enabled` wins over the
 *   CLI's `--typecheck.enabled=false`, so it is turned off here, in each project;
 * - the size and timer budgets (test/budgets.test.ts) and the "use client" check (test/useClient.test.ts): both
 *   build the package with esbuild or tsup first;
 * - the browser tests (the e2e project).
 * Files share their workers (`isolate: false`); test/setup.ts gives each file fresh modules, so a file never sees
 * another's module state.
 */
const buildsThePackage = ['test/budgets.test.ts', 'test/useClient.test.ts'];

const isInline = (p: unknown): p is TestProjectInlineConfiguration => typeof p === 'object' && p !== null;

const projects = (base.test?.projects ?? [])
  .filter(isInline)
  .filter((p) => p.test?.name === 'react19' || p.test?.name === 'react18')
  .map((p) => ({
    ...p,
    test: {
      ...p.test,
      exclude: [...(p.test?.exclude ?? configDefaults.exclude), ...buildsThePackage],
      typecheck: { ...p.test?.typecheck, enabled: false },
    },
  }));
if (projects.length !== 2) throw new Error('vitest.config.ts has no react19 and react18 projects');

export default defineConfig({
  ...base,
  test: { ...base.test, isolate: false, pool: 'threads', projects },
});
