// Puts a records API error on the form field it concerns. The server names the field in details.field
// (with details.row / details.sub_field for a sub-form cell) or lists several in details.fields; the
// localised message is the error's own (details.fields holds reasons such as "phone.invalid").
import type { FormInstance } from 'antd';
import { isApiError } from '../../../api/client';

type Path = (string | number)[];

export function fieldErrors(error: unknown, fieldNames: readonly string[], requiredMessage: string): { name: Path; errors: string[] }[] {
  if (!isApiError(error)) return [];
  const d = error.details;
  const out: { name: Path; errors: string[] }[] = [];
  if (typeof d.field === 'string' && fieldNames.includes(d.field)) {
    const path: Path =
      typeof d.row === 'number' && typeof d.sub_field === 'string' ? [d.field, d.row, d.sub_field] : [d.field];
    out.push({ name: path, errors: [error.message] });
    return out;
  }
  if (typeof d.fields === 'object' && d.fields !== null) {
    for (const name of Object.keys(d.fields)) {
      if (!fieldNames.includes(name)) continue;
      out.push({ name: [name], errors: [error.code === 'record.required' ? requiredMessage : error.message] });
    }
  }
  return out;
}

/** Sets the messages; true when at least one field got one. */
export function applyRecordErrors(form: FormInstance, error: unknown, fieldNames: readonly string[], requiredMessage: string): boolean {
  const entries = fieldErrors(error, fieldNames, requiredMessage);
  form.setFields(entries.map((e) => ({ name: e.name as never, errors: e.errors })));
  return entries.length > 0;
}
