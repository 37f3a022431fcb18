// @vitest-environment node
// With Next.js's App Router, importing a hook from a server component failed confusingly while the built files had
// no "use client" directive. The React entry's files get one; the core entry must not.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import config, { markClientEntry } from '../tsup.config';

const out = mkdtempSync(join(tmpdir(), 'react-last-task-dist-'));

beforeAll(async () => {
  // The package's own tsup config, into a temporary folder, without the (slow) declaration files.
  await build({ ...config, outDir: out, dts: false, silent: true, onSuccess: async () => markClientEntry(out) });
}, 60_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

const read = (file: string) => readFileSync(join(out, file), 'utf8');

describe('"use client" in the built React entry only', () => {
  test('dist/index.js and dist/index.cjs start with the "use client" directive', () => {
    expect(read('index.js').startsWith('"use client";\n')).toBe(true);
    expect(read('index.cjs').startsWith('"use client";\n"use strict";')).toBe(true);
  });

  test('the source maps are shifted by the added line', () => {
    for (const file of ['index.js', 'index.cjs'])
      expect(JSON.parse(read(`${file}.map`)).mappings.startsWith(';')).toBe(true);
  });

  test('the core entry and the chunk it shares with the React entry have no "use client" and import no React', () => {
    const core = readdirSync(out).filter((file) => /\.(c?js)$/.test(file) && !file.startsWith('index.'));
    expect(core).toEqual(expect.arrayContaining(['core.js', 'core.cjs']));
    for (const file of core) {
      expect(read(file), file).not.toContain('use client');
      expect(read(file), file).not.toMatch(/from ["']react["']|require\(["']react["']\)/);
    }
  });

  test('the core entry is usable on the server (ESM and CommonJS): a runner runs its task', async () => {
    const esm = (await import(pathToFileURL(join(out, 'core.js')).href)) as typeof import('../src/core/index');
    await expect(esm.createLastTaskRunner<number>().run(() => 1)).resolves.toEqual({ status: 'done', value: 1 });
    const cjs = createRequire(import.meta.url)(join(out, 'core.cjs')) as typeof import('../src/core/index');
    await expect(cjs.createLastTaskRunner<number>().run(() => 2)).resolves.toEqual({ status: 'done', value: 2 });
  });

  test('building twice does not add the directive twice', () => {
    markClientEntry(out);
    expect(read('index.js').match(/"use client"/g)).toHaveLength(1);
  });
});
