import { describe, expect, it } from 'vitest';
import { formValues, recordBody } from './recordValues';
import { field } from './testFields';

const fields = [
  field('name', 'text'),
  field('phone', 'phone', { sensitive: true }),
  field('fee', 'money', { options: { default: 500 } }),
  field('items', 'sub_form', { options: { fields: [{ name: 'amount', label: '金额', type: 'money' }] } }),
  field('total', 'formula'),
];
const record = {
  id: 7,
  version: 3,
  created_at: '',
  updated_at: '',
  name: '王丽华',
  phone: '138****5678',
  fee: 12345,
  items: [{ id: 1, amount: 100 }],
  total: 1,
};

describe('record values', () => {
  it('shows money in yuan (also in sub-forms), leaves masked values and computed fields out', () => {
    expect(formValues(fields, record)).toEqual({ name: '王丽华', fee: 123.45, items: [{ id: 1, amount: 1 }] });
    expect(formValues(fields, null)).toEqual({ fee: 5 });
  });

  it('sends only changed fields with the version, and keeps a masked value left empty', () => {
    const values = { ...formValues(fields, record), name: '王丽', phone: '' };
    expect(recordBody(fields, values, record)).toEqual({ name: '王丽', version: 3 });
    const retyped = { ...values, phone: '13912345678', items: [{ id: 1, amount: 2.5 }] };
    expect(recordBody(fields, retyped, record)).toEqual({
      name: '王丽',
      phone: '13912345678',
      items: [{ id: 1, amount: 250 }],
      version: 3,
    });
  });

  it('creates with the filled fields only, money in fen', () => {
    expect(recordBody(fields, { name: '李娜', phone: '', fee: 9.9 }, null)).toEqual({ name: '李娜', fee: 990 });
  });
});
