// Runs before `npm test`: the suite's React 18 project needs its own install (test/react18).
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('./react18/', import.meta.url));
if (!existsSync(`${folder}node_modules/react/package.json`)) {
  console.log('Installing React 18 for the test suite (test/react18)…');
  execSync('npm ci --no-audit --no-fund', { cwd: folder, stdio: 'inherit' });
}
