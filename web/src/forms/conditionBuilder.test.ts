import { describe, expect, it } from 'vitest';
import type { FieldType } from '../api/schema';
import { conditionFields, rulesFromTree, treeFromRules } from './conditionBuilder';
import { newDraftField } from './designer';

const types: FieldType[] = [
  { name: 'text', label: 'Text', category: 'basic', operators: ['eq', 'contains', 'in', 'is_empty'], can_be_sensitive: true, computed: false },
  { name: 'money', label: 'Money', category: 'number', operators: ['eq', 'gt', 'between'], can_be_sensitive: false, computed: false },
  { name: 'sub_form', label: 'Rows', category: 'relation', operators: ['is_empty'], can_be_sensitive: false, computed: false },
];

const name = { ...newDraftField('text', 'Name', []), name: 'name' };
const price = { ...newDraftField('money', 'Price', []), name: 'price' };
const rows = { ...newDraftField('sub_form', 'Rows', []), name: 'rows' };
const odd = { ...newDraftField('location', 'Where', []), name: 'where' };
const draft = [name, price, rows, odd];

describe('condition builder', () => {
  it('offers the other fields that have operators, never the field itself or a sub-form', () => {
    expect(conditionFields(draft, price.key, types).map((f) => f.path)).toEqual(['name']);
    expect(conditionFields(draft, 'other', types).map((f) => f.path)).toEqual(['name', 'price']);
  });

  it('writes one rule as itself and several under "and", with money in fen and lists for in', () => {
    const fields = conditionFields(draft, 'other', types);
    expect(treeFromRules([{ id: 'a', field: 'price', op: 'gt', value: 12.5 }], fields)).toEqual({ tree: { field: 'price', op: 'gt', value: 1250 }, incomplete: [] });
    const built = treeFromRules(
      [
        { id: 'a', field: 'name', op: 'in', value: 'x, y' },
        { id: 'b', field: 'price', op: 'between', value: ['1', '2'] },
        { id: 'c', field: 'name', op: 'is_empty' },
        { id: 'd', field: 'name', op: 'eq' },
      ],
      fields,
    );
    expect(built.tree).toEqual({
      and: [
        { field: 'name', op: 'in', value: ['x', 'y'] },
        { field: 'price', op: 'between', value: [100, 200] },
        { field: 'name', op: 'is_empty' },
      ],
    });
    expect(built.incomplete).toEqual(['d']);
    expect(treeFromRules([], fields).tree).toBeUndefined();
  });

  it('reads back plain AND trees (money in yuan) and refuses or / not / nesting', () => {
    const fields = conditionFields(draft, 'other', types);
    expect(rulesFromTree(undefined, fields)).toEqual([]);
    expect(rulesFromTree({ field: 'price', op: 'gt', value: 1250 }, fields)).toMatchObject([{ field: 'price', op: 'gt', value: 12.5 }]);
    expect(rulesFromTree({ and: [{ field: 'name', op: 'eq', value: 'a' }, { field: 'price', op: 'between', value: [100, 200] }] }, fields)).toMatchObject([
      { field: 'name', op: 'eq', value: 'a' },
      { field: 'price', op: 'between', value: [1, 2] },
    ]);
    expect(rulesFromTree({ or: [{ field: 'name', op: 'eq', value: 'a' }] }, fields)).toBeNull();
    expect(rulesFromTree({ not: { field: 'name', op: 'eq', value: 'a' } }, fields)).toBeNull();
    expect(rulesFromTree({ and: [{ or: [] }] }, fields)).toBeNull();
    expect(rulesFromTree({ and: [], extra: 1 }, fields)).toBeNull();
  });
});
