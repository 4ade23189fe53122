// The form engine's browser test (issue 4): the demo manager designs "回访记录" with 8 fields (a relation to
// customers, a sub-form, a formula, a sensitive phone), adds two records, filters, exports XLSX, and imports
// a 1,000-row XLSX whose two bad rows the preview shows, then commits the corrected file.
import { readFile } from 'node:fs/promises';
import { signIn } from './lib.mjs';
import { writeXlsx } from './xlsx.mjs';

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

/** The customer entity: one labelled 客户 (or named customer), created with two customers when missing. */
async function ensureCustomers(api) {
  const { body } = await api('GET', '/schema/entities');
  let entity = body.items.find((e) => e.label === '客户' || e.name === 'customer');
  if (!entity) {
    const created = await api('POST', '/schema/entities', {
      name: 'customer',
      label: '客户',
      fields: [
        { name: 'name', label: '姓名', type: 'text', required: true },
        { name: 'mobile', label: '手机', type: 'phone', sensitive: true },
      ],
    });
    expect(created.status === 201, `creating the customer entity answered ${created.status}: ${JSON.stringify(created.body)}`);
    entity = created.body;
  }
  const title = entity.fields.find((f) => f.type === 'text' && !f.sensitive);
  for (const name of ['王丽华', '李娜']) {
    const found = await api('GET', `/data/${entity.name}?q=${encodeURIComponent(name)}`);
    if (found.body.items.length === 0) {
      const made = await api('POST', `/data/${entity.name}`, { [title.name]: name });
      expect(made.status === 201, `creating customer ${name} answered ${made.status}: ${JSON.stringify(made.body)}`);
    }
  }
  return entity;
}

/** Picks `option` in the antd Select whose trigger is `select` (typing `search` first when given). */
async function choose(page, select, option, search) {
  await select.click();
  if (search) await page.keyboard.type(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

/** Drags a palette button onto the canvas with real pointer moves (dnd-kit's pointer sensor). */
async function dragToCanvas(page, source) {
  const from = await page.getByTestId(source).boundingBox();
  const to = await page.getByTestId('canvas').boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 10, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 15 });
  await page.mouse.up();
}

/** Adds a field from the palette (by click) and sets its label and identifier. */
async function addField(page, type, label, name) {
  await page.getByTestId(`palette-${type}`).click();
  await setLabelAndName(page, label, name);
}

async function setLabelAndName(page, label, name) {
  await page.getByTestId('prop-label').fill(label);
  await page.getByTestId('prop-name').fill(name);
  await page.getByTestId(`canvas-field-${name}`).waitFor();
}

function importRows(count, badRows) {
  const header = ['回访内容', '联系电话', '满意度', '回访日期', '评分'];
  const rows = [header];
  for (let i = 1; i <= count; i += 1) {
    const phone = badRows.includes(i) ? '12345' : `139${String(10000000 + i).slice(-8)}`;
    rows.push([`导入回访 ${i}`, phone, i % 2 ? '满意' : '不满意', '2026-03-01', (i % 5) + 1]);
  }
  return rows;
}

