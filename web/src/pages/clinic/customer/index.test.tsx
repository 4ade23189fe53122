import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CustomerSummary } from '../../../api/clinic';
import { setLanguage } from '../../../i18n';
import { adminUser, installFetch } from '../../../test/fetchMock';
import { renderApp } from '../../../test/renderApp';

const technician = { ...adminUser, id: 20, username: 'technician1', display_name: '胡佳', roles: ['technician'], permissions: ['data.customer.read', 'data.card.read', 'data.staff.read', 'data.service.read', 'data.treatment.read'] };

const customerEntity = {
  name: 'customer',
  label: '客户',
  version: 1,
  options: {},
  fields: [
    { name: 'name', label: '姓名', type: 'text', required: true, unique: false, sensitive: false, options: {} },
    { name: 'phone', label: '手机', type: 'phone', required: false, unique: true, sensitive: true, options: {} },
    { name: 'consultant', label: '专属咨询师', type: 'user', required: false, unique: false, sensitive: false, options: {} },
  ],
};

const summary: CustomerSummary = {
  customer: { id: 5, version: 2, created_at: '2026-03-01T02:00:00Z', updated_at: '2026-03-02T02:00:00Z', name: '王丽华', phone: '138****5678', consultant: 9 },
  value: {
    total_spend_fen: 980_000, visits: 1, first_visit: '2026-03-02', last_visit: '2026-03-02', avg_interval_days: null,
    rfm: { r: 5, f: 1, m: 4, segment: '新客户' }, activity: 'active', ltv_fen: 1_960_000, churn_risk: false,
    next_visits: [{ service_id: 4, name: '水光针（基础补水）', predicted_on: '2026-03-30', basis: 'population' }],
  },
  cards: [{
    id: 31, card_no: 'K202603020001', customer_id: 5, branch_id: 1, kind: 'count', status: 'active', valid_until: '2028-03-01',
    balance_fen: 0, gift_balance_fen: 0, discount_pct: 100, version: 2,
    sessions_left: [{ service_id: 4, sessions: 9, total: 10, unlimited: false }],
  }],
  treatments: [{ id: 70, version: 1, created_at: '', updated_at: '', service: 4, status: 'completed', treated_at: '2026-03-02T03:00:00Z', nurse: 11 }],
  follow_ups: [{ id: 81, version: 1, created_at: '', updated_at: '', day: 1, due_on: '2026-03-03', assignee: 9, status: 'pending' }],
  relationships: { referrer: null, referred: [], relations: [] },
};

function server(reply: { status?: number; body: unknown } = { body: summary }) {
  return installFetch({
    'GET /api/v1/auth/me': { body: { user: technician, csrf_token: 'c' } },
    'GET /api/v1/customers/5/summary': reply,
    'GET /api/v1/schema/entities/customer': { body: customerEntity },
    'GET /api/v1/data/staff': { body: { items: [
      { id: 1, version: 1, created_at: '', updated_at: '', name: '林嘉怡', account: 9, position: 'consultant', active: true },
      { id: 2, version: 1, created_at: '', updated_at: '', name: '王芳', account: 11, position: 'nurse', active: true },
    ], next_cursor: null } },
    'GET /api/v1/data/service': { body: { items: [{ id: 4, version: 1, created_at: '', updated_at: '', name: '水光针（基础补水）', price: 128_000 }], next_cursor: null } },
  });
}

describe('customer 360 page', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows the masked phone as sent, sessions left per service, value and the open follow-ups', async () => {
    server();
    renderApp('/customers/5');
    expect((await screen.findByTestId('customer-name')).textContent).toBe('王丽华');
    await waitFor(() => expect(screen.getByTestId('profile-phone').textContent).toBe('138****5678已脱敏'));
    await waitFor(() => expect(screen.getByTestId('profile-consultant').textContent).toBe('林嘉怡'));
    expect(screen.getByTestId('card-31-service-4-left').textContent).toBe('9');
    await waitFor(() => expect(screen.getByTestId('card-31-sessions').textContent).toBe('水光针（基础补水）：9 / 10'));
    expect(screen.getByTestId('customer-value').textContent).toContain('¥9,800.00');
    expect(screen.getByTestId('value-activity').textContent).toBe('活跃');
    expect(screen.getByTestId('customer-treatments').textContent).toContain('王芳');
    // A technician may not sell or record: no 去收银 / 治疗登记 buttons.
    expect(screen.queryByTestId('go-cashier')).toBeNull();
    expect(screen.queryByTestId('go-treatment')).toBeNull();

    fireEvent.click(screen.getByTestId('tab-follow-ups'));
    expect((await screen.findByTestId('follow-up-81-assignee')).textContent).toBe('林嘉怡');
    expect(screen.getByTestId('follow-up-81-day').textContent).toBe('术后第 1 天');
  });

  it('shows a not-found page for a customer outside the caller\'s reach', async () => {
    server({ status: 404, body: { error: { code: 'customer.not_found', message: '客户不存在', details: {} } } });
    renderApp('/customers/5');
    expect(await screen.findByText('客户不存在')).toBeTruthy();
    expect(screen.getByText('返回客户列表')).toBeTruthy();
  });
});
