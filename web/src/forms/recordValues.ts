// Between a record as the API sends it and the values an antd form holds: money fen ↔ yuan, sub-form rows
// with their money columns, masked sensitive values left out of a save unless retyped.
import { refsOf, toRef } from '../api/files';
import type { Field, SubField } from '../api/schema';
import type { RecordRow } from '../api/records';
import { fenToYuan, inputKind, isEditable, isMasked, yuanToFen } from './fieldKinds';

type Values = Record<string, unknown>;

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-01-02T10:30" in the browser's time zone, as <input type="datetime-local"> holds it. */
export function isoToLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** RFC 3339 (UTC) of a datetime-local value read in the browser's time zone. */
export function localInputToIso(local: string): string {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

function toForm(field: Pick<Field, 'type'> & { options?: Field['options'] }, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const kind = inputKind(field.type);
  if (kind === 'money' && typeof value === 'number') return fenToYuan(value);
  if (kind === 'subForm' && Array.isArray(value)) {
    const columns = field.options?.fields ?? [];
    return value.map((row: Values) => rowToForm(columns, row));
  }
  if (kind === 'json' && typeof value === 'object') return JSON.stringify(value, null, 2);
  if (kind === 'datetime' && typeof value === 'string') return isoToLocalInput(value);
  return value;
}

function rowToForm(columns: readonly SubField[], row: Values): Values {
  const out: Values = { id: row.id };
  for (const c of columns) out[c.name] = toForm({ type: c.type, options: c.options ?? {} }, row[c.name]);
  return out;
}

function toWire(field: Pick<Field, 'type'> & { options?: Field['options'] }, value: unknown): unknown {
  if (value === undefined || value === '') return null;
  const kind = inputKind(field.type);
  if (kind === 'money' && typeof value === 'number') return yuanToFen(value);
  if (kind === 'subForm' && Array.isArray(value)) {
    const columns = field.options?.fields ?? [];
    return value.map((row: Values) => {
      const out: Values = {};
      if (row.id !== undefined && row.id !== null) out.id = row.id;
      for (const c of columns) out[c.name] = toWire({ type: c.type, options: c.options ?? {} }, row[c.name]);
      return out;
    });
  }
  if (kind === 'files') {
    const refs = refsOf(value).map(toRef);
    return refs.length > 0 ? refs : null;
  }
  if (kind === 'json' && typeof value === 'string') {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value; // the server answers with the field's error
    }
  }
  if (kind === 'datetime' && typeof value === 'string') return value ? localInputToIso(value) : null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  return value;
}

/** The form's initial values for `record` (or the fields' defaults for a new record). Masked values
 *  start empty: the person keeps them by leaving the box empty. */
export function formValues(fields: readonly Field[], record: RecordRow | null): Values {
  const values: Values = {};
  for (const f of fields.filter(isEditable)) {
    if (!record) {
      if (f.options.default !== undefined) values[f.name] = toForm(f, f.options.default);
      continue;
    }
    if (isMasked(f, record[f.name])) continue;
    values[f.name] = toForm(f, record[f.name]);
  }
  return values;
}

/** The record as it will be saved, for visible_if / editable_if: the stored values overlaid with the
 *  form's, in API form (money in fen). A masked value left empty keeps the stored (unknown) one. */
export function ruleRecord(fields: readonly Field[], values: Values, record: RecordRow | null): Values {
  const out: Values = { ...(record ?? {}) };
  for (const f of fields.filter(isEditable)) {
    if (!(f.name in values)) continue;
    const wire = toWire(f, values[f.name]);
    if (record && isMasked(f, record[f.name]) && wire === null) continue;
    out[f.name] = wire;
  }
  return out;
}

/** The body to save. For an update only the fields that changed are sent (with `version`); a masked
 *  field left empty is not sent, so the stored value stays. */
export function recordBody(fields: readonly Field[], values: Values, record: RecordRow | null): Values {
  const body: Values = {};
  for (const f of fields.filter(isEditable)) {
    if (!(f.name in values)) continue;
    const wire = toWire(f, values[f.name]);
    if (record) {
      if (isMasked(f, record[f.name]) && wire === null) continue;
      if (JSON.stringify(wire) === JSON.stringify(record[f.name] ?? null)) continue;
    } else if (wire === null) {
      continue;
    }
    body[f.name] = wire;
  }
  if (record) body.version = record.version;
  return body;
}
