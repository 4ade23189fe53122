// Browser tests of issue 5's pages: the demo manager builds the birthday message rule in the designer
// (当 生日 每年当天 09:00 → 发送短信 "亲爱的{姓名}，生日快乐！…"), previews it for a real member and saves it; and the
// to-do inbox at phone width shows a task created through the API and marks it done.
import { signIn } from './lib.mjs';

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** A session on the API (cookie + CSRF) for setting up data the test needs. */
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

/** Picks `option` in the antd Select whose trigger is `select` (typing `search` first when given). */
async function choose(page, select, option, search) {
  await select.click();
  if (search) await page.keyboard.type(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

const template = '亲爱的{姓名}，生日快乐！送您一张生日券。';

export const rulesTests = [
  {
    name: 'manager builds the birthday message rule, previews it for 王丽华 and saves it enabled',
    timeoutMs: 90_000,
    async run(page, cfg, log) {
      const admin = await apiSession(cfg, cfg.user);
      const suffix = Date.now().toString(36);
      const entityName = `member_${suffix}`;
      const entityLabel = `会员${suffix}`;
      const created = await admin('POST', '/schema/entities', {
        name: entityName,
        label: entityLabel,
        fields: [
          { name: 'name', label: '姓名', type: 'text', required: true },
          { name: 'birthday', label: '生日', type: 'date' },
          { name: 'mobile', label: '手机', type: 'phone' },
        ],
      });
      expect(created.status === 201, `creating ${entityName} answered ${created.status}: ${JSON.stringify(created.body)}`);
      const member = await admin('POST', `/data/${entityName}`, { name: '王丽华', birthday: '1990-05-20', mobile: '13812345678' });
      expect(member.status === 201, `creating 王丽华 answered ${member.status}: ${JSON.stringify(member.body)}`);
      log(`entity ${entityName} with member #${member.body.id}`);

      await signIn(page, process.env.PEONY_E2E_MANAGER ?? 'manager', cfg.password);
      await page.getByTestId('menu-automation').click();
      await page.getByTestId('menu-rules').click();
      await page.waitForURL((url) => url.pathname === '/automation/rules');
      await page.getByTestId('create-rule').click();
      await page.waitForURL((url) => url.pathname === '/automation/rules/new');

      const ruleName = `生日祝福 ${suffix}`;
      await page.getByTestId('rule-name').fill(ruleName);
      await choose(page, page.getByTestId('rule-entity'), entityLabel, entityLabel);
      await choose(page, page.getByTestId('trigger-type'), '日期字段前后N天（每年）');
      await choose(page, page.getByTestId('trigger-date-field'), '生日');
      await choose(page, page.getByTestId('trigger-when'), '当天');
      await page.getByTestId('trigger-at').fill('09:00');
      await page.getByTestId('trigger-yearly').check();
      log('当…时: 生日, 每年, 当天 09:00');

      await page.getByTestId('add-action').click();
      await page.getByTestId('add-action-send_message').click();
      await page.getByTestId('action-0-channel-sms').click();
      const text = page.getByTestId('action-0-template-text');
      await text.click();
      await page.keyboard.type('亲爱的');
      await page.getByTestId('action-0-template-insert').click();
      const variable = page.getByTestId('variable-姓名');
      await variable.waitFor({ timeout: 5_000 }).catch(() => {
        throw new Error('the 插入变量 menu offers no {姓名} (GET /rules/variables)');
      });
      await variable.click();
      await text.focus();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('，生日快乐！送您一张生日券。');
      const typed = await text.inputValue();
      expect(typed === template, `the template reads "${typed}"`);

      await choose(page, page.getByTestId('relation-preview'), '王丽华', '王丽华');
      const [previewed] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/rules/preview') && r.request().method() === 'POST'),
        page.getByTestId('preview-button').click(),
      ]);
      expect(previewed.status() === 200, `the preview answered ${previewed.status()}: ${await previewed.text()}`);
      const shown = (await page.getByTestId('preview-text').innerText()).trim();
      expect(shown === '亲爱的王丽华，生日快乐！送您一张生日券。', `the preview shows "${shown}"`);
      log(`preview: ${shown}`);

      const [saved] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/rules') && r.request().method() === 'POST'),
        page.getByTestId('rule-save').click(),
      ]);
      expect(saved.status() === 201, `saving the rule answered ${saved.status()}: ${await saved.text()}`);
      const rule = await saved.json();
      expect(rule.trigger.type === 'date' && rule.trigger.field === 'birthday' && rule.trigger.offset_days === 0 && rule.trigger.repeat === 'yearly',
        `the stored trigger is ${JSON.stringify(rule.trigger)}`);
      await page.waitForURL((url) => url.pathname === '/automation/rules');
      const toggle = page.getByTestId(`rule-${rule.id}-enabled`);
      await toggle.waitFor();
      expect((await toggle.getAttribute('aria-checked')) === 'true', 'the saved rule is not shown enabled');
      const summary = (await page.getByTestId(`rule-${rule.id}-trigger`).innerText()).trim();
      expect(summary === '每年生日当天 09:00', `the list says the trigger as "${summary}"`);
      return `rule #${rule.id} "${ruleName}" saved, enabled`;
    },
  },
  {
    name: 'the to-do inbox at 390 px shows a task created through the API and marks it done',
    async run(page, cfg) {
      const admin = await apiSession(cfg, cfg.user);
      const title = `回访王丽华 ${Date.now().toString(36)}`;
      const created = await admin('POST', '/tasks', { title, body: '术后第 7 天回访', due_at: new Date(Date.now() - 3_600_000).toISOString() });
      expect(created.status === 201, `POST /tasks answered ${created.status}: ${JSON.stringify(created.body)}`);
      const id = created.body.id;

      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(page, cfg.user, cfg.password);
      await page.goto('/tasks');
      const card = page.getByTestId(`task-${id}`);
      await card.waitFor();
      expect((await page.getByTestId(`task-${id}-title`).innerText()).trim() === title, 'the card does not show the title');
      await page.getByTestId(`task-${id}-overdue`).waitFor();
      const box = await card.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390, `the card spills out of a 390 px screen (${JSON.stringify(box)})`);
      const [done] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${id}/done`) && r.request().method() === 'POST'),
        page.getByTestId(`task-${id}-done`).click(),
      ]);
      expect(done.status() === 200, `marking done answered ${done.status()}: ${await done.text()}`);
      await card.waitFor({ state: 'detached' });
      const after = await admin('GET', `/tasks/${id}`);
      expect(after.body?.status === 'done', `the task is ${after.body?.status} after marking it done`);
      return `task #${id} done`;
    },
  },
];