export const formsTests = [
  {
    name: 'manager designs 回访记录, adds records, filters, exports XLSX and imports 1,000 rows',
    timeoutMs: 180_000,
    async run(page, cfg, log) {
      const admin = await apiSession(cfg, cfg.user);
      const customer = await ensureCustomers(admin);
      const entityName = `visit_${Date.now().toString(36)}`;
      log(`customer entity ${customer.name}; designing ${entityName}`);

      // The demo manager (store manager role: schema.manage and data.*); PEONY_E2E_MANAGER names another.
      await signIn(page, process.env.PEONY_E2E_MANAGER ?? 'manager', cfg.password);
      await page.getByTestId('menu-forms').click();
      await page.waitForURL((url) => url.pathname === '/forms');
      await page.getByTestId('create-entity').click();
      await page.getByTestId('entity-label').fill('回访记录');
      await page.getByTestId('entity-name').fill(entityName);
      await page.locator('.ant-modal-footer').getByRole('button', { name: /去设计/ }).click();
      await page.waitForURL((url) => url.pathname === `/forms/${entityName}/design`);

      // 1: dragged from the palette; the other seven added by click.
      await dragToCanvas(page, 'palette-text');
      await setLabelAndName(page, '回访内容', 'content');
      await page.getByTestId('prop-required').check();
      await addField(page, 'relation', '客户', 'customer');
      await choose(page, page.getByTestId('prop-target'), `(${customer.name})`);
      await addField(page, 'phone', '联系电话', 'phone');
      await page.getByTestId('prop-sensitive').check();
      await addField(page, 'select', '满意度', 'mood');
      await page.getByTestId('choice-key-0').fill('good');
      await page.getByTestId('choice-label-0').fill('满意');
      await page.getByTestId('choice-key-1').fill('bad');
      await page.getByTestId('choice-label-1').fill('不满意');
      await addField(page, 'date', '回访日期', 'visit_date');
      await addField(page, 'integer', '评分', 'score');
      await addField(page, 'sub_form', '明细', 'items');
      await page.getByTestId('subfield-label-0').fill('项目');
      await page.getByTestId('subfield-add').click();
      await page.getByTestId('subfield-label-1').fill('金额');
      await page.getByTestId('subfield-name-1').fill('amount');
      await choose(page, page.getByTestId('subfield-type-1'), '金额');
      await addField(page, 'formula', '明细合计', 'total');
      await page.getByTestId('prop-expression').fill('SUM({明细}.{金额})');
      const canvasFields = await page.getByTestId('canvas').locator('[data-testid^="canvas-field-"]').count();
      expect(canvasFields === 8, `the canvas holds ${canvasFields} fields, not 8`);

      await page.getByTestId('open-preview').click();
      await page.getByTestId('preview-device').getByText('手机').click();
      const frame = await page.getByTestId('preview-frame').boundingBox();
      expect(frame.width <= 376, `the phone preview is ${frame.width}px wide`);
      await page.getByTestId('preview-frame').getByText('联系电话').waitFor();
      await page.keyboard.press('Escape');

      const [published] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/schema/entities') && r.request().method() === 'POST'),
        page.getByTestId('publish').click(),
      ]);
      expect(published.status() === 201, `publishing answered ${published.status()}: ${await published.text()}`);
      log('published with 8 fields');

      // Two records through the generated form.
      for (const [content, who, phone, score, amount] of [
        ['术后第一次回访', '王丽华', '13812345678', 5, '100.5'],
        ['术后第二次回访', '李娜', '13912345678', 3, '20'],
      ]) {
        await page.goto(`/data/${entityName}/new`);
        await page.getByTestId('input-content').fill(content);
        await choose(page, page.getByTestId(`relation-customer`), who, who);
        await page.getByTestId('input-phone').fill(phone);
        await choose(page, page.getByTestId('input-mood'), score >= 4 ? '满意' : '不满意');
        await page.getByTestId('input-visit_date').fill('2026-03-01');
        await page.getByTestId('input-score').fill(String(score));
        await page.getByTestId('subform-items-add').click();
        await page.getByTestId('input-items-0-item').fill('复诊');
        await page.getByTestId('input-items-0-amount').fill(amount);
        const [saved] = await Promise.all([
          page.waitForResponse((r) => r.url().endsWith(`/api/v1/data/${entityName}`) && r.request().method() === 'POST'),
          page.getByTestId('record-save').click(),
        ]);
        expect(saved.status() === 201, `saving a record answered ${saved.status()}: ${await saved.text()}`);
        await page.getByTestId('record-fields').waitFor();
        const total = (await page.getByTestId('value-total').innerText()).trim();
        expect(Number(total) === Number(amount), `the formula shows "${total}", expected ${amount}`);
      }
      log('two records saved; formula computed');

      // Filter: 评分 ≥ 4 leaves one record.
      await page.goto(`/data/${entityName}`);
      const table = page.getByTestId('records-table');
      await table.getByText('术后第二次回访').waitFor();
      await page.getByTestId('filter-button').click();
      await choose(page, page.getByTestId('filter-field-0'), '评分');
      await choose(page, page.getByTestId('filter-op-0'), '大于等于');
      await page.getByTestId('filter-builder').locator('.ant-input-number input').fill('4');
      const [filtered] = await Promise.all([
        page.waitForResponse((r) => r.url().includes(`/api/v1/data/${entityName}?`) && r.url().includes('filter=')),
        page.getByTestId('filter-apply').click(),
      ]);
      expect(filtered.status() === 200, `the filtered list answered ${filtered.status()}`);
      await table.getByText('术后第二次回访').waitFor({ state: 'detached' });
      const rows = await table.locator('tbody tr.ant-table-row').count();
      expect(rows === 1, `the filter left ${rows} rows, expected 1`);
      log('filter 评分 ≥ 4 leaves one row');

      // Export XLSX (of the filtered list).
      await page.getByTestId('export-button').hover();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
      expect(download.suggestedFilename().endsWith('.xlsx'), `downloaded ${download.suggestedFilename()}`);
      const bytes = await readFile(await download.path());
      expect(bytes.subarray(0, 2).toString() === 'PK' && bytes.length > 1000, `the download is not an XLSX (${bytes.length} bytes)`);
      log(`exported ${download.suggestedFilename()} (${bytes.length} bytes)`);

      // Import: 1,000 rows, two bad phone numbers shown, then the corrected file committed.
      await page.goto(`/data/${entityName}/import`);
      const bad = [137, 642];
      const upload = page.locator('input[type=file]');
      await upload.setInputFiles({ name: '回访导入.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: writeXlsx(importRows(1000, bad)) });
      const [checked] = await Promise.all([
        page.waitForResponse((r) => r.url().includes(`/api/v1/data/${entityName}/import?`) && r.request().method() === 'POST', { timeout: 60_000 }),
        page.getByTestId('import-check').click(),
      ]);
      const report = await checked.json();
      expect(report.total_rows === 1000, `the dry run read ${report.total_rows} rows`);
      expect(report.error_count === 2, `the dry run found ${report.error_count} bad rows, expected 2`);
      const errorsTable = page.getByTestId('import-errors');
      for (const row of report.errors.map((e) => e.row)) await errorsTable.getByRole('cell', { name: String(row), exact: true }).first().waitFor();
      await page.getByTestId('import-preview').waitFor();
      expect(await page.getByTestId('import-commit').isDisabled(), 'commit is possible despite errors');
      log(`dry run: ${report.total_rows} rows, bad rows ${report.errors.map((e) => e.row).join(', ')}`);

      await page.getByRole('button', { name: '重新选择文件' }).click();
      await upload.setInputFiles({ name: '回访导入.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: writeXlsx(importRows(1000, [])) });
      await page.getByTestId('import-check').click();
      await page.getByTestId('import-commit').and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
      await page.getByTestId('import-commit').click();
      await page.getByTestId('import-done').waitFor({ timeout: 120_000 });
      const summary = await page.getByTestId('import-done').innerText();
      expect(summary.includes('新增 1000 条'), `the summary says "${summary.replace(/\s+/g, ' ')}"`);
      const list = await admin('GET', `/data/${entityName}?total=true&limit=1`);
      expect(list.body.total === 1002, `the entity holds ${list.body.total} records, expected 1002`);
      return `${entityName}: 2 records, filter, XLSX export, 1,000 imported`;
    },
  },
];
