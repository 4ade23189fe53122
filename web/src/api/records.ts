// Records of an entity (/api/v1/data/{entity}): list, read, write, bulk changes, history, import and export.
// Shapes written from docs/API.md and the contract, since the OpenAPI document gives them as objects.
import { buildUrl, request } from './client';
import type { FilterNode } from './schema';
import type { Page } from './types';

/** A record: system columns plus one property per field. Money is in fen, dates YYYY-MM-DD,
 *  date-times RFC 3339, choices are keys, relations the target's id, sub-forms arrays of rows. */
export interface RecordRow {
  id: number;
  version: number;
  created_at: string;
  updated_at: string;
  created_by?: number | null;
  updated_by?: number | null;
  owner_id?: number | null;
  branch_id?: number | null;
  [field: string]: unknown;
}

export interface ListQuery {
  filter?: FilterNode | null;
  /** Comma-separated field names, "-" for descending: "-created_at,name". */
  sort?: string;
  q?: string;
  limit?: number;
}

export interface HistoryChange {
  old?: unknown;
  new?: unknown;
  /** Sensitive fields say only that they changed. */
  changed?: boolean;
}

export interface HistoryItem {
  id: number;
  kind: string;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  changes: Record<string, HistoryChange>;
}

export interface ImportColumn {
  header: string;
  field: string | null;
  label: string | null;
}

export interface ImportRowError {
  row: number;
  column: string | null;
  field: string | null;
  code: string;
  message: string;
}

export interface ImportReport {
  id?: string | number;
  status: 'done' | 'running' | 'failed';
  dry_run: boolean;
  committed: boolean;
  progress?: { done: number; total: number };
  total_rows: number;
  created: number;
  updated: number;
  skipped: number;
  error_count: number;
  columns: ImportColumn[];
  errors: ImportRowError[];
  preview: Record<string, unknown>[];
}

export type Duplicates = 'skip' | 'update' | 'fail';

export interface ImportOptions {
  dryRun: boolean;
  /** Header → field name, or null to ignore the column. */
  mapping?: Record<string, string | null>;
  key?: string;
  duplicates?: Duplicates;
  async?: boolean;
}

const enc = encodeURIComponent;
const path = (entity: string) => `/data/${enc(entity)}`;

function listParams(query: ListQuery) {
  return {
    filter: query.filter ? JSON.stringify(query.filter) : undefined,
    sort: query.sort,
    q: query.q?.trim(),
  };
}

export const listRecords = (entity: string, query: ListQuery, cursor?: string | null) =>
  request<Page<RecordRow>>('GET', path(entity), {
    query: { ...listParams(query), limit: query.limit ?? 50, cursor },
  });

/** 404 record.not_found. */
export const getRecord = (entity: string, id: number) => request<RecordRow>('GET', `${path(entity)}/${id}`);

/** 422 record.invalid_value / record.required / record.unknown_field; 409 record.duplicate. */
export const createRecord = (entity: string, body: Record<string, unknown>) =>
  request<RecordRow>('POST', path(entity), { body });

/** Send the version read: 409 record.version_conflict when someone saved since. */
export const updateRecord = (entity: string, id: number, body: Record<string, unknown>) =>
  request<RecordRow>('PATCH', `${path(entity)}/${id}`, { body });

export const deleteRecord = (entity: string, id: number) => request<void>('DELETE', `${path(entity)}/${id}`);

export const bulkUpdate = (entity: string, ids: number[], values: Record<string, unknown>) =>
  request<{ matched: number; updated: number }>('POST', `${path(entity)}/bulk-update`, { body: { ids, values } });

export const bulkDelete = (entity: string, ids: number[]) =>
  request<{ matched: number; deleted: number }>('POST', `${path(entity)}/bulk-delete`, { body: { ids } });

export const recordHistory = (entity: string, id: number, cursor?: string | null) =>
  request<Page<HistoryItem>>('GET', `${path(entity)}/${id}/history`, { query: { cursor } });

/** The export link: a plain GET the browser downloads (the session cookie is enough for a GET). */
export const exportUrl = (entity: string, format: 'xlsx' | 'csv', query: ListQuery) =>
  buildUrl(`${path(entity)}/export`, { format, ...listParams(query) });

/** Uploads the file. A dry run answers the report; a commit with errors is 422 import.has_errors
 *  (details.report); with async the answer is 202 and a job to poll with importStatus. */
export const importRecords = (entity: string, file: Blob, options: ImportOptions) =>
  request<ImportReport>('POST', `${path(entity)}/import`, {
    rawBody: file,
    contentType: file.type || 'application/octet-stream',
    query: {
      dry_run: options.dryRun,
      mapping: options.mapping ? JSON.stringify(options.mapping) : undefined,
      key: options.key,
      duplicates: options.key ? (options.duplicates ?? 'skip') : undefined,
      async: options.async,
    },
  });

export const importStatus = (entity: string, job: string | number) =>
  request<ImportReport>('GET', `${path(entity)}/import/${enc(String(job))}`);
