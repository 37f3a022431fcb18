import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The whole suite runs twice in one `vitest run`: against React 19 (the root install) and against
// React 18 (test/react18, with its own react, react-dom and @testing-library/react).
const react18 = (name: string) => fileURLToPath(new URL(`./test/react18/node_modules/${name}`, import.meta.url));

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    projects: [
      { extends: true, test: { name: 'react19', env: { REACT_VERSION: '19' } } },
      {
        extends: true,
        resolve: {
          alias: {
            react: react18('react'),
            'react-dom': react18('react-dom'),
            '@testing-library/react': react18('@testing-library/react'),
          },
        },
        // The core never imports React: its tests run once, in the react19 project.
        test: { name: 'react18', env: { REACT_VERSION: '18' }, include: ['test/react/**/*.test.{ts,tsx}'] },
      },
    ],
  },
});
