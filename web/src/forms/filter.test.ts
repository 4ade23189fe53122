import { describe, expect, it } from 'vitest';
import { buildFilter, filterableFields, operatorsFor, sortParam } from './filter';
import { customer, field, types, visit } from './testFields';

const fields = filterableFields(visit, { kehu: customer });

describe('filterable fields', () => {
  it('offers live own fields and the related entity’s non-sensitive fields, not sub-forms', () => {
    expect(fields.map((f) => f.path)).toEqual(['customer', 'score', 'fee', 'mood', 'total', 'customer.name']);
    expect(fields.find((f) => f.path === 'customer.name')?.label).toBe('客户 › 姓名');
  });

  it('leaves the related fields out while the target is not loaded', () => {
    expect(filterableFields(visit, {}).some((f) => f.path.includes('.'))).toBe(false);
  });
});

describe('operators', () => {
  it('are the type’s, a text formula filters as text, a sensitive field only by equality and emptiness', () => {
    expect(operatorsFor(field('n', 'integer'), types)).toContain('between');
    expect(operatorsFor(field('f', 'formula', { options: { result_type: 'text' } }), types)).toContain('contains');
    expect(operatorsFor(field('p', 'phone', { sensitive: true }), types)).toEqual(['eq', 'ne', 'is_empty', 'not_empty']);
  });
});

describe('buildFilter', () => {
  it('sends one rule as itself, with money in fen', () => {
    const built = buildFilter({ match: 'and', rules: [{ id: '1', field: 'fee', op: 'gte', value: 12.5 }] }, fields);
    expect(built).toEqual({ filter: { field: 'fee', op: 'gte', value: 1250 }, incomplete: [] });
  });

  it('joins several rules with or, reads numbers from text and splits in-lists', () => {
    const built = buildFilter(
      {
        match: 'or',
        rules: [
          { id: '1', field: 'score', op: 'eq', value: '4' },
          { id: '2', field: 'customer.name', op: 'in', value: '王丽华，李娜, 张' },
          { id: '3', field: 'score', op: 'is_empty' },
        ],
      },
      fields,
    );
    expect(built.filter).toEqual({
      or: [
        { field: 'score', op: 'eq', value: 4 },
        { field: 'customer.name', op: 'in', value: ['王丽华', '李娜', '张'] },
        { field: 'score', op: 'is_empty' },
      ],
    });
  });

  it('reports incomplete rules and leaves them out', () => {
    const built = buildFilter(
      {
        match: 'and',
        rules: [
          { id: 'a', field: '', op: 'eq', value: 'x' },
          { id: 'b', field: 'score', op: 'gt', value: 'abc' },
          { id: 'c', field: 'score', op: 'between', value: [1] },
          { id: 'd', field: 'nosuch', op: 'eq', value: 1 },
          { id: 'e', field: 'mood', op: 'eq', value: 'good' },
        ],
      },
      fields,
    );
    expect(built).toEqual({ filter: { field: 'mood', op: 'eq', value: 'good' }, incomplete: ['a', 'b', 'c', 'd'] });
  });

  it('builds between with both ends converted, and nothing at all from no rules', () => {
    expect(buildFilter({ match: 'and', rules: [{ id: '1', field: 'fee', op: 'between', value: [1, '2.5'] }] }, fields).filter).toEqual(
      { field: 'fee', op: 'between', value: [100, 250] },
    );
    expect(buildFilter({ match: 'and', rules: [] }, fields)).toEqual({ filter: null, incomplete: [] });
  });

  it('writes sort keys', () => {
    expect(sortParam([{ field: 'score', descending: true }, { field: 'name', descending: false }])).toBe('-score,name');
  });
});
