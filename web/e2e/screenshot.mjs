// Signs in and saves a PNG of the home page (or of `path`), for the README and for reviewing pages.
//   PEONY_E2E_URL=... PEONY_E2E_USER=admin PEONY_E2E_PASSWORD=... node e2e/screenshot.mjs docs/home.png [path] [phone]
// With "phone" the page is taken at 375 × 812, as on a phone.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { config, launchBrowser, newPage, signIn } from './lib.mjs';

const [out, target, device] = process.argv.slice(2);
if (!out) {
  console.error('usage: node e2e/screenshot.mjs <output.png> [path] [phone]');
  process.exit(2);
}

const cfg = config();
const browser = await launchBrowser();
try {
  const viewport = device === 'phone' ? { width: 375, height: 812 } : { width: 1280, height: 720 };
  const { page } = await newPage(browser, { ...cfg, viewport, timeoutMs: 20_000 });
  await signIn(page, cfg.user, cfg.password);
  if (target) {
    await page.goto(target);
    await page.waitForLoadState('networkidle');
  } else {
    await page.getByTestId('server-version').waitFor();
  }
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await page.screenshot({ path: out, fullPage: Boolean(target) });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
}
