// Checks the browser runner itself: starts the in-memory mock server on a free loopback port,
// runs e2e/run.mjs against it, and exits with the runner's status. Needs `npm run build` first.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMockServer } from './mock-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
if (!existsSync(path.join(here, '..', 'dist', 'index.html'))) {
  console.error('web/dist is missing: run npm run build first');
  process.exit(2);
}

const password = 'Admin12345';
const server = createMockServer({ adminPassword: password });
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const url = `http://127.0.0.1:${port}`;
console.log(`mock peony on ${url}`);

const script = process.argv[2] === 'screenshot' ? 'screenshot.mjs' : 'run.mjs';
const child = spawn(process.execPath, [path.join(here, script), ...process.argv.slice(3)], {
  stdio: 'inherit',
  env: { ...process.env, PEONY_E2E_URL: url, PEONY_E2E_USER: 'admin', PEONY_E2E_PASSWORD: password },
});
const code = await new Promise((resolve) => child.on('exit', (status) => resolve(status ?? 1)));
server.close();
process.exit(code);
