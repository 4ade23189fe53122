// Browser test of issue 6's clinic pages on the demo clinic: the front desk sells a new customer a
// 10-session 水光针 card paid by WeChat Pay + cash at the cashier and gets a receipt; a nurse records a
// treatment deducting one session with the customer's signature; the customer's 360 page shows 9
// sessions left and a day-1 follow-up for her consultant (who also has the to-do); a technician's view of
// the same customer shows her phone masked. The customer is created through the API each run (a new
// name and phone), so runs can repeat on one server.
import { newPage, signIn } from './lib.mjs';

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** A session on the API (cookie + CSRF) for setting up and checking data. */
async function apiSession(cfg, username) {
  const login = await fetch(`${cfg.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: cfg.password }),
  });
  expect(login.status === 200, `API login as ${username} answered ${login.status}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf, user } = await login.json();
  const call = async (method, path, body) => {
    const response = await fetch(`${cfg.baseUrl}/api/v1${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  call.user = user;
  return call;
}

const byName = (name) => encodeURIComponent(JSON.stringify({ field: 'name', op: 'eq', value: name }));

/** The record of `entity` named `name`, created with `values` when the server has none. */
async function ensureNamed(api, entity, name, values) {
  const found = await api('GET', `/data/${entity}?filter=${byName(name)}&limit=1`);
  expect(found.status === 200, `GET /data/${entity} answered ${found.status}: ${JSON.stringify(found.body)}`);
  if (found.body.items.length > 0) return found.body.items[0];
  const created = await api('POST', `/data/${entity}`, { name, ...values });
  expect(created.status === 201, `creating ${entity} ${name} answered ${created.status}: ${JSON.stringify(created.body)}`);
  return created.body;
}

/** Picks `option` in the antd Select `select`, typing `search` first when given. */
async function choose(page, select, option, search) {
  await select.click();
  if (search) await page.keyboard.type(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

/** The <input> of an antd InputNumber found by test id (the id may sit on the input or its wrapper). */
async function numberInput(page, testId) {
  const el = page.getByTestId(testId);
  return (await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input').first();
}

/** Signs on the canvas of a signature pad with a few strokes and uses the signature. */
async function sign(page, name) {
  const pad = page.getByTestId(`pad-${name}`);
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  expect(box, 'the signature pad has no box');
  await page.mouse.move(box.x + 30, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 30 + i * 20, box.y + box.height / 2 + (i % 2 ? -25 : 25));
  await page.mouse.up();
  await page.getByTestId(`sign-${name}`).click();
  await page.getByTestId(`signature-${name}`).waitFor();
}

export const clinicTests = [
  {
    name: 'front desk sells a 水光针 10-session card (WeChat + cash), a nurse deducts one with a signature, the 360 page shows 9 left and the day-1 follow-up, a technician sees the phone masked',
    timeoutMs: 120_000,
    async run(page, cfg, log) {
      const admin = await apiSession(cfg, cfg.user);
      const users = await admin('GET', '/users?limit=500');
      expect(users.status === 200, `GET /users answered ${users.status}`);
      const userNamed = (username) => {
        const u = users.body.items.find((x) => x.username === username);
        expect(u, `the demo has no user ${username}`);
        return u;
      };
      const consultant = userNamed('consultant');
      userNamed('frontdesk');
      userNamed('nurse');
      userNamed('technician1');

      const service = await ensureNamed(admin, 'service', '水光针（基础补水）', { category: 'injection', price: 128_000, active: true });
      const product = await ensureNamed(admin, 'card_product', '水光针10次卡', {
        kind: 'count', service: service.id, sessions: 10, price: 980_000, valid_days: 730, active: true,
      });
      expect(product.service === service.id, `水光针10次卡 is for service #${product.service}, not #${service.id}`);

      const frontApi = await apiSession(cfg, 'frontdesk');
      const suffix = Date.now().toString(36).slice(-5);
      const name = `测试客户${suffix}`;
      const phone = `139${String(Date.now()).slice(-8)}`;
      const created = await frontApi('POST', '/data/customer', { name, phone, gender: 'female', consultant: consultant.id });
      expect(created.status === 201, `creating the customer answered ${created.status}: ${JSON.stringify(created.body)}`);
      const customer = created.body;
      log(`customer #${customer.id} ${name}, consultant ${consultant.display_name}`);

      // 1. The front desk sells the card at the cashier: ¥5,000 by WeChat Pay, the rest (¥4,800) in cash.
      await signIn(page, 'frontdesk', cfg.password);
      await page.getByTestId('menu-cashier').click();
      await page.waitForURL((url) => url.pathname === '/cashier');
      await choose(page, page.getByTestId('customer-select'), name, name);
      await page.getByTestId('line-kind-card').click();
      await choose(page, page.getByTestId('line-item'), '水光针10次卡');
      await page.getByTestId('line-add').click();
      const total = (await page.getByTestId('order-total').innerText()).trim();
      expect(total === '¥9,800.00', `the total reads ${total}`);
      await page.getByTestId('payment-add').click();
      const method0 = (await page.getByTestId('payment-0-method').innerText()).trim();
      expect(method0.includes('微信'), `the first payment method is ${method0}, not 微信`);
      const amount0 = await numberInput(page, 'payment-0-amount');
      await amount0.fill('5000');
      await amount0.blur();
      expect((await page.getByTestId('remaining').innerText()).trim() === '¥4,800.00', 'after ¥5,000 by WeChat, 还需收款 is not ¥4,800.00');
      await page.getByTestId('payment-add').click();
      const method1 = (await page.getByTestId('payment-1-method').innerText()).trim();
      expect(method1.includes('现金'), `the second payment method is ${method1}, not 现金`);
      expect((await page.getByTestId('remaining').innerText()).trim() === '¥0.00', '还需收款 is not ¥0.00 after the cash row');
      const [ordered] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/orders') && r.request().method() === 'POST'),
        page.getByTestId('order-submit').click(),
      ]);
      expect(ordered.status() === 201, `POST /orders answered ${ordered.status()}: ${await ordered.text()}`);
      const key = ordered.request().headers()['idempotency-key'];
      expect(/^[0-9a-f-]{36}$/.test(key ?? ''), `POST /orders was sent without an Idempotency-Key (${key})`);
      const order = await ordered.json();
      expect(order.status === 'paid' && order.total_fen === 980_000 && order.paid_fen === 980_000, `the order is ${order.status}, total ${order.total_fen}, paid ${order.paid_fen}`);
      const cardId = order.lines[0]?.card_id;
      expect(cardId, 'the card line issued no card');
      await page.getByTestId('receipt').waitFor();
      expect((await page.getByTestId('receipt-paid-wechat').innerText()).includes('5,000.00'), 'the receipt does not show ¥5,000.00 by WeChat');
      expect((await page.getByTestId('receipt-paid-cash').innerText()).includes('4,800.00'), 'the receipt does not show ¥4,800.00 in cash');
      log(`order ${order.order_no}: card #${cardId} issued, receipt shown`);

      // 2. The nurse records the treatment, deducting one session, with the customer's signature.
      const browser = page.context().browser();
      const nurse = await newPage(browser, cfg);
      try {
        await signIn(nurse.page, 'nurse', cfg.password);
        await nurse.page.goto(`/treatments/new?customer=${customer.id}`);
        await nurse.page.getByTestId('treatment-form').waitFor();
        await nurse.page.getByTestId('customer-select').getByText(name).waitFor();
        await choose(nurse.page, nurse.page.getByTestId('treatment-service'), '水光针（基础补水）', '水光针');
        await nurse.page.getByTestId('treatment-card').getByText(/剩余 10 次/).waitFor();
        await sign(nurse.page, 'signature');
        const [treated] = await Promise.all([
          nurse.page.waitForResponse((r) => r.url().endsWith('/api/v1/treatments') && r.request().method() === 'POST'),
          nurse.page.getByTestId('treatment-submit').click(),
        ]);
        expect(treated.status() === 201, `POST /treatments answered ${treated.status()}: ${await treated.text()}`);
        const sent = treated.request().postDataJSON();
        expect(sent.card_id === cardId && typeof sent.signature === 'string', `the treatment was sent as ${JSON.stringify(sent)}`);
        const left = (await nurse.page.getByTestId('sessions-left').innerText()).trim();
        expect(left.includes('剩余 9 次'), `after the treatment the page says "${left}"`);
        log(`treatment recorded: ${left}`);
      } finally {
        await nurse.context.close();
      }

      // 3. The 360 page: 9 sessions left, and the day-1 follow-up assigned to her consultant.
      await page.goto(`/customers/${customer.id}`);
      const sessions = page.getByTestId(`card-${cardId}-service-${service.id}-left`);
      await sessions.waitFor();
      expect((await sessions.innerText()).trim() === '9', `the 360 page shows ${await sessions.innerText()} sessions left`);
      let dayOne = null;
      for (let i = 0; i < 30 && !dayOne; i++) {
        const summary = await frontApi('GET', `/customers/${customer.id}/summary`);
        dayOne = summary.body?.follow_ups?.find((f) => f.day === 1) ?? null;
        if (!dayOne) await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      expect(dayOne, 'no day-1 follow-up appeared within 30 s of the treatment');
      expect(dayOne.assignee === consultant.id, `the day-1 follow-up is assigned to #${dayOne.assignee}, not the consultant #${consultant.id}`);
      await page.getByTestId('customer-reload').click();
      await page.getByTestId('tab-follow-ups').click();
      const assignee = page.getByTestId(`follow-up-${dayOne.id}-assignee`);
      await assignee.waitFor();
      expect((await assignee.innerText()).trim() === consultant.display_name, `the follow-up shows assignee "${await assignee.innerText()}"`);
      expect((await page.getByTestId(`follow-up-${dayOne.id}-day`).innerText()).includes('第 1 天'), 'the follow-up is not labelled 第 1 天');
      const consultantApi = await apiSession(cfg, 'consultant');
      const mine = await consultantApi('GET', '/me/follow-ups?status=pending');
      expect(mine.status === 200 && mine.body.items.some((f) => f.id === dayOne.id), 'the consultant\'s follow-up list lacks the day-1 follow-up');
      const tasks = await consultantApi('GET', '/me/tasks?status=open&limit=200');
      expect(tasks.body?.items?.some((task) => task.title.includes('第1天') && task.title.includes(name)), 'the consultant has no day-1 follow-up to-do for her');
      log(`follow-up #${dayOne.id} (day 1) for ${consultant.display_name}`);

      // 4. A technician sees the same customer with her phone masked.
      const tech = await newPage(browser, cfg);
      try {
        await signIn(tech.page, 'technician1', cfg.password);
        await tech.page.goto(`/customers/${customer.id}`);
        const shown = tech.page.getByTestId('profile-phone');
        await shown.waitFor();
        const text = (await shown.innerText()).trim();
        expect(text.includes('*') && !text.includes(phone), `the technician sees the phone as "${text}"`);
        return `order ${order.order_no}, 9 sessions left, follow-up #${dayOne.id}, technician sees ${text.split(/\s/)[0]}`;
      } finally {
        await tech.context.close();
      }
    },
  },
];
