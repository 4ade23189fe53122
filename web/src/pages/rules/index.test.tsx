import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Rule } from '../../api/rules';
import { setLanguage } from '../../i18n';
import { adminUser, installFetch } from '../../test/fetchMock';
import { renderApp } from '../../test/renderApp';

const customer = {
  name: 'customer',
  label: '客户',
  version: 1,
  options: {},
  fields: [{ name: 'birthday', label: '生日', type: 'date', required: false, unique: false, sensitive: false, options: {} }],
};
const birthday: Rule = {
  id: 4,
  name: '生日祝福',
  entity: 'customer',
  enabled: true,
  disabled_reason: null,
  owner_id: 1,
  version: 1,
  created_at: '2026-03-01T00:00:00Z',
  updated_at: '2026-03-01T00:00:00Z',
  last_run_at: null,
  trigger: { type: 'date', field: 'birthday', offset_days: 0, at: '09:00', repeat: 'yearly' },
  condition: null,
  actions: [{ type: 'send_message', channel: 'sms', category: 'service', template: 'x' }],
};
const broken: Rule = { ...birthday, id: 5, name: '旧规则', enabled: false, disabled_reason: '字段“生日”已停用', trigger: { type: 'record_created' } };

function server() {
  return installFetch({
    'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 'c' } },
    'GET /api/v1/schema/entities': { body: { items: [customer] } },
    'GET /api/v1/rules': { body: { items: [birthday, broken] } },
    'PATCH /api/v1/rules/4': { body: { ...birthday, enabled: false, version: 2 } },
    'DELETE /api/v1/rules/5': { status: 204 },
  });
}

describe('rule list', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('says each trigger in words and shows why a rule was switched off', async () => {
    server();
    renderApp('/automation/rules');
    expect((await screen.findByTestId('rule-4-trigger')).textContent).toBe('每年生日当天 09:00');
    expect((await screen.findByTestId('rule-5-trigger')).textContent).toBe('新建客户时');
    expect(screen.getByTestId('rule-5-disabled').textContent).toBe('已停用：字段“生日”已停用');
    expect(within(screen.getByTestId('rules-table')).getAllByText('尚未运行')).toHaveLength(2);
  });

  it('switches a rule off with PATCH enabled', async () => {
    const { requests } = server();
    renderApp('/automation/rules');
    fireEvent.click(await screen.findByTestId('rule-4-enabled'));
    await waitFor(() => expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ enabled: false }));
    await waitFor(() => expect(screen.getByTestId('rule-4-enabled').getAttribute('aria-checked')).toBe('false'));
  });

  it('deletes only after confirmation', async () => {
    const { requests } = server();
    renderApp('/automation/rules');
    fireEvent.click(await screen.findByTestId('rule-5-delete'));
    const popup = (await screen.findByText(/删除规则“旧规则”？/)).closest('.ant-popover') as HTMLElement;
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    fireEvent.click(within(popup).getByRole('button', { name: /删\s*除/ }));
    await waitFor(() => expect(screen.queryByTestId('rule-5-trigger')).toBeNull());
    expect(requests.find((r) => r.method === 'DELETE')?.path).toBe('/api/v1/rules/5');
  });
});
