// Browser tests of the web shell against a running peony server.
//   PEONY_E2E_URL=http://127.0.0.1:18080 PEONY_E2E_USER=admin PEONY_E2E_PASSWORD=... node e2e/run.mjs
// Optional: PEONY_E2E_RESULT=path.json (summary), PEONY_E2E_SCREENSHOT_DIR=dir (a PNG per test),
// PEONY_E2E_ONLY=text (run only the tests whose name contains it).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appointmentsTests } from './appointments.mjs';
import { clinicTests } from './clinic.mjs';
import { formsTests } from './forms.mjs';
import { rulesTests } from './rules.mjs';
import { config, launchBrowser, newPage, signIn, submitLogin } from './lib.mjs';

const testTimeoutMs = 30_000;

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const tests = [
  {
    name: 'wrong password shows an error and stays on /login',
    async run(page, cfg) {
      // One wrong attempt only: the server locks an account after five.
      const { status } = await submitLogin(page, cfg.user, `${cfg.password}-wrong`);
      expect(status === 401, `expected HTTP 401 from login, got ${status}`);
      const alert = page.getByTestId('login-error');
      await alert.waitFor();
      const text = (await alert.innerText()).trim();
      expect(text.length > 0, 'the login error message is empty');
      expect(new URL(page.url()).pathname === '/login', `left the login page for ${page.url()}`);
      return `message: ${text}`;
    },
  },
  {
    name: 'admin signs in, sees home and the users list, signs out',
    async run(page, cfg) {
      const user = await signIn(page, cfg.user, cfg.password);
      const welcome = await page.getByTestId('welcome').innerText();
      expect(welcome.includes(user.display_name), `welcome "${welcome}" lacks "${user.display_name}"`);

      const system = page.getByTestId('menu-system');
      expect((await system.innerText()).trim() === '系统管理', 'the system menu is not labelled 系统管理');
      await system.click();
      const users = page.getByTestId('menu-users');
      expect((await users.innerText()).trim() === '用户', 'the users menu item is not labelled 用户');
      await users.click();
      await page.waitForURL((url) => url.pathname === '/system/users');
      // .first(): a role cell may read the same as the username (a role named "admin").
      await page.getByTestId('users-table').getByRole('cell', { name: cfg.user, exact: true }).first().waitFor();

      await page.getByTestId('user-menu').click();
      await page.getByTestId('logout').click();
      await page.waitForURL((url) => url.pathname === '/login');
      await page.getByTestId('login-submit').waitFor();
    },
  },
  {
    name: 'admin creates an API key, sees it once, then revokes it',
    async run(page, cfg) {
      await signIn(page, cfg.user, cfg.password);
      await page.getByTestId('menu-system').click();
      await page.getByTestId('menu-apiKeys').click();
      await page.waitForURL((url) => url.pathname === '/system/api-keys');

      const name = `e2e-${Date.now()}`;
      await page.getByTestId('create-api-key').click();
      await page.getByTestId('api-key-name').fill(name);
      const createModal = page.locator('.ant-modal-content', { has: page.getByTestId('create-api-key-form') });
      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/api-keys') && r.request().method() === 'POST'),
        createModal.getByRole('button', { name: /保\s*存/ }).click(),
      ]);
      expect(created.status() === 201, `expected HTTP 201 from creating a key, got ${created.status()}`);
      const { key, prefix } = await created.json();
      expect(typeof key === 'string' && key.startsWith(prefix), 'the reply holds no key starting with its prefix');

      const shown = page.getByTestId('api-key-value');
      expect((await shown.inputValue()) === key, 'the modal does not show the key the server sent');
      expect(await authenticates(cfg, key), 'the new key does not authenticate');
      await page.getByTestId('api-key-saved').click();
      await shown.waitFor({ state: 'detached' });
      expect(!(await page.content()).includes(key), 'the key is still on the page after closing');

      const row = page.getByTestId('api-keys-table').getByRole('row').filter({ hasText: name });
      await row.getByText(`${prefix}…`).waitFor();
      await row.getByRole('button', { name: /撤\s*销/ }).click();
      const [revoked] = await Promise.all([
        page.waitForResponse((r) => /\/api\/v1\/api-keys\/\d+$/.test(r.url()) && r.request().method() === 'DELETE'),
        page.locator('.ant-popconfirm').getByRole('button', { name: /撤\s*销/ }).click(),
      ]);
      expect(revoked.status() === 204, `expected HTTP 204 from revoking, got ${revoked.status()}`);
      await row.getByText(/^已于 .* 撤销$/).waitFor();
      expect(!(await authenticates(cfg, key)), 'the revoked key still authenticates');
      return `key ${prefix}… created and revoked`;
    },
  },
  {
    name: 'an unknown path after sign-in shows the 404 page',
    async run(page, cfg) {
      await signIn(page, cfg.user, cfg.password);
      await page.goto('/no-such-page-e2e');
      await page.getByTestId('page-404').waitFor();
      expect(new URL(page.url()).pathname === '/no-such-page-e2e', `redirected to ${page.url()}`);
    },
  },
  ...formsTests,
  ...rulesTests,
  ...clinicTests,
  ...appointmentsTests,
];

/** True when `key` signs in as an API key (GET /auth/me with a bearer token, no browser cookies). */
async function authenticates(cfg, key) {
  const response = await fetch(`${cfg.baseUrl}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${key}` } });
  return response.status === 200;
}

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  const cfg = config();
  if (cfg.screenshotDir) await mkdir(cfg.screenshotDir, { recursive: true });
  const browser = await launchBrowser();
  const results = [];
  try {
    const only = process.env.PEONY_E2E_ONLY;
    for (const [index, test] of tests.entries()) {
      if (only && !test.name.includes(only)) continue;
      const { context, page } = await newPage(browser, cfg);
      const started = Date.now();
      let result;
      try {
        // Long tests report their steps as they pass, so a failure shows how far they got.
        const log = (step) => console.log(`     · ${step}`);
        const note = await withTimeout(test.run(page, cfg, log), test.timeoutMs ?? testTimeoutMs);
        result = { name: test.name, ok: true, error: null };
        console.log(`ok   ${test.name} (${Date.now() - started} ms)${note ? ` — ${note}` : ''}`);
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
        result = { name: test.name, ok: false, error: message };
        console.log(`FAIL ${test.name} (${Date.now() - started} ms): ${message}`);
      }
      if (cfg.screenshotDir) {
        const file = path.join(cfg.screenshotDir, `${String(index + 1).padStart(2, '0')}-${result.ok ? 'ok' : 'fail'}.png`);
        await page.screenshot({ path: file, fullPage: true, timeout: 5_000 }).catch(() => undefined);
      }
      results.push(result);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  if (cfg.resultPath) {
    await writeFile(cfg.resultPath, `${JSON.stringify({ passed, failed, tests: results }, null, 2)}\n`);
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`e2e: cannot run: ${error instanceof Error ? error.message : error}`);
    console.log(`e2e: 0 passed, ${tests.length} failed`);
    process.exit(1);
  },
);
