// visible_if / editable_if in the browser: the filter tree evaluated on the record as it will be saved, so
// a form hides and locks fields while people type. It mirrors the server's in-memory matcher
// (src/platform/records/match.cpp): three-valued logic (a comparison with a missing value is unknown, NOT
// unknown is unknown, unknown counts as "no"), empty "and" true and empty "or" false, "" empty for text,
// contains / starts_with ignoring case, in / not_in with SQL's NULL rules, list-valued fields (multi-select,
// tags) matching when any item does. The server remains the authority: it checks again on save.
import type { Field, FilterNode } from '../api/schema';
import { inputKind } from './fieldKinds';

type Tri = boolean | null;
type Values = Record<string, unknown>;

const isMissing = (v: unknown) => v === undefined || v === null;

/** A comparable scalar: numbers stay numbers, booleans count as 0/1 (stored so), strings stay text. */
function scalar(v: unknown): number | string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return v;
  return null;
}

/** -1/0/1, or null (unknown) when either side is missing or they are of different kinds. */
function compare(a: unknown, b: unknown): number | null {
  const x = scalar(a);
  const y = scalar(b);
  if (x === null || y === null) return null;
  if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0;
  if (typeof x === 'number' || typeof y === 'number') {
    // A number typed as text ("5") against a number: compare as numbers when it reads as one.
    const nx = Number(x);
    const ny = Number(y);
    if (String(x).trim() === '' || String(y).trim() === '' || !Number.isFinite(nx) || !Number.isFinite(ny)) return null;
    return nx < ny ? -1 : nx > ny ? 1 : 0;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

function cmp(op: string, a: unknown, b: unknown): Tri {
  const c = compare(a, b);
  if (c === null) return null;
  switch (op) {
    case 'eq':
      return c === 0;
    case 'ne':
      return c !== 0;
    case 'lt':
      return c < 0;
    case 'lte':
      return c <= 0;
    case 'gt':
      return c > 0;
    default:
      return c >= 0; // gte
  }
}

const not = (t: Tri): Tri => (t === null ? null : !t);
const and2 = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === true && b === true ? true : null);

function valueList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function multiLeaf(op: string, have: unknown[], value: unknown): Tri {
  const items = have.map(String);
  if (op === 'is_empty') return items.length === 0;
  if (op === 'not_empty') return items.length > 0;
  const any = valueList(value).some((v) => items.includes(String(v)));
  return op === 'not_contains' || op === 'not_in' || op === 'ne' ? !any : any;
}

function leaf(node: { field: string; op: string; value?: unknown }, record: Values, multi: ReadonlySet<string>): Tri {
  if (node.field.includes('.')) return null; // a related record's field: not known here
  const v = record[node.field];
  const { op } = node;
  if (multi.has(node.field) || Array.isArray(v)) return multiLeaf(op, Array.isArray(v) ? v : [], node.value);
  const empty = isMissing(v) || (typeof v === 'string' && v === '');
  if (op === 'is_empty') return empty;
  if (op === 'not_empty') return !empty;
  if (op === 'between') {
    const [from, to] = Array.isArray(node.value) ? node.value : [];
    return and2(cmp('gte', v, from), cmp('lte', v, to));
  }
  if (op === 'in' || op === 'not_in') {
    let any: Tri = false;
    for (const item of valueList(node.value)) {
      const t = cmp('eq', v, item);
      if (t === true) {
        any = true;
        break;
      }
      if (t === null) any = null;
    }
    return op === 'in' ? any : not(any);
  }
  if (op === 'contains' || op === 'not_contains' || op === 'starts_with') {
    if (isMissing(v)) return op === 'not_contains' ? true : null;
    const have = String(scalar(v) ?? '').toLowerCase();
    const want = String(node.value ?? '').toLowerCase();
    const found = op === 'starts_with' ? have.startsWith(want) : have.includes(want);
    return op === 'not_contains' ? !found : found;
  }
  return cmp(op, v, node.value);
}

function evaluate(node: FilterNode, record: Values, multi: ReadonlySet<string>): Tri {
  if ('and' in node) {
    let out: Tri = true;
    for (const child of node.and) {
      const t = evaluate(child, record, multi);
      if (t === false) return false;
      if (t === null) out = null;
    }
    return out;
  }
  if ('or' in node) {
    let out: Tri = false;
    for (const child of node.or) {
      const t = evaluate(child, record, multi);
      if (t === true) return true;
      if (t === null) out = null;
    }
    return out;
  }
  if ('not' in node) return not(evaluate(node.not, record, multi));
  return leaf(node, record, multi);
}

/** Field names of the list-valued types (their value is an array of keys). */
function multiValued(fields: readonly Pick<Field, 'name' | 'type'>[]): Set<string> {
  return new Set(fields.filter((f) => ['multiSelect', 'tags'].includes(inputKind(f.type))).map((f) => f.name));
}

/** True when `record` (API values: money in fen, keys of choices) satisfies `node`; unknown is false. */
export function matches(node: FilterNode, record: Values, fields: readonly Pick<Field, 'name' | 'type'>[] = []): boolean {
  return evaluate(node, record, multiValued(fields)) === true;
}

/** The field names a tree refers to. */
export function fieldsOf(node: FilterNode): string[] {
  if ('and' in node) return node.and.flatMap(fieldsOf);
  if ('or' in node) return node.or.flatMap(fieldsOf);
  if ('not' in node) return fieldsOf(node.not);
  return [node.field];
}

export interface FieldStates {
  /** visible_if is false: the field is not shown (nor required). */
  hidden: Set<string>;
  /** editable_if is false: the field is shown but cannot be changed. */
  locked: Set<string>;
}

function isTree(value: unknown): value is FilterNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every field's visible_if / editable_if on `record`. As on the server, a rule naming a field that is
 *  not among `fields` any more (retired) is ignored. */
export function fieldStates(fields: readonly Field[], record: Values): FieldStates {
  const names = new Set(fields.map((f) => f.name));
  const multi = multiValued(fields);
  const states: FieldStates = { hidden: new Set(), locked: new Set() };
  const applies = (rule: unknown): rule is FilterNode => isTree(rule) && fieldsOf(rule).every((n) => names.has(n));
  for (const f of fields) {
    const { visible_if: visible, editable_if: editable } = f.options;
    if (applies(visible) && evaluate(visible, record, multi) !== true) states.hidden.add(f.name);
    if (applies(editable) && evaluate(editable, record, multi) !== true) states.locked.add(f.name);
  }
  return states;
}
