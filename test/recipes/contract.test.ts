// docs/contract.md is the contract's home: every rule id that src/ or test/ cites (R13, A5, L15, …) has its own
// heading there (`### R13`, anchor #r13), and every heading is a rule with text under it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const contract = readFileSync(join(root, 'docs/contract.md'), 'utf8');
const FAMILIES = 'RHALMBPTWEKGDO';
const RULE = new RegExp(`\\b[${FAMILIES}][1-9][0-9]?\\b`, 'g');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|tsx|mts|mjs|js)$/.test(e.name) ? [path] : [];
  });
}

/** Rule ids cited in a source file's text; URL escapes such as `%E0` are not rule ids. */
export function citedRules(text: string): string[] {
  return [...text.replace(/%[0-9A-F]{2}/gi, '').matchAll(RULE)].map((m) => m[0]);
}

const headings = new Set([...contract.matchAll(/^### ([A-Z][0-9]+)\s*$/gm)].map((m) => m[1]!));
const cited = new Map<string, string>(); // rule id -> the first file citing it
for (const file of [...sources(join(root, 'src')), ...sources(join(root, 'test'))]) {
  for (const id of citedRules(readFileSync(file, 'utf8')))
    if (!cited.has(id)) cited.set(id, file.slice(root.length + 1));
}

describe('docs/contract.md holds every rule the code and tests cite', () => {
  test('the rule finder sees ids, not URL escapes or zero-numbered names', () => {
    expect(citedRules("test('R13 bad input', …) // A2, L15; '%E0%A4%A' T0 R100")).toEqual(['R13', 'A2', 'L15']);
  });

  test('every family has its rules, numbered from 1 without a gap', () => {
    for (const family of FAMILIES) {
      const numbers = [...headings]
        .filter((h) => h[0] === family)
        .map((h) => Number(h.slice(1)))
        .sort((a, b) => a - b);
      expect(numbers.length, `family ${family}`).toBeGreaterThan(0);
      expect(numbers, `family ${family}`).toEqual(numbers.map((_, i) => i + 1));
    }
    expect(headings.size).toBeGreaterThanOrEqual(100);
  });

  test('every rule id cited in src/ and test/ has a heading in docs/contract.md', () => {
    expect(cited.size).toBeGreaterThan(50);
    const missing = [...cited].filter(([id]) => !headings.has(id)).map(([id, file]) => `${id} (${file})`);
    expect(missing).toEqual([]);
  });

  test("every rule heading is followed by the rule's text, starting with its id", () => {
    for (const id of headings) {
      const text = new RegExp(`^### ${id}\\s*\\n\\n\\*\\*${id}\\b[^\\n]*\\S`, 'm');
      expect(contract, id).toMatch(text);
    }
  });
});
