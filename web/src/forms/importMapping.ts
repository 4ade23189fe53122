// The import wizard's column mapping as data: the server proposes header → field from the labels; the
// person may change it. These helpers keep the mapping consistent before it is sent back.
import type { Entity } from '../api/schema';
import type { ImportColumn, ImportRowError } from '../api/records';
import { isEditable } from './fieldKinds';

export type Mapping = Record<string, string | null>;

/** The server's proposal as an editable mapping (header → field name or null to skip). */
export function mappingFromColumns(columns: readonly ImportColumn[]): Mapping {
  return Object.fromEntries(columns.map((c) => [c.header, c.field]));
}

/** True when `mapping` differs from what the report was made with (so a new dry run is needed). */
export function mappingChanged(columns: readonly ImportColumn[], mapping: Mapping): boolean {
  return columns.some((c) => (mapping[c.header] ?? null) !== c.field);
}

/** Fields that more than one column is mapped to, each with its headers. */
export function duplicateTargets(mapping: Mapping): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  for (const [header, field] of Object.entries(mapping)) {
    if (field) byField[field] = [...(byField[field] ?? []), header];
  }
  return Object.fromEntries(Object.entries(byField).filter(([, headers]) => headers.length > 1));
}

/** Required fields of `entity` that no column fills. */
export function unmappedRequired(entity: Entity, mapping: Mapping): string[] {
  const mapped = new Set(Object.values(mapping).filter((f): f is string => Boolean(f)));
  return entity.fields.filter((f) => f.required && isEditable(f) && !mapped.has(f.name)).map((f) => f.name);
}

/** The fields a column can be mapped to: those a person could type in. */
export function mappableFields(entity: Entity) {
  return entity.fields.filter((f) => isEditable(f) && f.type !== 'sub_form');
}

/** Errors grouped by row number (as the server numbers them: the sheet's row). */
export function errorsByRow(errors: readonly ImportRowError[]): Map<number, ImportRowError[]> {
  const rows = new Map<number, ImportRowError[]>();
  for (const error of errors) rows.set(error.row, [...(rows.get(error.row) ?? []), error]);
  return rows;
}

/** A file the wizard accepts, by name (the server checks the content). */
export function importFormat(fileName: string): 'csv' | 'xlsx' | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return null;
}

export const importContentType = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
