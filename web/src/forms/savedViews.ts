// Saved list views (columns, filter, sort, search) as the list page holds them, and their conversion
// to and from the server's shape (/api/v1/data/{entity}/views: a filter tree and "-field" sort keys).
// Pure logic; the page calls api/views.ts. A server filter the builder cannot show (nested groups,
// "not") is kept as it is and sent unchanged.
import type { FilterNode } from '../api/schema';
import type { SavedView, ViewInput } from '../api/views';
import { buildFilter, emptyFilter } from './filter';
import type { FilterableField, FilterGroup, FilterRule } from './filter';
import { fenToYuan, inputKind } from './fieldKinds';

export interface SortKey {
  field: string;
  descending: boolean;
}

export interface ListView {
  name: string;
  columns: string[];
  filter: FilterGroup;
  sort: SortKey[];
  q: string;
}

/** "-created_at" → { field: "created_at", descending: true }. */
export function sortKeys(sort: readonly string[]): SortKey[] {
  return sort
    .filter((s) => s.replace(/^-/, '') !== '')
    .map((s) => (s.startsWith('-') ? { field: s.slice(1), descending: true } : { field: s, descending: false }));
}

/** A filter leaf's value as the builder shows it (money in yuan). */
function shownValue(value: unknown, field: FilterableField | undefined): unknown {
  if (!field || inputKind(field.field.type) !== 'money') return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'number' ? fenToYuan(v) : v));
  return typeof value === 'number' ? fenToYuan(value) : value;
}

function isLeaf(node: FilterNode): node is { field: string; op: string; value?: unknown } {
  return 'field' in node;
}

/** The builder's group for a server filter tree: one leaf, or one and/or of leaves; null when the
 *  tree is deeper than the builder shows. */
export function filterGroupOf(tree: FilterNode | null, fields: readonly FilterableField[]): FilterGroup | null {
  if (tree === null) return emptyFilter;
  const rule = (leaf: { field: string; op: string; value?: unknown }, i: number): FilterRule => ({
    id: `v${i}`,
    field: leaf.field,
    op: leaf.op,
    value: shownValue(leaf.value, fields.find((f) => f.path === leaf.field)),
  });
  if (isLeaf(tree)) return { match: 'and', rules: [rule(tree, 0)] };
  const match = 'and' in tree ? 'and' : 'or' in tree ? 'or' : undefined;
  if (match === undefined) return null;
  const children = 'and' in tree ? tree.and : 'or' in tree ? tree.or : [];
  if (!children.every(isLeaf)) return null;
  return { match, rules: children.map((c, i) => rule(c as { field: string; op: string; value?: unknown }, i)) };
}

/** The list page's view for a server view, and the server filter when the builder cannot show it. */
export function fromServer(v: SavedView, fields: readonly FilterableField[]): { view: ListView; rawFilter: FilterNode | null } {
  const group = filterGroupOf(v.filter, fields);
  return {
    view: { name: v.name, columns: v.columns, filter: group ?? emptyFilter, sort: sortKeys(v.sort), q: v.q },
    rawFilter: group === null ? v.filter : null,
  };
}

/** The body that saves `view` (incomplete filter rules are left out, as the list leaves them out). */
export function toServer(view: ListView, fields: readonly FilterableField[]): ViewInput {
  return {
    name: view.name.trim(),
    columns: view.columns,
    filter: buildFilter(view.filter, fields).filter,
    sort: view.sort.map((k) => `${k.descending ? '-' : ''}${k.field}`),
    q: view.q,
  };
}

/** Shared views first (as the server lists them), then own ones; each with whether the user may change it. */
export function editableViews(views: readonly SavedView[], canManageShared: boolean): { view: SavedView; editable: boolean }[] {
  return views.map((view) => ({ view, editable: !view.shared || canManageShared }));
}
