// Browser test of issue 7's booking flow on the demo clinic: a customer books 水光针 on the branch's
// public phone page without any login (service → day → slot → name and phone → the one-time code the
// demo shows on screen → confirm); the booking appears on the front desk's appointment board; the front
// desk checks her in on 前台签到, which opens her treatment record; the practitioner the booking was
// assigned to sees her, checked in, on 我的今日 at phone width. A new name and phone each run, so runs
// can repeat on one server. The first day with a free slot is used (today when it still has one).
import { newPage, signIn } from './lib.mjs';

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const phoneViewport = { width: 390, height: 844 };
const serviceName = '水光针（基础补水）';

/** A session on the API (cookie + CSRF) for looking things up. */
async function apiSession(cfg, username) {
  const login = await fetch(`${cfg.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: cfg.password }),
  });
  expect(login.status === 200, `API login as ${username} answered ${login.status}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await login.json();
  return async (method, path, body) => {
    const response = await fetch(`${cfg.baseUrl}/api/v1${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

/** Opens a menu group (when given) and clicks its item. */
async function menu(page, group, item) {
  if (group) await page.getByTestId(`menu-${group}`).click();
  await page.getByTestId(`menu-${item}`).click();
}

export const appointmentsTests = [
  {
    name: 'a customer books on the public phone page, the front desk sees her on the board and checks her in, her practitioner sees her on 我的今日',
    timeoutMs: 120_000,
    async run(page, cfg, log) {
      const admin = await apiSession(cfg, cfg.user);
      const branches = await admin('GET', '/branches');
      expect(branches.status === 200 && branches.body.items.length > 0, `GET /branches answered ${branches.status}`);
      const branch = branches.body.items.find((b) => b.name === '静安旗舰店') ?? branches.body.items[0];
      const pub = await fetch(`${cfg.baseUrl}/api/v1/public/branches/${branch.id}/booking`);
      const pubText = await pub.text();
      expect(pub.status === 200, `the public booking page of branch #${branch.id} answered ${pub.status}: ${pubText}`);
      const service = JSON.parse(pubText).services.find((s) => s.name === serviceName);
      expect(service, `the public page of ${branch.name} does not offer ${serviceName}`);

      const browser = page.context().browser();
      const suffix = Date.now().toString(36).slice(-5);
      const name = `预约客户${suffix}`;
      const phone = `137${String(Date.now()).slice(-8)}`;

      // 1. The customer, on her phone, with no login.
      const customer = await newPage(browser, { ...cfg, viewport: phoneViewport });
      let booked;
      try {
        const p = customer.page;
        await p.goto(`/book/${branch.id}`);
        expect((await p.getByTestId('pb-branch').innerText()).trim() === branch.name, 'the public page does not name the branch');
        await p.getByTestId(`pb-service-${service.id}`).click();
        let slot = null;
        const days = p.locator('[data-testid^="pb-date-"]:not([data-testid="pb-date-input"])');
        const dayCount = Math.min(await days.count(), 7);
        for (let i = 0; i < dayCount && !slot; i++) {
          await days.nth(i).click();
          const first = p.locator('[data-testid^="pb-slot-"]').first();
          await Promise.race([first.waitFor(), p.getByTestId('pb-no-slots').waitFor()]);
          if (await first.isVisible()) slot = first;
        }
        expect(slot, `no free ${serviceName} slot in the next ${dayCount} days`);
        const time = (await slot.innerText()).trim();
        await slot.click();
        await p.getByTestId('pb-name').fill(name);
        await p.getByTestId('pb-phone').fill(phone);
        const [coded] = await Promise.all([
          p.waitForResponse((r) => r.url().endsWith(`/public/branches/${branch.id}/code`) && r.request().method() === 'POST'),
          p.getByTestId('pb-send-code').click(),
        ]);
        expect(coded.status() === 202, `POST …/code answered ${coded.status()}: ${await coded.text()}`);
        const code = (await p.getByTestId('pb-demo-code').innerText()).trim();
        expect(/^\d{6}$/.test(code), `the demo code on screen is "${code}"`);
        await p.getByTestId('pb-code').fill(code);
        const [made] = await Promise.all([
          p.waitForResponse((r) => r.url().endsWith(`/public/branches/${branch.id}/book`) && r.request().method() === 'POST'),
          p.getByTestId('pb-submit').click(),
        ]);
        expect(made.status() === 201, `POST …/book answered ${made.status()}: ${await made.text()}`);
        booked = await made.json();
        await p.getByTestId('pb-done').waitFor();
        const shown = await p.getByTestId('pb-done-time').innerText();
        expect(shown.includes(time), `the confirmation shows "${shown}", not ${time}`);
        log(`booked #${booked.id} on the phone page: ${shown}`);
      } finally {
        await customer.context.close();
      }
      const day = booked.start.slice(0, 10);

      // Who it was assigned to, and their login.
      const listed = await admin('GET', `/appointments?branch_id=${branch.id}&from=${day}&to=${day}`);
      const appt = listed.body?.items?.find((a) => a.id === booked.id);
      expect(appt && appt.customer_name === name, `the booking #${booked.id} of ${name} is not in GET /appointments`);
      const staff = await admin('GET', `/data/staff/${appt.practitioner_id}`);
      const users = await admin('GET', '/users?limit=500');
      const practitioner = users.body.items.find((u) => u.id === staff.body?.account);
      expect(practitioner, `practitioner #${appt.practitioner_id} (${appt.practitioner_name}) has no login`);

      // 2. The front desk finds her on the board.
      await signIn(page, 'frontdesk', cfg.password);
      await menu(page, 'appointments', 'appointmentBoard');
      await page.waitForURL((url) => url.pathname === '/appointments/board');
      if (page.url().indexOf(`date=${day}`) < 0) await page.goto(`/appointments/board?date=${day}`);
      const card = page.getByTestId(`appt-${booked.id}`);
      await card.waitFor();
      const cardText = await card.innerText();
      expect(cardText.includes(name) && cardText.includes(serviceName), `the board card reads "${cardText}"`);
      const column = await page.getByTestId(`col-p-${appt.practitioner_id}`).getByTestId(`appt-${booked.id}`).count();
      expect(column === 1, `the card is not in ${appt.practitioner_name}'s column`);
      log(`on the board in ${appt.practitioner_name}'s column`);

      // 3. The front desk checks her in; the treatment record opens.
      await menu(page, null, 'checkIn');
      await page.waitForURL((url) => url.pathname === '/appointments/check-in');
      await page.goto(`/appointments/check-in?date=${day}`);
      const row = page.getByTestId(`checkin-row-${booked.id}`);
      await row.waitFor();
      const [checked] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/appointments/${booked.id}/status`) && r.request().method() === 'POST'),
        page.getByTestId(`appt-${booked.id}-checked_in`).click(),
      ]);
      expect(checked.status() === 200, `checking in answered ${checked.status()}: ${await checked.text()}`);
      const treatmentId = (await checked.json()).treatment_id;
      expect(Number.isInteger(treatmentId), 'checking in opened no treatment record');
      expect((await page.getByTestId(`checkin-status-${booked.id}`).innerText()).trim() === '已到店', 'the row does not read 已到店');
      await page.getByTestId(`appt-${booked.id}-treatment`).click();
      await page.waitForURL((url) => url.pathname === `/data/treatment/${treatmentId}`);
      log(`checked in; treatment #${treatmentId} opened`);

      // 4. Her practitioner, on a phone, sees her on 我的今日.
      const mine = await newPage(browser, { ...cfg, viewport: phoneViewport });
      try {
        const p = mine.page;
        await signIn(p, practitioner.username, cfg.password);
        await p.getByTestId('menu-toggle').click();
        await menu(p, 'appointments', 'myDay');
        await p.waitForURL((url) => url.pathname === '/appointments/my-day');
        if (p.url().indexOf(`date=${day}`) < 0) await p.goto(`/appointments/my-day?date=${day}`);
        const item = p.getByTestId(`myday-${booked.id}`);
        await item.waitFor();
        const text = await item.innerText();
        expect(text.includes(name) && text.includes('已到店'), `我的今日 shows "${text}"`);
        log(`${practitioner.username} (${appt.practitioner_name}) sees her on 我的今日`);
      } finally {
        await mine.context.close();
      }
    },
  },
];
