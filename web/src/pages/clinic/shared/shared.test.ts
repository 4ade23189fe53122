import { describe, expect, it } from 'vitest';
import type { ClinicCard } from '../../../api/clinic';
import { cardsForService, sessionsFor, storedValueCards } from '../customer/cards';
import { customerQuery } from './customerSearch';
import { attemptFor, newUuid } from './idempotency';
import { fenToYuan, formatFen, yuanToFen } from './money';

const card = (id: number, over: Partial<ClinicCard> = {}): ClinicCard => ({
  id, card_no: `K${id}`, customer_id: 1, branch_id: 1, kind: 'count', status: 'active', valid_until: null,
  balance_fen: 0, gift_balance_fen: 0, discount_pct: 100, sessions_left: [], version: 1, ...over,
});

describe('money', () => {
  it('shows fen as yuan with two decimals and reads typed yuan back as fen', () => {
    expect(formatFen(980_000)).toBe('¥9,800.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(-1_250)).toBe('-¥12.50');
    expect(yuanToFen(4800)).toBe(480_000);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen(19.99)).toBe(1_999);
    expect(yuanToFen('')).toBeNull();
    expect(yuanToFen('abc')).toBeNull();
    expect(fenToYuan(1_999)).toBe(19.99);
  });
});

describe('idempotency keys', () => {
  it('makes v4 uuids', () => {
    expect(newUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newUuid()).not.toBe(newUuid());
  });

  it('reuses the key for a retry of the same submission and makes a new one when it changed', () => {
    let n = 0;
    const make = () => `k${++n}`;
    const first = attemptFor(null, { a: 1 }, make);
    expect(first.key).toBe('k1');
    expect(attemptFor(first, { a: 1 }, make)).toBe(first);
    expect(attemptFor(first, { a: 2 }, make).key).toBe('k2');
  });
});

describe('customer search', () => {
  it('looks a whole mobile number up exactly and searches anything else by text', () => {
    expect(customerQuery('138 1234 5678')).toEqual({ filter: { field: 'phone', op: 'eq', value: '13812345678' }, limit: 20 });
    expect(customerQuery(' 王丽 ')).toEqual({ q: '王丽', sort: '-updated_at', limit: 20 });
    expect(customerQuery('1381234')).toEqual({ q: '1381234', sort: '-updated_at', limit: 20 });
  });
});

describe('cards', () => {
  const cards = [
    card(1, { sessions_left: [{ service_id: 5, sessions: 2, total: 10, unlimited: false }] }),
    card(2, { sessions_left: [{ service_id: 5, sessions: 9, total: 10, unlimited: false }] }),
    card(3, { status: 'frozen', sessions_left: [{ service_id: 5, sessions: 9, total: 10, unlimited: false }] }),
    card(4, { sessions_left: [{ service_id: 5, sessions: 0, total: 10, unlimited: false }] }),
    card(5, { kind: 'time', sessions_left: [{ service_id: 5, sessions: null, total: null, unlimited: true }] }),
    card(6, { kind: 'stored_value', balance_fen: 10_000 }),
    card(7, { kind: 'stored_value', balance_fen: 0, gift_balance_fen: 0 }),
  ];

  it('offers active cards with sessions of the service, unlimited and fullest first', () => {
    expect(cardsForService(cards, 5).map((c) => c.id)).toEqual([5, 2, 1]);
    expect(cardsForService(cards, 5, 3).map((c) => c.id)).toEqual([5, 2]);
    expect(cardsForService(cards, 99)).toEqual([]);
    expect(sessionsFor(cards[1], 5)).toBe(9);
    expect(sessionsFor(cards[4], 5)).toBe('unlimited');
    expect(sessionsFor(cards[1], 6)).toBeNull();
  });

  it('pays only from active stored-value cards with money on them', () => {
    expect(storedValueCards(cards).map((c) => c.id)).toEqual([6]);
  });
});
