// The documentation whose code blocks and links the tests check: README.md, CONTRIBUTING.md and docs/**/*.md.
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** README.md, CONTRIBUTING.md and every Markdown file under docs/, as paths relative to the repository. */
export function docFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
    );
  return [
    'README.md',
    'CONTRIBUTING.md',
    ...walk(join(root, 'docs'))
      .map((f) => relative(root, f))
      .sort(),
  ];
}
