// `npm start`: installs the demo server's own dependencies when they are missing, builds the page with
// Vite, then serves page and API on http://127.0.0.1:5173 (PORT and DATA_DIR change port and data folder).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const examples = fileURLToPath(new URL('.', import.meta.url));

if (!existsSync(`${examples}node_modules/better-sqlite3/package.json`)) {
  console.log(
    "Installing the demo server's dependencies (npm ci --prefix examples; better-sqlite3 builds from source, about 90 s)…",
  );
  execSync('npm ci --prefix examples --no-audit --no-fund', { cwd: `${examples}..`, stdio: 'inherit' });
}

const { build } = await import('vite');
const started = Date.now();
await build({ configFile: `${examples}vite.config.ts`, logLevel: 'warn' });
console.log(`Built the page into examples/dist in ${Date.now() - started} ms.`);

const { main } = await import('./server/server.mjs');
await main().catch((error) => {
  console.error(
    error?.code === 'EADDRINUSE' ? `Port ${process.env.PORT ?? 5173} is in use: set PORT to another one.` : error,
  );
  process.exit(1);
});
