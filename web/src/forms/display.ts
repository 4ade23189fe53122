// Text of a field's value for lists and the record page: money in yuan, choices by label, switches as
// yes/no, relation ids by the related record's label when known. Pure, so lists and exports agree.
import type { Entity, Field } from '../api/schema';
import type { RecordRow } from '../api/records';
import { choiceLabel, fenToYuan, inputKind } from './fieldKinds';

export interface DisplayContext {
  english: boolean;
  yes: string;
  no: string;
  /** Labels of related records by relation field name and id. */
  relationLabels?: Record<string, Record<number, string>>;
  formatDateTime?: (iso: string) => string;
}

const money = (fen: number) =>
  `¥${fenToYuan(fen).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function displayValue(field: Field, value: unknown, ctx: DisplayContext): string {
  if (value === null || value === undefined || value === '') return '';
  const kind = inputKind(field.type);
  switch (kind) {
    case 'money':
      return typeof value === 'number' ? money(value) : String(value);
    case 'select':
      return choiceLabel(field, value, ctx.english);
    case 'multiSelect':
      return Array.isArray(value) ? value.map((k) => choiceLabel(field, k, ctx.english)).join('、') : String(value);
    case 'tags':
      return Array.isArray(value) ? value.join('、') : String(value);
    case 'switch':
      return value === true ? ctx.yes : value === false ? ctx.no : String(value);
    case 'relation': {
      const id = typeof value === 'object' && value !== null && 'id' in value ? (value as { id: number }).id : value;
      return ctx.relationLabels?.[field.name]?.[Number(id)] ?? `#${String(id)}`;
    }
    case 'subForm':
      return Array.isArray(value) ? `${value.length}` : '';
    case 'files':
      return Array.isArray(value) ? value.map((f: { name?: unknown }) => String(f?.name ?? '')).join(', ') : '';
    case 'datetime':
      return typeof value === 'string' && ctx.formatDateTime ? ctx.formatDateTime(value) : String(value);
    default:
      break;
  }
  if (field.type === 'percent' && typeof value === 'number') return `${value}%`;
  if (field.type === 'formula' && field.options.result_type === 'boolean') return value ? ctx.yes : ctx.no;
  if (field.type === 'address' && typeof value === 'object') {
    const a = value as Record<string, string | undefined>;
    return [a.province, a.city, a.district, a.detail].filter(Boolean).join('');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The field that names a record of `entity`: options.display_field of the relation, else the first
 *  text-like, non-sensitive field. */
export function titleField(entity: Entity, preferred?: string): Field | undefined {
  const live = entity.fields.filter((f) => !f.retired);
  return (
    live.find((f) => f.name === preferred) ??
    live.find((f) => ['text', 'serial'].includes(f.type) && !f.sensitive) ??
    live.find((f) => inputKind(f.type) === 'text' && !f.sensitive)
  );
}

/** A record's title: its title field's value, or "#id". */
export function recordTitle(entity: Entity, row: RecordRow, preferred?: string): string {
  const f = titleField(entity, preferred);
  const v = f ? row[f.name] : undefined;
  return v === null || v === undefined || v === '' ? `#${row.id}` : String(v);
}
