import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Entity } from '../../../api/schema';
import { setLanguage } from '../../../i18n';
import { fieldTypes } from '../../../test/catalogFixtures';
import { adminUser, installFetch } from '../../../test/fetchMock';
import type { FakeReply, RecordedRequest } from '../../../test/fetchMock';
import { renderApp } from '../../../test/renderApp';

const field = (name: string, label: string, type: string) => ({ name, label, type, required: false, unique: false, sensitive: false, options: {} });
const member: Entity = {
  name: 'member',
  label: '会员',
  version: 1,
  options: {},
  fields: [field('name', '姓名', 'text'), field('birthday', '生日', 'date'), field('mobile', '手机', 'phone')],
};
const manager = { ...adminUser, username: 'manager', display_name: '店长', permissions: ['rules.manage', 'data.*'] };
const template = '亲爱的{姓名}，生日快乐！送您一张生日券。';

function server(saveReply: FakeReply = { status: 201, body: { id: 9 } }) {
  return installFetch({
    'GET /api/v1/auth/me': { body: { user: manager, csrf_token: 'csrf-r' } },
    'GET /api/v1/schema/entities': { body: { items: [member] } },
    'GET /api/v1/schema/field-types': { body: { items: [...fieldTypes, { ...fieldTypes[0], name: 'date', label: '日期' }] } },
    'GET /api/v1/rules/variables': { body: { items: [{ name: '姓名', path: 'name', label: '姓名' }, { name: '生日', path: 'birthday', label: '生日' }] } },
    'GET /api/v1/rules': { body: { items: [] } },
    'GET /api/v1/data/member': { body: { items: [{ id: 3, version: 1, created_at: '', updated_at: '', name: '王丽华' }], next_cursor: null } },
    'POST /api/v1/rules/preview': (r: RecordedRequest) => {
      const body = r.body as { template: string; record_id: number };
      return { body: { text: body.record_id === 3 ? body.template.replace('{姓名}', '王丽华') : '?' } };
    },
    'POST /api/v1/rules': saveReply,
  });
}

async function choose(testId: string, option: string) {
  const root = screen.getByTestId(testId).closest('.ant-select') ?? screen.getByTestId(testId);
  fireEvent.mouseDown(root.querySelector('.ant-select-selector') as HTMLElement);
  const items = await screen.findAllByText(option, { selector: '.ant-select-item-option-content' });
  fireEvent.click(items[items.length - 1]);
}

/** Builds the birthday rule up to (not including) saving. */
async function buildBirthdayRule() {
  fireEvent.change(await screen.findByTestId('rule-name'), { target: { value: '生日祝福' } });
  await choose('rule-entity', '会员');
  await choose('trigger-type', '日期字段前后N天（每年）');
  await waitFor(() => expect(screen.getByTestId('trigger-date-field').textContent).toContain('生日'));
  fireEvent.click(screen.getByTestId('trigger-yearly'));
  fireEvent.click(screen.getByTestId('add-action'));
  fireEvent.click(await screen.findByTestId('add-action-send_message'));
  // Type the text without the name, then insert {姓名} where the cursor is (after 亲爱的).
  const text = (await screen.findByTestId('action-0-template-text')) as HTMLTextAreaElement;
  fireEvent.change(text, { target: { value: '亲爱的，生日快乐！送您一张生日券。' } });
  text.setSelectionRange(3, 3);
  fireEvent.click(screen.getByTestId('action-0-template-insert'));
  fireEvent.click(await screen.findByTestId('variable-姓名'));
  await waitFor(() => expect(text.value).toBe(template));
}

describe('rule designer', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('builds the birthday rule, previews it for a real record and saves the contract JSON', async () => {
    const { requests } = server();
    renderApp('/automation/rules/new');
    await buildBirthdayRule();

    await choose('relation-preview', '王丽华');
    fireEvent.click(screen.getByTestId('preview-button'));
    expect((await screen.findByTestId('preview-text')).textContent).toBe('亲爱的王丽华，生日快乐！送您一张生日券。');

    fireEvent.click(screen.getByTestId('rule-save'));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST' && r.path === '/api/v1/rules')).toBe(true));
    expect(requests.find((r) => r.method === 'POST' && r.path === '/api/v1/rules')?.body).toEqual({
      name: '生日祝福',
      entity: 'member',
      enabled: true,
      trigger: { type: 'date', field: 'birthday', offset_days: 0, at: '09:00', repeat: 'yearly' },
      condition: null,
      actions: [{ type: 'send_message', channel: 'sms', category: 'service', template }],
    });
    await waitFor(() => expect(screen.getByTestId('rules-table')).toBeTruthy());
  });

  it('shows the server’s unknown-variable error on the action it is about', async () => {
    const { requests } = server({
      status: 422,
      body: { error: { code: 'rule.unknown_variable', message: '模板中的变量 {会员等级} 不存在', details: { path: 'actions[0].template' } } },
    });
    renderApp('/automation/rules/new');
    await buildBirthdayRule();
    fireEvent.click(screen.getByTestId('rule-save'));
    const problem = await screen.findByTestId('action-0-problem');
    expect(problem.textContent).toContain('{会员等级} 不存在');
    expect(within(screen.getByTestId('block-when')).queryByRole('alert')).toBeNull();
    expect(requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/rules')).toHaveLength(1);
  });

  it('sends nothing while a block is incomplete and says where', async () => {
    const { requests } = server();
    renderApp('/automation/rules/new');
    fireEvent.click(await screen.findByTestId('rule-save'));
    expect((await screen.findByTestId('block-then-problem')).textContent).toBe('至少添加一个动作');
    expect(screen.getByTestId('entity-problem').textContent).toBe('请选择表单');
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });
});
