// Signs in and saves a PNG of the home page, for the README.
//   PEONY_E2E_URL=... PEONY_E2E_USER=admin PEONY_E2E_PASSWORD=... node e2e/screenshot.mjs docs/home.png
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { config, launchBrowser, newPage, signIn } from './lib.mjs';

const out = process.argv[2];
if (!out) {
  console.error('usage: node e2e/screenshot.mjs <output.png>');
  process.exit(2);
}

const cfg = config();
const browser = await launchBrowser();
try {
  const { page } = await newPage(browser, { ...cfg, viewport: { width: 1280, height: 720 }, timeoutMs: 20_000 });
  await signIn(page, cfg.user, cfg.password);
  await page.getByTestId('server-version').waitFor();
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
}
