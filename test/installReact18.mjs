// Runs before `npm test`: the suite's React 18 project needs its own install (test/react18), and the demo
// server's dependencies (examples/: better-sqlite3, built from source, about 90 s) serve the browser tests and
// the SQL recipes. Each is installed only when it is missing.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('./react18/', import.meta.url));
if (!existsSync(`${folder}node_modules/react/package.json`)) {
  console.log('Installing React 18 for the test suite (test/react18)…');
  execSync('npm ci --no-audit --no-fund', { cwd: folder, stdio: 'inherit' });
}
const examples = fileURLToPath(new URL('../examples/', import.meta.url));
if (!existsSync(`${examples}node_modules/better-sqlite3/package.json`)) {
  console.log("Installing the demo server's dependencies (examples/; better-sqlite3 builds from source, about 90 s)…");
  execSync('npm ci --no-audit --no-fund', { cwd: examples, stdio: 'inherit' });
}
