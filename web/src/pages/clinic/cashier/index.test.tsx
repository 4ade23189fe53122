import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../../i18n';
import { adminUser, installFetch } from '../../../test/fetchMock';
import type { RecordedRequest } from '../../../test/fetchMock';
import { renderApp } from '../../../test/renderApp';

const frontDesk = { ...adminUser, id: 2, username: 'frontdesk', display_name: '陈晓雨', roles: ['front_desk'], permissions: ['order.create', 'data.customer.read', 'data.card.read', 'data.staff.read', 'data.service.read', 'data.product.read', 'data.card_product.read'] };
const row = (id: number, values: Record<string, unknown>) => ({ id, version: 1, created_at: '', updated_at: '', ...values });
const page = (items: unknown[]) => ({ body: { items, next_cursor: null } });
const customer = row(5, { name: '王丽华', phone: '138****5678', consultant: 9 });

const order = {
  id: 40, order_no: 'D202603020001', customer_id: 5, branch_id: 1, status: 'partial', total_fen: 980_000, discount_fen: 0,
  paid_fen: 500_000, arrears_fen: 480_000, refunded_fen: 0, contract_no: null,
  lines: [{ id: 1, kind: 'card', item_id: 7, name: '水光针10次卡', quantity: 1, unit_price_fen: 980_000, discount_fen: 0, amount_fen: 980_000, card_id: 31, staff: [{ user_id: 9, share_pct: 100 }] }],
  payments: [{ id: 1, method: 'wechat', amount_fen: 500_000, kind: 'payment', paid_at: '2026-03-02T02:00:00Z' }],
};

function server(onOrder: (r: RecordedRequest) => { status?: number; body?: unknown }) {
  return installFetch({
    'GET /api/v1/auth/me': { body: { user: frontDesk, csrf_token: 'c' } },
    'GET /api/v1/data/customer/5': { body: customer },
    'GET /api/v1/data/customer': page([customer]),
    'GET /api/v1/cards': page([]),
    'GET /api/v1/data/service': page([]),
    'GET /api/v1/data/product': page([]),
    'GET /api/v1/data/card_product': page([row(7, { name: '水光针10次卡', kind: 'count', price: 980_000, active: true })]),
    'GET /api/v1/data/staff': page([row(1, { name: '林嘉怡', account: 9, position: 'consultant', active: true })]),
    'POST /api/v1/orders': onOrder,
  });
}

async function pick(testId: string, text: RegExp) {
  const select = await screen.findByTestId(testId);
  fireEvent.mouseDown(select.querySelector('.ant-select-selector') ?? select);
  const options = await screen.findAllByText(text, { selector: '.ant-select-item-option-content' });
  fireEvent.click(options[0]);
}

describe('cashier', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('confirms arrears, retries a lost submission with the same Idempotency-Key, and prints the saved order', async () => {
    let calls = 0;
    const { requests } = server(() => {
      calls += 1;
      if (calls === 1) throw new TypeError('network down');
      return { status: 201, body: order };
    });
    renderApp('/cashier?customer=5');
    // The customer's consultant gets the sale by default.
    await waitFor(() => expect(screen.getByTestId('staff-shares').textContent).toContain('林嘉怡'));
    fireEvent.click(screen.getByTestId('line-kind-card'));
    await pick('line-item', /水光针10次卡/);
    fireEvent.click(screen.getByTestId('line-add'));
    expect(screen.getByTestId('order-total').textContent).toBe('¥9,800.00');

    fireEvent.click(screen.getByTestId('payment-add'));
    const amount = screen.getByTestId('payment-0-amount') as HTMLInputElement;
    expect(amount.value).toBe('9800.00');
    fireEvent.change(amount, { target: { value: '5000' } });
    fireEvent.blur(amount);
    await waitFor(() => expect(screen.getByTestId('remaining').textContent).toBe('¥4,800.00'));

    fireEvent.click(screen.getByTestId('order-submit'));
    fireEvent.click(await screen.findByRole('button', { name: '记为欠款并提交' }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1));
    // Lost on the way: nothing saved on screen, the same submission may be sent again.
    expect(screen.queryByTestId('receipt')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('order-submit').className).not.toContain('ant-btn-loading'));

    fireEvent.click(screen.getByTestId('order-submit'));
    fireEvent.click(await screen.findByRole('button', { name: '记为欠款并提交' }));
    const receipt = await screen.findByTestId('receipt');
    const posts = requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[0].headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[1].headers['Idempotency-Key']).toBe(posts[0].headers['Idempotency-Key']);
    expect(posts[1].body).toEqual({
      customer_id: 5,
      consultant_id: 9,
      lines: [{ kind: 'card', item_id: 7, quantity: 1, unit_price_fen: 980_000, staff: [{ user_id: 9, share_pct: 100 }] }],
      payments: [{ method: 'wechat', amount_fen: 500_000 }],
    });
    expect(within(receipt).getByTestId('receipt-order-no').textContent).toContain('D202603020001');
    expect(within(receipt).getByTestId('receipt-paid-wechat').textContent).toBe('¥5,000.00');
    expect(within(receipt).getByTestId('receipt-arrears').textContent).toBe('¥4,800.00');
  });

  it('does not send an order that pays more than the total', async () => {
    const { requests } = server(() => ({ status: 201, body: order }));
    renderApp('/cashier?customer=5');
    await waitFor(() => expect(screen.getByTestId('staff-shares').textContent).toContain('林嘉怡'));
    fireEvent.click(screen.getByTestId('line-kind-card'));
    await pick('line-item', /水光针10次卡/);
    fireEvent.click(screen.getByTestId('line-add'));
    fireEvent.click(screen.getByTestId('payment-add'));
    const amount = screen.getByTestId('payment-0-amount') as HTMLInputElement;
    fireEvent.change(amount, { target: { value: '9900' } });
    fireEvent.blur(amount);
    await screen.findByTestId('overpaid');
    fireEvent.click(screen.getByTestId('order-submit'));
    expect((await screen.findByTestId('cart-problems')).textContent).toContain('收款不能超过应收金额');
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });
});
