// ESLint for the package, its tests and its examples: the recommended JavaScript and TypeScript rules, the
// React hooks rules (the package is a hooks library: its own hooks are checked like a user's), and strict
// equality (`== null` stays allowed: it means "null or undefined").
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'reports/**',
      '.stryker-tmp/**',
      'examples/dist/**',
      'demo-data/**',
      '.size-entry.ts',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // `let x!: X` assigned once, after callbacks that read it were made, cannot be a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // A leading underscore marks a parameter or binding kept on purpose (a callback's unused argument).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The browser tests read the server's JSON answers and SQLite rows as the server wrote them.
    files: ['test/e2e/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
