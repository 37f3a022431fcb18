import { readFileSync, writeFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

/**
 * The React entry's built files start with "use client", so that a Next.js server component that imports a hook
 * gets the client boundary instead of a confusing error; the core entry (and the chunk it shares with the React
 * entry) stays free of it, usable on the server. Added after the build: esbuild drops directives from bundled
 * modules, and a banner would reach every file. The source map gets one empty line in front to match.
 */
export function markClientEntry(outDir = 'dist') {
  for (const file of [`${outDir}/index.js`, `${outDir}/index.cjs`]) {
    const code = readFileSync(file, 'utf8');
    if (code.startsWith('"use client"')) continue;
    writeFileSync(file, `"use client";\n${code}`);
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { mappings: string };
    map.mappings = `;${map.mappings}`;
    writeFileSync(`${file}.map`, JSON.stringify(map));
  }
}

export default defineConfig({
  entry: { index: 'src/index.ts', core: 'src/core/index.ts' },
  format: ['esm', 'cjs'],
  // tsup injects `baseUrl`, which TypeScript 6 deprecates.
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  clean: true,
  target: 'es2020',
  external: ['react'],
  onSuccess: async () => markClientEntry(),
});
