// @ts-check
/**
 * Mutation testing: `npm run mutate` (Stryker 9.6.1 with the vitest runner). It runs the react19 tests
 * through vitest.stryker.config.ts: no e2e browser project, no bundle budgets, no React 18 re-run.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.stryker.config.ts' },
  mutate: ['src/**/*.ts'],
  reporters: ['json', 'clear-text', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  thresholds: { high: 90, low: 80, break: 90 },
};
