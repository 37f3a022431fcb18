// Runs once before the e2e project: installs the demo server's own dependencies when they are missing
// (better-sqlite3 builds from source, about 90 s) and builds the page into examples/dist.
import { execFileSync, execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { examples, hasChromium, installHint, root } from './harness';

export default function setup() {
  if (!hasChromium) {
    // The tests report it: skipped here, failed under CI=true.
    console.warn(`e2e: ${installHint}`);
    return;
  }
  if (!existsSync(join(examples, 'node_modules/better-sqlite3/package.json'))) {
    console.log("e2e: installing the demo server's dependencies (npm ci --prefix examples)…");
    execSync('npm ci --prefix examples --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
  }
  const started = Date.now();
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'examples/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  console.log(`e2e: built examples/dist in ${Date.now() - started} ms`);
}
