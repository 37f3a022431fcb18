// Every relative link in the documentation (README.md, CONTRIBUTING.md, docs/**/*.md) points to a file that exists,
// and a link with an anchor (`docs/contract.md#r13`, `#retries`) to a heading that exists in that Markdown file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, test } from 'vitest';
import { docFiles, root } from './docFiles';

/** The text outside fenced code blocks and inline code spans. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```\s*$/gm, '').replace(/`[^`\n]*`/g, (code) => code.replace(/[[\]()]/g, ' '));
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of markdown.replace(/^```[\s\S]*?^```\s*$/gm, '').split('\n')) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = heading[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

export function linksOf(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
}

const links = docFiles().flatMap((file) =>
  linksOf(readFileSync(join(root, file), 'utf8'))
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target)) // http:, https:, mailto:
    .map((target) => ({ file, target })),
);

describe('links in the documentation', () => {
  test('the anchor and link finders read Markdown as GitHub does', () => {
    expect([
      ...anchorsOf('# The contract\n## `useLastTask` (H)\n### R13\n```\n# not a heading\n```\n## R13\n'),
    ]).toEqual(['the-contract', 'uselasttask-h', 'r13', 'r13-1']);
    expect(linksOf('[a](docs/api.md) `[b](x.md)` [c](#r1) [d](https://x.dev)\n```\n[e](y.md)\n```\n')).toEqual([
      'docs/api.md',
      '#r1',
      'https://x.dev',
    ]);
  });

  test('the documentation links into docs/ and to the contract', () => {
    expect(links.length).toBeGreaterThan(50);
    expect(links.some((l) => l.file === 'README.md' && l.target.startsWith('docs/contract.md'))).toBe(true);
  });

  test.each(links.map((l) => [`${l.file} → ${l.target}`, l] as const))('%s exists', (_name, { file, target }) => {
    const [path, anchor] = target.split('#') as [string, string | undefined];
    const resolved = path === '' ? join(root, file) : normalize(join(root, dirname(file), decodeURI(path)));
    expect(existsSync(resolved), `${file}: ${target} points to no file`).toBe(true);
    if (anchor === undefined) return;
    expect(
      statSync(resolved).isFile() && resolved.endsWith('.md'),
      `${file}: ${target} has an anchor into a non-Markdown file`,
    ).toBe(true);
    expect([...anchorsOf(readFileSync(resolved, 'utf8'))], `${file}: ${target} points to no heading`).toContain(anchor);
  });
});
