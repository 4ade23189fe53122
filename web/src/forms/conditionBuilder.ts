// The designer's condition builder (visible_if / editable_if) as data: an AND of rules over the fields of
// the same entity, read from and written to the filter tree the server stores ({"field","op","value"} or
// {"and":[…]}). Values go through the list filter's conversion (filter.ts: money in fen, numbers as
// numbers, lists for in/not_in, [from, to] for between); trees the builder cannot show (or / not / nested)
// are left to be shown read-only.
import type { FieldType, FilterNode } from '../api/schema';
import type { DraftField } from './designer';
import { fenToYuan, inputKind } from './fieldKinds';
import { buildFilter, operatorsFor } from './filter';
import type { FilterableField, FilterRule } from './filter';

let counter = 0;
export const newRuleId = () => `cond-${(counter += 1)}`;

/** The fields a condition of `self` may test: the other fields of the draft that have operators
 *  (sub-forms and relation paths are not allowed in field rules). */
export function conditionFields(draft: readonly DraftField[], self: string, types: readonly FieldType[]): FilterableField[] {
  return draft
    .filter((f) => f.key !== self && f.type !== 'sub_form' && f.name !== '')
    .map((f) => ({ path: f.name, label: f.label || f.name, field: { ...f } }))
    .filter((f) => operatorsFor(f.field, types).length > 0);
}

function isLeaf(node: unknown): node is { field: string; op: string; value?: unknown } {
  return typeof node === 'object' && node !== null && typeof (node as { field?: unknown }).field === 'string' && typeof (node as { op?: unknown }).op === 'string';
}

/** A stored value as the builder shows it (money back in yuan). */
function shownValue(value: unknown, field: FilterableField | undefined): unknown {
  if (!field || inputKind(field.field.type) !== 'money') return value;
  const yuan = (v: unknown) => (typeof v === 'number' ? fenToYuan(v) : v);
  return Array.isArray(value) ? value.map(yuan) : yuan(value);
}

/** The rules of a stored tree: [] for none, null when the tree is not a plain AND of conditions
 *  (shown read-only). */
export function rulesFromTree(tree: unknown, fields: readonly FilterableField[]): FilterRule[] | null {
  if (tree === undefined || tree === null) return [];
  const leaves: unknown[] | null = isLeaf(tree)
    ? [tree]
    : typeof tree === 'object' && Array.isArray((tree as { and?: unknown }).and) && Object.keys(tree).length === 1
      ? (tree as { and: unknown[] }).and
      : null;
  if (!leaves || !leaves.every(isLeaf)) return null;
  return leaves.map((leaf) => ({
    id: newRuleId(),
    field: leaf.field,
    op: leaf.op,
    value: shownValue(leaf.value, fields.find((f) => f.path === leaf.field)),
  }));
}

export interface BuiltCondition {
  /** Undefined when no rule is complete (the option is removed). */
  tree: FilterNode | undefined;
  /** Rules lacking a field, an operator or a usable value: not stored. */
  incomplete: string[];
}

/** The tree to store for `rules`: one rule as itself, several under "and". */
export function treeFromRules(rules: readonly FilterRule[], fields: readonly FilterableField[]): BuiltCondition {
  const built = buildFilter({ match: 'and', rules: [...rules] }, fields);
  return { tree: built.filter ?? undefined, incomplete: built.incomplete };
}
