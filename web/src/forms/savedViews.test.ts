import { describe, expect, it } from 'vitest';
import type { SavedView } from '../api/views';
import type { FilterableField } from './filter';
import { editableViews, filterGroupOf, fromServer, sortKeys, toServer } from './savedViews';
import { field } from './testFields';

const fields: FilterableField[] = [
  { path: 'name', label: '姓名', field: field('name', 'text') },
  { path: 'level', label: '等级', field: field('level', 'select') },
  { path: 'arrears', label: '欠款', field: field('arrears', 'money') },
];

const server = (more: Partial<SavedView>): SavedView => ({
  id: 1,
  name: '有欠款',
  columns: ['name', 'arrears'],
  filter: null,
  sort: [],
  q: '',
  shared: true,
  owner_id: null,
  template: 'medical-aesthetics',
  ...more,
});

describe('saved views', () => {
  it('reads sort keys with "-" for descending and drops empty ones', () => {
    expect(sortKeys(['-created_at', 'name', '-', ''])).toEqual([
      { field: 'created_at', descending: true },
      { field: 'name', descending: false },
    ]);
  });

  it('shows a server filter of one leaf or one and/or of leaves, money in yuan', () => {
    expect(filterGroupOf(null, fields)).toEqual({ match: 'and', rules: [] });
    expect(filterGroupOf({ field: 'arrears', op: 'gt', value: 1050 }, fields)).toEqual({
      match: 'and',
      rules: [{ id: 'v0', field: 'arrears', op: 'gt', value: 10.5 }],
    });
    expect(
      filterGroupOf({ or: [{ field: 'level', op: 'in', value: ['gold', 'diamond'] }, { field: 'name', op: 'is_empty' }] }, fields),
    ).toEqual({
      match: 'or',
      rules: [
        { id: 'v0', field: 'level', op: 'in', value: ['gold', 'diamond'] },
        { id: 'v1', field: 'name', op: 'is_empty', value: undefined },
      ],
    });
    // Deeper trees are not shown by the builder.
    expect(filterGroupOf({ and: [{ or: [{ field: 'name', op: 'eq', value: 'a' }] }] }, fields)).toBeNull();
    expect(filterGroupOf({ not: { field: 'name', op: 'eq', value: 'a' } }, fields)).toBeNull();
  });

  it('round-trips a view through the server shape', () => {
    const view = fromServer(server({ filter: { field: 'arrears', op: 'gt', value: 0 }, sort: ['-arrears'], q: '丽' }), fields);
    expect(view.rawFilter).toBeNull();
    expect(view.view.sort).toEqual([{ field: 'arrears', descending: true }]);
    expect(toServer({ ...view.view, name: '  新视图 ' }, fields)).toEqual({
      name: '新视图',
      columns: ['name', 'arrears'],
      filter: { field: 'arrears', op: 'gt', value: 0 },
      sort: ['-arrears'],
      q: '丽',
    });
    const deep = { and: [{ or: [{ field: 'name', op: 'eq', value: 'a' }] }] };
    expect(fromServer(server({ filter: deep }), fields).rawFilter).toEqual(deep);
  });

  it('lets users change their own views and shared ones only with the permission', () => {
    const views = [server({ id: 1 }), server({ id: 2, shared: false, owner_id: 7, template: null })];
    expect(editableViews(views, false).map((r) => r.editable)).toEqual([false, true]);
    expect(editableViews(views, true).map((r) => r.editable)).toEqual([true, true]);
  });
});
