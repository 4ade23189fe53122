// The list page's filter builder as data: rules of (field, operator, value) joined by AND or OR, turned
// into the records API's filter tree. Values are converted to what the server expects (money in fen,
// numbers as numbers, lists for in/not_in, [from, to] for between); incomplete rules are reported, not sent.
import type { Entity, Field, FieldType, FilterNode } from '../api/schema';
import { inputKind, valuelessOperators, yuanToFen } from './fieldKinds';

export interface FilterRule {
  id: string;
  /** A field name, or "relation.field" for a field of the related record. */
  field: string;
  op: string;
  value?: unknown;
}

export interface FilterGroup {
  match: 'and' | 'or';
  rules: FilterRule[];
}

export const emptyFilter: FilterGroup = { match: 'and', rules: [] };

/** A field the builder offers: its path, label (with the relation's label in front) and definition. */
export interface FilterableField {
  path: string;
  label: string;
  field: Field;
}

/** The fields of `entity` that can be filtered, plus those of the entities its relations point at
 *  (one level, as the server allows), when `targets` holds them. */
export function filterableFields(entity: Entity, targets: Record<string, Entity | undefined>): FilterableField[] {
  const own = entity.fields.filter((f) => !f.retired && inputKind(f.type) !== 'subForm');
  const result: FilterableField[] = own.map((field) => ({ path: field.name, label: field.label, field }));
  for (const relation of own.filter((f) => f.type === 'relation')) {
    const target = relation.options.target ? targets[relation.options.target] : undefined;
    for (const field of target?.fields ?? []) {
      if (field.retired || field.sensitive || ['relation', 'sub_form'].includes(field.type)) continue;
      result.push({ path: `${relation.name}.${field.name}`, label: `${relation.label} › ${field.label}`, field });
    }
  }
  return result;
}

/** The operators a field allows: its type's, except that a formula filters as its result type. */
export function operatorsFor(field: Field, types: readonly FieldType[]): string[] {
  const byName = (name: string) => types.find((t) => t.name === name)?.operators ?? [];
  if (field.type === 'formula') {
    if (field.options.result_type === 'text') return byName('text');
    if (field.options.result_type === 'boolean') return byName('switch');
  }
  if (field.sensitive) return byName(field.type).filter((op) => ['eq', 'ne', 'is_empty', 'not_empty'].includes(op));
  return byName(field.type);
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** One value as the server wants it for `field`; undefined when it cannot be read. */
export function wireValue(field: Field, value: unknown): unknown {
  if (isBlank(value)) return undefined;
  const kind = field.type === 'formula' && field.options.result_type !== 'number' ? 'text' : inputKind(field.type);
  if (kind === 'money') {
    const n = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(n) ? yuanToFen(n) : undefined;
  }
  if (kind === 'number' || kind === 'integer' || kind === 'relation' || field.type === 'formula') {
    const n = typeof value === 'number' ? value : Number(String(value).trim());
    return Number.isFinite(n) ? n : undefined;
  }
  if (kind === 'switch') return value === true || value === 'true';
  return typeof value === 'string' ? value.trim() : value;
}

function ruleNode(rule: FilterRule, field: Field): FilterNode | undefined {
  if (valuelessOperators.includes(rule.op)) return { field: rule.field, op: rule.op };
  if (rule.op === 'between') {
    if (!Array.isArray(rule.value) || rule.value.length !== 2) return undefined;
    const [from, to] = rule.value.map((v) => wireValue(field, v));
    return from === undefined || to === undefined ? undefined : { field: rule.field, op: 'between', value: [from, to] };
  }
  if (rule.op === 'in' || rule.op === 'not_in') {
    const list = (Array.isArray(rule.value) ? rule.value : String(rule.value ?? '').split(/[,，、\n]/))
      .map((v) => wireValue(field, v))
      .filter((v) => v !== undefined);
    return list.length === 0 ? undefined : { field: rule.field, op: rule.op, value: list };
  }
  const value = wireValue(field, rule.value);
  return value === undefined ? undefined : { field: rule.field, op: rule.op, value };
}

export interface BuiltFilter {
  /** Null when there is nothing to filter by. */
  filter: FilterNode | null;
  /** Ids of rules that lack a field, an operator or a usable value (left out of `filter`). */
  incomplete: string[];
}

/** The filter tree of `group` over `fields`. A single rule is sent as itself, several under and/or. */
export function buildFilter(group: FilterGroup, fields: readonly FilterableField[]): BuiltFilter {
  const nodes: FilterNode[] = [];
  const incomplete: string[] = [];
  for (const rule of group.rules) {
    const field = fields.find((f) => f.path === rule.field)?.field;
    const node = field && rule.op ? ruleNode(rule, field) : undefined;
    if (node) nodes.push(node);
    else incomplete.push(rule.id);
  }
  if (nodes.length === 0) return { filter: null, incomplete };
  if (nodes.length === 1) return { filter: nodes[0], incomplete };
  return { filter: group.match === 'and' ? { and: nodes } : { or: nodes }, incomplete };
}

/** "-name,created_at" from sort keys. */
export function sortParam(keys: readonly { field: string; descending: boolean }[]): string {
  return keys.map((k) => `${k.descending ? '-' : ''}${k.field}`).join(',');
}
