import type { FormInstance } from 'antd';
import { isApiError } from '../api/client';

/** Puts a validation error's details.fields {"field": "message"} on the form's fields.
 *  Returns true when at least one field of the form got a message. */
export function applyFieldErrors<T>(form: FormInstance<T>, error: unknown, fieldNames: readonly string[]): boolean {
  if (!isApiError(error)) return false;
  const fields = error.details.fields;
  if (typeof fields !== 'object' || fields === null) return false;
  const entries = Object.entries(fields as Record<string, unknown>).filter(
    (entry): entry is [string, string] => fieldNames.includes(entry[0]) && typeof entry[1] === 'string',
  );
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
