// Shared pieces of the browser scripts: configuration from the environment, launching Debian's
// Chromium through playwright-core, and signing in through the real login form.
import { chromium } from 'playwright-core';

export const chromiumPath = process.env.PEONY_E2E_CHROMIUM ?? '/usr/bin/chromium';

export function config() {
  const url = process.env.PEONY_E2E_URL;
  const user = process.env.PEONY_E2E_USER;
  const password = process.env.PEONY_E2E_PASSWORD;
  const missing = [['PEONY_E2E_URL', url], ['PEONY_E2E_USER', user], ['PEONY_E2E_PASSWORD', password]]
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length > 0) {
    throw new Error(`set ${missing.join(', ')} (e.g. PEONY_E2E_URL=http://127.0.0.1:18080)`);
  }
  return {
    baseUrl: url.replace(/\/+$/, ''),
    user,
    password,
    resultPath: process.env.PEONY_E2E_RESULT,
    screenshotDir: process.env.PEONY_E2E_SCREENSHOT_DIR,
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh context: no cookies, no localStorage, so the UI starts in zh-CN. */
export async function newPage(browser, { baseUrl, viewport = { width: 1280, height: 800 }, timeoutMs = 10_000 }) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, locale: 'zh-CN' });
  context.setDefaultTimeout(timeoutMs);
  context.setDefaultNavigationTimeout(timeoutMs);
  const page = await context.newPage();
  return { context, page };
}

/** Fills and submits the login form; resolves with the login reply's status and JSON body. */
export async function submitLogin(page, user, password) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(user);
  await page.getByTestId('login-password').fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST'),
    page.getByTestId('login-submit').click(),
  ]);
  return { status: response.status(), body: await response.json().catch(() => null) };
}

/** Signs in and waits for the home page; returns the signed-in user from the login reply. */
export async function signIn(page, user, password) {
  const { status, body } = await submitLogin(page, user, password);
  if (status !== 200) {
    throw new Error(`login as ${user} answered HTTP ${status}: ${JSON.stringify(body)}`);
  }
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByTestId('welcome').waitFor();
  return body.user;
}
