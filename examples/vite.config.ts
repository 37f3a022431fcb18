import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The demo page. No React plugin: Vite compiles TSX with the automatic JSX runtime by itself.
// 'react-last-task' is the package's own source, so the demo shows the public API exactly as it is now.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: {
    alias: { 'react-last-task': fileURLToPath(new URL('../src/index.ts', import.meta.url)) },
  },
  build: { outDir: 'dist', emptyOutDir: true },
  logLevel: 'warn',
});
