import { describe, expect, it } from 'vitest';
import type { Order } from '../../../api/clinic';
import { cartProblems, cartTotals, evenShares, lineAmount, orderBody, paidTotal, receiptTotals, remaining, sharesValid, suggestedPayment } from './cart';
import type { CartLine, CartState, PaymentRow } from './cart';

const line = (over: Partial<CartLine> = {}): CartLine => ({
  uid: 'l1', kind: 'card', item_id: 7, name: '水光针10次卡', quantity: 1, unit_price_fen: 980_000, discount_fen: 0, ...over,
});
const pay = (method: PaymentRow['method'], amount_fen: number, card_id?: number): PaymentRow => ({ uid: `${method}-${amount_fen}`, method, amount_fen, card_id });
const cart = (over: Partial<CartState> = {}): CartState => ({
  customerId: 3, lines: [line()], discountFen: 0, coupon: { code: '', amountFen: 0 }, staff: [{ user_id: 9, share_pct: 100 }], payments: [], ...over,
});

describe('cart arithmetic', () => {
  it('computes a line as quantity × price − discount, never negative', () => {
    expect(lineAmount({ quantity: 2, unit_price_fen: 128_000, discount_fen: 6_000 })).toBe(250_000);
    expect(lineAmount({ quantity: 1, unit_price_fen: 5_000, discount_fen: 9_000 })).toBe(0);
    expect(lineAmount({ quantity: 1, unit_price_fen: 5_000, discount_fen: -100 })).toBe(5_000);
  });

  it('applies the order discount, then the coupon, capped so the total never goes below zero', () => {
    const lines = [line(), line({ uid: 'l2', kind: 'product', item_id: 2, unit_price_fen: 30_000, quantity: 2 })];
    expect(cartTotals(lines, 10_000, 5_000)).toEqual({ subtotal: 1_040_000, discount: 10_000, coupon: 5_000, total: 1_025_000 });
    expect(cartTotals([line({ unit_price_fen: 1_000 })], 800, 500)).toEqual({ subtotal: 1_000, discount: 800, coupon: 200, total: 0 });
    expect(cartTotals([], 100, 100).total).toBe(0);
  });

  it('splits a payment between WeChat Pay and cash and tracks 还需收款', () => {
    const { total } = cartTotals([line()], 0, 0);
    const wechat = pay('wechat', 500_000);
    expect(remaining(total, [wechat])).toBe(480_000);
    expect(suggestedPayment(total, [wechat])).toBe(480_000);
    const both = [wechat, pay('cash', 480_000)];
    expect(paidTotal(both)).toBe(980_000);
    expect(remaining(total, both)).toBe(0);
    expect(suggestedPayment(total, [...both, pay('cash', 1)])).toBe(0);
    expect(remaining(total, [...both, pay('cash', 100)])).toBe(-100);
  });

  it('checks staff shares: everyone named, whole percents, 100 together', () => {
    expect(sharesValid([])).toBe(true);
    expect(sharesValid([{ user_id: 1, share_pct: 100 }])).toBe(true);
    expect(sharesValid([{ user_id: 1, share_pct: 60 }, { user_id: 2, share_pct: 40 }])).toBe(true);
    expect(sharesValid([{ user_id: 1, share_pct: 60 }, { user_id: 2, share_pct: 30 }])).toBe(false);
    expect(sharesValid([{ user_id: 1, share_pct: 50 }, { user_id: 0, share_pct: 50 }])).toBe(false);
    expect(sharesValid([{ user_id: 1, share_pct: 99.5 }, { user_id: 2, share_pct: 0.5 }])).toBe(false);
    expect(evenShares([4, 5, 6])).toEqual([{ user_id: 4, share_pct: 34 }, { user_id: 5, share_pct: 33 }, { user_id: 6, share_pct: 33 }]);
  });

  it('lists what stops the order from being sent', () => {
    expect(cartProblems(cart({ payments: [pay('wechat', 500_000), pay('cash', 480_000)] }))).toEqual([]);
    expect(cartProblems(cart({ customerId: null, lines: [] }))).toEqual(['noCustomer', 'noLines']);
    expect(cartProblems(cart({ payments: [pay('cash', 990_000)] }))).toEqual(['overpaid']);
    expect(cartProblems(cart({ payments: [pay('stored_value', 1_000)] }))).toEqual(['cardMissing']);
    expect(cartProblems(cart({ payments: [pay('cash', 0)] }))).toEqual(['badPayment']);
    expect(cartProblems(cart({ lines: [line({ quantity: 0 })] }))).toEqual(['badQuantity']);
    // A card line sells one card.
    expect(cartProblems(cart({ lines: [line({ quantity: 2 })] }))).toEqual(['badQuantity']);
    expect(cartProblems(cart({ lines: [line({ kind: 'product', quantity: 2 })] }))).toEqual([]);
    expect(cartProblems(cart({ coupon: { code: ' ', amountFen: 100 } }))).toEqual(['couponCode']);
    expect(cartProblems(cart({ staff: [{ user_id: 9, share_pct: 90 }] }))).toEqual(['shares']);
    // Arrears are allowed (the page asks to confirm them).
    expect(cartProblems(cart({ payments: [pay('wechat', 100_000)] }))).toEqual([]);
  });

  it('builds the POST /orders body in fen with the attribution on every line', () => {
    const body = orderBody(
      { ...cart({ discountFen: 10_000, coupon: { code: ' SPRING ', amountFen: 5_000 }, payments: [pay('wechat', 500_000), pay('stored_value', 465_000, 31)] }), customerId: 3 },
      { consultantId: 9, contractNo: ' HT-1 ', note: '' },
    );
    expect(body).toEqual({
      customer_id: 3,
      lines: [{ kind: 'card', item_id: 7, quantity: 1, unit_price_fen: 980_000, staff: [{ user_id: 9, share_pct: 100 }] }],
      payments: [{ method: 'wechat', amount_fen: 500_000 }, { method: 'stored_value', amount_fen: 465_000, card_id: 31 }],
      discount_fen: 10_000,
      coupon: { code: 'SPRING', amount_fen: 5_000 },
      consultant_id: 9,
      contract_no: 'HT-1',
    });
  });
});

