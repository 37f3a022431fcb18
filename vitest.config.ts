import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The whole suite runs twice in one `vitest run`: against React 19 (the root install) and against
// React 18 (test/react18, with its own react, react-dom and @testing-library/react).
const react18 = (name: string) => fileURLToPath(new URL(`./test/react18/node_modules/${name}`, import.meta.url));
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The recipes (examples/recipes) import the package by its name, as an app would: tests resolve it to src/.
// (tsconfig.json's `paths` does the same for the type check.)
const packageByName = [
  { find: /^react-last-task$/, replacement: here('./src/index.ts') },
  { find: /^react-last-task\/core$/, replacement: here('./src/core/index.ts') },
];
// Libraries the recipes use with React: in the react18 project they are inlined (bundled by Vite), so that
// their `import 'react'` goes through the project's alias to React 18 instead of loading the root React 19.
const recipeLibraries = ['@tanstack/react-query', 'react-hook-form', 'react-router'];

export default defineConfig({
  resolve: { alias: packageByName },
  test: {
    // Each project names its own files: `include` set here would be merged into every project.
    setupFiles: ['test/setup.ts'],
    projects: [
      {
        extends: true,
        // Core, hooks, budgets and the type tests; the browser tests run in their own project (e2e, below).
        test: {
          name: 'react19',
          env: { REACT_VERSION: '19' },
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', 'test/e2e/**'],
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        extends: true,
        resolve: {
          alias: [
            ...packageByName,
            { find: /^react$/, replacement: react18('react') },
            { find: /^react\//, replacement: `${react18('react')}/` },
            { find: /^react-dom$/, replacement: react18('react-dom') },
            { find: /^react-dom\//, replacement: `${react18('react-dom')}/` },
            { find: /^@testing-library\/react$/, replacement: react18('@testing-library/react') },
            // Under Node, react-router's exports pick its CommonJS build, whose require('react') no alias reaches.
            { find: /^react-router$/, replacement: here('./node_modules/react-router/dist/development/index.mjs') },
          ],
        },
        // The core never imports React: its tests run once, in the react19 project. The recipes that render
        // (test/recipes/*.test.tsx) run on both.
        test: {
          name: 'react18',
          env: { REACT_VERSION: '18' },
          include: ['test/react/**/*.test.{ts,tsx}', 'test/recipes/**/*.test.tsx'],
          server: { deps: { inline: recipeLibraries } },
        },
      },
      {
        // Browser tests of the demo page (examples/) in Debian's Chromium through playwright-core; they are
        // skipped when /usr/bin/chromium is missing, and fail then when CI=true. Real timers, node environment.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/globalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
