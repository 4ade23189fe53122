// How the web app treats each server field type: which input edits it, how a typed value becomes the
// wire value (money in fen, dates as text…), and which types the designer and lists can offer.
// Types not named here fall back to plain text, so a new server type still shows and edits as text.
import type { Field, FieldType } from '../api/schema';

export type InputKind =
  | 'text'
  | 'textarea'
  | 'number'
  | 'integer'
  | 'money'
  | 'date'
  | 'datetime'
  | 'time'
  | 'yearMonth'
  | 'select'
  | 'multiSelect'
  | 'tags'
  | 'switch'
  | 'relation'
  | 'subForm'
  | 'json'
  | 'computed'
  /** image, file, signature: a list of uploaded files' references. */
  | 'files'
  | 'unsupported';

const kinds: Record<string, InputKind> = {
  text: 'text',
  url: 'text',
  color: 'text',
  barcode: 'text',
  phone: 'text',
  email: 'text',
  id_card: 'text',
  address: 'text',
  textarea: 'textarea',
  rich_text: 'textarea',
  json: 'json',
  number: 'number',
  percent: 'number',
  integer: 'integer',
  rating: 'integer',
  duration: 'integer',
  money: 'money',
  date: 'date',
  datetime: 'datetime',
  time: 'time',
  year_month: 'yearMonth',
  select: 'select',
  radio: 'select',
  multi_select: 'multiSelect',
  checkbox: 'multiSelect',
  tags: 'tags',
  switch: 'switch',
  relation: 'relation',
  user: 'integer',
  department: 'integer',
  branch: 'integer',
  owner: 'integer',
  sub_form: 'subForm',
  formula: 'computed',
  serial: 'computed',
  lookup: 'computed',
  rollup: 'computed',
  created_at: 'computed',
  updated_at: 'computed',
  created_by: 'computed',
  updated_by: 'computed',
  location: 'unsupported',
  image: 'files',
  file: 'files',
  signature: 'files',
};

export function inputKind(type: string): InputKind {
  return kinds[type] ?? 'text';
}

/** Types with a list of choices in options.choices. */
export const choiceTypes = ['select', 'radio', 'multi_select', 'checkbox'];

/** Operators that take no value. */
export const valuelessOperators = ['is_empty', 'not_empty'];

/** Palette order of the categories the server sends; unknown ones go last in the order seen. */
export const categoryOrder = ['basic', 'number', 'datetime', 'choice', 'contact', 'relation', 'org', 'computed', 'media'];

/** The field types grouped by category, in palette order. System types (created_at…) are left out:
 *  every record has them already. */
export function paletteGroups(types: readonly FieldType[]): { category: string; types: FieldType[] }[] {
  const groups = new Map<string, FieldType[]>();
  for (const type of types) {
    if (type.category === 'system') continue;
    groups.set(type.category, [...(groups.get(type.category) ?? []), type]);
  }
  const rank = (category: string) => {
    const index = categoryOrder.indexOf(category);
    return index === -1 ? categoryOrder.length : index;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([category, list]) => ({ category, types: list }));
}

/** A field a person types into (not computed, not retired, not hidden media). */
export function isEditable(field: Field): boolean {
  const kind = inputKind(field.type);
  return !field.retired && kind !== 'computed' && kind !== 'unsupported';
}

/** A masked sensitive value as the server sends it to roles without unmask ("138****5678"). */
export function isMasked(field: Pick<Field, 'sensitive'>, value: unknown): boolean {
  return field.sensitive && typeof value === 'string' && value.includes('*');
}

/** Money is stored in fen; people type yuan. */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

export function fenToYuan(fen: number): number {
  return fen / 100;
}

/** The choice label of a key in the UI language ("en" uses label_en when set). */
export function choiceLabel(field: Pick<Field, 'options'>, key: unknown, english: boolean): string {
  const choice = field.options.choices?.find((c) => c.key === key);
  if (!choice) return key === null || key === undefined ? '' : String(key);
  return english && choice.label_en ? choice.label_en : choice.label;
}