describe('receipt totals', () => {
  const order: Pick<Order, 'lines' | 'payments' | 'total_fen' | 'arrears_fen'> = {
    total_fen: 1_015_000,
    arrears_fen: 15_000,
    lines: [
      { id: 1, kind: 'card', item_id: 7, name: '水光针10次卡', quantity: 1, unit_price_fen: 980_000, discount_fen: 0, amount_fen: 980_000, staff: [] },
      { id: 2, kind: 'product', item_id: 2, name: '修复面膜', quantity: 2, unit_price_fen: 25_000, discount_fen: 0, amount_fen: 50_000, staff: [] },
    ],
    payments: [
      { id: 1, method: 'wechat', amount_fen: 500_000, kind: 'payment', paid_at: '' },
      { id: 2, method: 'cash', amount_fen: 480_000, kind: 'payment', paid_at: '' },
      { id: 3, method: 'cash', amount_fen: 30_000, kind: 'payment', paid_at: '' },
      { id: 4, method: 'cash', amount_fen: 10_000, kind: 'refund', paid_at: '' },
    ],
  };

  it('sums the lines, shows the order discount as the difference, and nets payments per method', () => {
    expect(receiptTotals(order)).toEqual({
      subtotal: 1_030_000,
      discount: 15_000,
      total: 1_015_000,
      paid: 1_000_000,
      arrears: 15_000,
      byMethod: [{ method: 'wechat', amount: 500_000 }, { method: 'cash', amount: 500_000 }],
    });
  });
});
