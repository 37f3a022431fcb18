// Every snippet in the documentation is a file in the repository that is type-checked and run by a test.
// The documentation is README.md, CONTRIBUTING.md and every docs/**/*.md (docFiles below).
//
// The rule, checked below:
// 1. Every ```ts, ```tsx, ```js or ```jsx block of the documentation equals (after trimming) the text between
//    `// #region <name>` and `// #endregion` in a file of examples/recipes/ (a region inside a function body is
//    compared without the indentation its lines share), and a ```tsx block comes from a .tsx file, a ```ts block
//    from a .ts file.
// 2. A block that is not code to run (a type signature, a fragment) is exempt only when the line just before its
//    fence is the comment `<!-- readme-check: fragment -->` (docs/contract.md's type signatures use it).
// 3. Every region is shown in the documentation (no recipe goes stale unseen), and every file of examples/recipes/ is
//    imported by a test in test/recipes/ (so each snippet runs).
// `npm run typecheck` compiles examples/recipes/ (tsconfig.json includes it and maps 'react-last-task' to src/).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { docFiles, root } from './docFiles';

const recipesDir = join(root, 'examples/recipes');
const testsDir = join(root, 'test/recipes');
const FRAGMENT = '<!-- readme-check: fragment -->';
const CODE = new Set(['ts', 'tsx', 'js', 'jsx']);

interface Block {
  file?: string;
  lang: string;
  code: string;
  line: number;
  fragment: boolean;
}

export function readmeBlocks(markdown: string, name = 'README.md'): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    if (end === lines.length) throw new Error(`${name}:${start + 1}: a code fence is never closed`);
    blocks.push({
      lang: open[1]!,
      code: lines
        .slice(start + 1, end)
        .join('\n')
        .trim(),
      line: start + 1,
      fragment: (lines[start - 1] ?? '').trim() === FRAGMENT,
    });
    i = end;
  }
  return blocks;
}

interface Region {
  file: string;
  name: string;
  code: string;
}

/** Removes the indentation all non-blank lines share (a region inside a function body). */
function dedent(code: string): string {
  const lines = code.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const common = Math.min(...indents);
  return lines.map((l) => l.slice(common)).join('\n');
}

export function regionsOf(file: string, text: string): Region[] {
  const regions: Region[] = [];
  const pattern = /^[ \t]*\/\/ #region (\S+)[^\n]*\n([\s\S]*?)^[ \t]*\/\/ #endregion/gm;
  for (const match of text.matchAll(pattern)) regions.push({ file, name: match[1]!, code: dedent(match[2]!).trim() });
  const opened = (text.match(/\/\/ #region /g) ?? []).length;
  if (opened !== regions.length) throw new Error(`${file}: a #region without its #endregion (or nested regions)`);
  return regions;
}

const files = readdirSync(recipesDir)
  .filter((f) => /\.(ts|tsx)$/.test(f))
  .sort();
const regions = files.flatMap((f) => regionsOf(f, readFileSync(join(recipesDir, f), 'utf8')));
const blocks = docFiles().flatMap((file) =>
  readmeBlocks(readFileSync(join(root, file), 'utf8'), file)
    .filter((b) => CODE.has(b.lang))
    .map((b) => ({ ...b, file })),
);
const tests = readdirSync(testsDir)
  .filter((f) => /\.test\.tsx?$/.test(f))
  .map((f) => readFileSync(join(testsDir, f), 'utf8'))
  .join('\n');

describe('the documentation shows the tested recipes, as they are', () => {
  test('the checker finds blocks, fragments and regions (and would see a mismatch)', () => {
    const md = [
      'text',
      '```tsx',
      'const a = 1;',
      '```',
      FRAGMENT,
      '```ts',
      'type X = 1',
      '```',
      '```sh',
      'npm i',
      '```',
    ].join('\n');
    expect(readmeBlocks(md)).toEqual([
      { lang: 'tsx', code: 'const a = 1;', line: 2, fragment: false },
      { lang: 'ts', code: 'type X = 1', line: 6, fragment: true },
      { lang: 'sh', code: 'npm i', line: 9, fragment: false },
    ]);
    expect(regionsOf('x.ts', '// #region a\nlet a = 1;\n// #endregion\n// #region b\nlet b;\n// #endregion\n')).toEqual(
      [
        { file: 'x.ts', name: 'a', code: 'let a = 1;' },
        { file: 'x.ts', name: 'b', code: 'let b;' },
      ],
    );
    expect(
      regionsOf('z.tsx', 'function f() {\n  // #region c\n  const a = 1;\n    g(a);\n  // #endregion\n}\n'),
    ).toEqual([{ file: 'z.tsx', name: 'c', code: 'const a = 1;\n  g(a);' }]);
    expect(() => regionsOf('y.ts', '// #region a\nlet a;\n')).toThrow(/without its #endregion/);
    expect(() => readmeBlocks('```ts\nlet a;')).toThrow(/never closed/);
  });

  test('the documentation has code blocks and examples/recipes has regions', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(15);
    expect(docFiles()).toEqual(
      expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/contract.md', 'docs/api.md']),
    );
    expect(blocks.filter((b) => b.file === 'README.md').length).toBe(2); // the front door shows two examples
    expect(new Set(regions.map((r) => r.name)).size).toBe(regions.length); // region names are unique
  });

  test.each(blocks.map((b) => [`${b.file}:${b.line} (${b.lang})`, b] as const))(
    '%s is a tested recipe region or marked as a fragment',
    (name, block) => {
      if (block.fragment) return;
      const match = regions.find((r) => r.code === block.code);
      expect(match, `${name}: this block is not a region of examples/recipes/*`).toBeDefined();
      expect(match!.file.endsWith(`.${block.lang}`), `${name}: its region is in ${match!.file}`).toBe(true);
    },
  );

  test('every region is shown in the documentation', () => {
    const shown = new Set(blocks.map((b) => b.code));
    expect(regions.filter((r) => !shown.has(r.code)).map((r) => `${r.file}#${r.name}`)).toEqual([]);
  });

  test('every file of examples/recipes is imported by a test in test/recipes', () => {
    const untested = files.filter((f) => !tests.includes(`examples/recipes/${f.replace(/\.tsx?$/, '')}'`));
    expect(untested).toEqual([]);
  });

  test("the README's two examples check response.ok, send ctx.key and are the two quick-start files", () => {
    const quickStart = regions.filter((r) => r.name.startsWith('quick-start-'));
    expect(quickStart.map((r) => r.name).sort()).toEqual(['quick-start-autosave', 'quick-start-search']);
    for (const r of quickStart) expect(r.code).toMatch(/if \(!response\.ok\) throw/);
    expect(quickStart.find((r) => r.name === 'quick-start-autosave')!.code).toMatch(
      /\{ signal, key \}[\s\S]*JSON\.stringify\(\{[^}]*key \}\)/,
    );
    expect(quickStart.find((r) => r.name === 'quick-start-search')!.code).toMatch(/\{ signal \}/);
    const shown = blocks.filter((b) => b.file === 'README.md').map((b) => regions.find((r) => r.code === b.code)?.name);
    expect(shown).toEqual(['quick-start-autosave', 'quick-start-search']);
  });
});
