// better-sqlite3 for the server-side recipes, from the demo's own install (examples/node_modules): it builds
// from source, so the library's install does not carry it. Missing, the tests that need it are skipped with a
// hint, and fail under CI=true (as the browser tests do without Chromium).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlDatabase } from '../../examples/recipes/sql-ordering';

// (a path, not `new URL(…)`: under jsdom the global URL is jsdom's, which node:url does not take)
const examples = join(dirname(fileURLToPath(import.meta.url)), '../../examples/');
export const hasSqlite = existsSync(`${examples}node_modules/better-sqlite3/package.json`);
export const sqliteHint = 'better-sqlite3 is not installed: run `npm ci --prefix examples` (or `npm start` once)';

type Database = SqlDatabase & { close(): void };
export function openMemoryDatabase(): Database {
  const Database = createRequire(`${examples}package.json`)('better-sqlite3') as new (path: string) => Database;
  return new Database(':memory:');
}
