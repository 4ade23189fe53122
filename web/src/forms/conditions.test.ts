import { describe, expect, it } from 'vitest';
import type { Field, FilterNode } from '../api/schema';
import { fieldStates, matches } from './conditions';

const f = (name: string, type: string, options: Field['options'] = {}): Field => ({
  name,
  label: name,
  type,
  required: false,
  unique: false,
  sensitive: false,
  options,
});

const record = { name: 'Wang Lihua', age: 30, price: 12900, level: 'vip', tags: ['a', 'b'], day: '2026-03-01', on: true, note: '' };
const fields = [f('name', 'text'), f('age', 'integer'), f('price', 'money'), f('level', 'select'), f('tags', 'multi_select'), f('day', 'date'), f('on', 'switch'), f('note', 'text')];
const m = (node: FilterNode, r: Record<string, unknown> = record) => matches(node, r, fields);

describe('condition evaluator', () => {
  it.each([
    [{ field: 'age', op: 'eq', value: 30 }, true],
    [{ field: 'age', op: 'eq', value: 31 }, false],
    [{ field: 'age', op: 'ne', value: 31 }, true],
    [{ field: 'age', op: 'lt', value: 30 }, false],
    [{ field: 'age', op: 'lte', value: 30 }, true],
    [{ field: 'age', op: 'gt', value: 29 }, true],
    [{ field: 'age', op: 'gte', value: 31 }, false],
    [{ field: 'price', op: 'between', value: [10000, 12900] }, true],
    [{ field: 'price', op: 'between', value: [13000, 20000] }, false],
    [{ field: 'day', op: 'between', value: ['2026-01-01', '2026-12-31'] }, true],
    [{ field: 'level', op: 'in', value: ['vip', 'svip'] }, true],
    [{ field: 'level', op: 'in', value: ['normal'] }, false],
    [{ field: 'level', op: 'not_in', value: ['normal'] }, true],
    [{ field: 'level', op: 'not_in', value: ['vip'] }, false],
    [{ field: 'name', op: 'contains', value: 'LIHUA' }, true],
    [{ field: 'name', op: 'contains', value: 'zhang' }, false],
    [{ field: 'name', op: 'starts_with', value: 'wang' }, true],
    [{ field: 'name', op: 'starts_with', value: 'lihua' }, false],
    [{ field: 'note', op: 'is_empty' }, true],
    [{ field: 'missing', op: 'is_empty' }, true],
    [{ field: 'name', op: 'is_empty' }, false],
    [{ field: 'name', op: 'not_empty' }, true],
    [{ field: 'note', op: 'not_empty' }, false],
    [{ field: 'on', op: 'eq', value: true }, true],
    [{ field: 'on', op: 'eq', value: false }, false],
    [{ field: 'tags', op: 'contains', value: 'b' }, true],
    [{ field: 'tags', op: 'in', value: ['x', 'a'] }, true],
    [{ field: 'tags', op: 'in', value: ['x'] }, false],
    [{ field: 'age', op: 'eq', value: '30' }, true],
  ] as [FilterNode, boolean][])('%j → %s', (node, expected) => {
    expect(m(node)).toBe(expected);
  });

  it('treats a comparison with a missing value as unknown, and NOT unknown as unknown', () => {
    const r = { age: null };
    expect(m({ field: 'age', op: 'eq', value: 1 }, r)).toBe(false);
    expect(m({ field: 'age', op: 'ne', value: 1 }, r)).toBe(false);
    expect(m({ not: { field: 'age', op: 'eq', value: 1 } }, r)).toBe(false);
    expect(m({ field: 'age', op: 'not_in', value: [1] }, r)).toBe(false);
    expect(m({ field: 'tags', op: 'is_empty' }, {})).toBe(true);
  });

  it('combines with and / or / not', () => {
    const yes = { field: 'age', op: 'eq', value: 30 };
    const no = { field: 'age', op: 'eq', value: 1 };
    const unknown = { field: 'missing', op: 'eq', value: 1 };
    expect(m({ and: [yes, yes] })).toBe(true);
    expect(m({ and: [yes, no] })).toBe(false);
    expect(m({ and: [] })).toBe(true);
    expect(m({ or: [no, yes] })).toBe(true);
    expect(m({ or: [no, no] })).toBe(false);
    expect(m({ or: [] })).toBe(false);
    expect(m({ not: no })).toBe(true);
    expect(m({ not: yes })).toBe(false);
    // false AND unknown is false, so NOT of it is true; true AND unknown stays unknown.
    expect(m({ not: { and: [no, unknown] } })).toBe(true);
    expect(m({ not: { and: [yes, unknown] } })).toBe(false);
    expect(m({ or: [unknown, yes] })).toBe(true);
  });

  it('hides and locks fields by their rules, ignoring rules that name fields no longer there', () => {
    const list = [
      f('kind', 'select'),
      f('reason', 'text', { visible_if: { field: 'kind', op: 'eq', value: 'other' } }),
      f('amount', 'money', { editable_if: { and: [{ field: 'kind', op: 'ne', value: 'closed' }, { field: 'kind', op: 'not_empty' }] } }),
      f('old', 'text', { visible_if: { field: 'retired_one', op: 'eq', value: 1 } }),
    ];
    const s1 = fieldStates(list, { kind: 'closed' });
    expect([...s1.hidden]).toEqual(['reason']);
    expect([...s1.locked]).toEqual(['amount']);
    const s2 = fieldStates(list, { kind: 'other' });
    expect([...s2.hidden]).toEqual([]);
    expect([...s2.locked]).toEqual([]);
    expect([...fieldStates(list, {}).locked]).toEqual(['amount']);
  });
});
