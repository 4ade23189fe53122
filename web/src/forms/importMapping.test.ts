import { describe, expect, it } from 'vitest';
import { duplicateTargets, errorsByRow, importFormat, mappableFields, mappingChanged, mappingFromColumns, unmappedRequired } from './importMapping';
import { customer, visit } from './testFields';

const columns = [
  { header: '姓名', field: 'name', label: '姓名' },
  { header: '电话', field: 'phone', label: '手机' },
  { header: '备注', field: null, label: null },
];

describe('import mapping', () => {
  it('starts from the server’s proposal and notices edits', () => {
    const mapping = mappingFromColumns(columns);
    expect(mapping).toEqual({ 姓名: 'name', 电话: 'phone', 备注: null });
    expect(mappingChanged(columns, mapping)).toBe(false);
    expect(mappingChanged(columns, { ...mapping, 备注: 'name' })).toBe(true);
  });

  it('finds fields mapped twice and required fields mapped by no column', () => {
    expect(duplicateTargets({ 姓名: 'name', 名字: 'name', 电话: 'phone', 备注: null })).toEqual({ name: ['姓名', '名字'] });
    expect(unmappedRequired(customer, { 电话: 'phone' })).toEqual(['name']);
    expect(unmappedRequired(customer, { 姓名: 'name' })).toEqual([]);
  });

  it('offers only fields people type in', () => {
    expect(mappableFields(visit).map((f) => f.name)).toEqual(['customer', 'score', 'fee', 'mood']);
  });

  it('groups errors by row and recognises files by name', () => {
    const rows = errorsByRow([
      { row: 3, column: '电话', field: 'phone', code: 'record.invalid_value', message: 'x' },
      { row: 3, column: '姓名', field: 'name', code: 'record.required', message: 'y' },
      { row: 7, column: null, field: null, code: 'record.duplicate', message: 'z' },
    ]);
    expect([...rows.keys()]).toEqual([3, 7]);
    expect(rows.get(3)).toHaveLength(2);
    expect(importFormat('客户.XLSX')).toBe('xlsx');
    expect(importFormat('a.csv')).toBe('csv');
    expect(importFormat('a.xls')).toBeNull();
  });
});
