import { describe, expect, it } from 'vitest';
import { treatmentBody, treatmentProblems } from './body';

const ref = (id: string) => ({ id, name: `${id}.png`, size: 10, type: 'image/png' });

describe('treatment body', () => {
  it('requires the customer, the service, and a signature when deducting', () => {
    expect(treatmentProblems({})).toEqual(['customer', 'service']);
    expect(treatmentProblems({ customer_id: 1, service_id: 2, card_id: 3 })).toEqual(['signature']);
    expect(treatmentProblems({ customer_id: 1, service_id: 2, card_id: 3, signature: [ref('s1')], sessions: 0 })).toEqual(['sessions']);
    expect(treatmentProblems({ customer_id: 1, service_id: 2 })).toEqual([]);
  });

  it('sends blob ids, consumables with a name, and leaves empty parts out', () => {
    expect(
      treatmentBody({
        customer_id: 1,
        service_id: 2,
        card_id: 3,
        sessions: 1,
        signature: [ref('sig')],
        nurse_id: 8,
        before_photos: [ref('b1'), ref('b2')],
        after_photos: null,
        consumables: [{ name: ' 水光耗材套装 ', lot_no: 'L2025', quantity: 1 }, { name: '', lot_no: 'x' }, undefined],
        reaction: ' ',
        note: '轻微发红',
      }),
    ).toEqual({
      customer_id: 1,
      service_id: 2,
      status: 'completed',
      card_id: 3,
      sessions: 1,
      signature: 'sig',
      nurse_id: 8,
      before_photos: ['b1', 'b2'],
      consumables: [{ name: '水光耗材套装', lot_no: 'L2025', quantity: 1 }],
      note: '轻微发红',
    });
    expect(treatmentBody({ customer_id: 1, service_id: 2, card_id: null, sessions: 4 })).toEqual({ customer_id: 1, service_id: 2, status: 'completed' });
  });
});
