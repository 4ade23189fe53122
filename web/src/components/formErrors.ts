import type { FormInstance } from 'antd';
import { isApiError } from '../api/client';
import { currentLanguage, defaultLanguage } from '../i18n';

/** A field message as the server sends it: a string, or one string per language ({"zh": …, "en": …}). */
function fieldMessage(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return null;
  const byLanguage = value as Record<string, unknown>;
  const wanted = byLanguage[currentLanguage().split('-')[0]] ?? byLanguage[defaultLanguage.split('-')[0]];
  return typeof wanted === 'string' ? wanted : null;
}

/** Puts a validation error's details.fields {"field": message} on the form's fields.
 *  Returns true when at least one field of the form got a message. */
export function applyFieldErrors<T>(form: FormInstance<T>, error: unknown, fieldNames: readonly string[]): boolean {
  if (!isApiError(error)) return false;
  const fields = error.details.fields;
  if (typeof fields !== 'object' || fields === null) return false;
  const entries = Object.entries(fields as Record<string, unknown>)
    .filter(([name]) => fieldNames.includes(name))
    .map(([name, value]) => [name, fieldMessage(value)] as const)
    .filter((entry): entry is readonly [string, string] => entry[1] !== null);
  form.setFields(entries.map(([name, message]) => ({ name: name as never, errors: [message] })));
  return entries.length > 0;
}

/** Puts one message on one field (for errors whose code names the field, like a taken username). */
export function setFieldError<T>(form: FormInstance<T>, field: string, message: string): void {
  form.setFields([{ name: field as never, errors: [message] }]);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
