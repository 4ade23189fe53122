// The form engine's catalog (/api/v1/schema): field types, entities and their fields.
// The OpenAPI document describes these replies only loosely ({"type":"object"}), so the shapes here are
// written from the server's replies (docs/API.md); keep them in step with src/http/api/schema_routes.cpp.
import { request } from './client';

/** One choice of a select/radio/multi-select/checkbox field. `key` is what records store. */
export interface Choice {
  key: string;
  label: string;
  label_en?: string;
  color?: string;
}

/** A filter tree as the records API takes it (also used by visible_if / editable_if). */
export type FilterNode =
  | { field: string; op: string; value?: unknown }
  | { and: FilterNode[] }
  | { or: FilterNode[] }
  | { not: FilterNode };

/** Options every field may carry (owned by the engine) plus the type-specific ones. */
export interface FieldOptions {
  default?: unknown;
  help?: string;
  placeholder?: string;
  visible_if?: FilterNode;
  editable_if?: FilterNode;
  /** Per role: "hidden" or "read_only". */
  access?: Record<string, 'hidden' | 'read_only'>;
  choices?: Choice[];
  min?: number | string;
  max?: number | string;
  min_length?: number;
  max_length?: number;
  pattern?: string;
  pattern_message?: string;
  precision?: number;
  max_count?: number;
  allow_landline?: boolean;
  /** relation */
  target?: string;
  display_field?: string;
  reverse_label?: string;
  /** sub_form */
  fields?: SubField[];
  max_rows?: number;
  /** formula */
  expression?: string;
  result_type?: 'number' | 'text' | 'date' | 'boolean';
  /** serial */
  // pattern (shared with text) e.g. KH{YYYYMMDD}{0000}
  /** lookup / rollup */
  relation?: string;
  field?: string;
  sub_form?: string;
  entity?: string;
  function?: 'sum' | 'count' | 'avg' | 'min' | 'max';
  [key: string]: unknown;
}

/** A column of a sub-form. */
export interface SubField {
  name: string;
  label: string;
  type: string;
  required?: boolean;
  options?: FieldOptions;
}

export interface Field {
  id?: number;
  name: string;
  label: string;
  type: string;
  required: boolean;
  unique: boolean;
  sensitive: boolean;
  options: FieldOptions;
  position?: number;
  /** Hidden from forms and lists; the data is kept. */
  retired?: boolean;
  /** A template's core field: its type and name cannot change. */
  locked?: boolean;
}

/** Another entity's relation field that points at this one (for the related lists on a record). */
export interface ReferencedBy {
  entity: string;
  entity_label: string;
  field: string;
  field_label: string;
}

/** Options of an entity as a whole. */
export interface EntityOptions {
  /** Compound indexes: at most 8 lists of 2 or 3 field names, e.g. [["city", "joined_on"]]. */
  indexes?: string[][];
  [key: string]: unknown;
}

export interface Entity {
  id?: number;
  name: string;
  label: string;
  system?: boolean;
  version: number;
  options: EntityOptions;
  fields: Field[];
  referenced_by?: ReferencedBy[];
}

export interface FieldType {
  name: string;
  /** Localised by Accept-Language. */
  label: string;
  category: string;
  operators: string[];
  can_be_sensitive: boolean;
  /** Computed by the server (formula, serial, lookup, rollup, system times): never typed in. */
  computed: boolean;
}

export interface NewField {
  name: string;
  label: string;
  type: string;
  required?: boolean;
  unique?: boolean;
  sensitive?: boolean;
  options?: FieldOptions;
  position?: number;
}

export interface FieldPatch {
  label?: string;
  required?: boolean;
  unique?: boolean;
  options?: FieldOptions;
  position?: number;
  retired?: boolean;
}

const enc = encodeURIComponent;

export const listFieldTypes = () => request<{ items: FieldType[] }>('GET', '/schema/field-types');

export const listEntities = () => request<{ items: Entity[] }>('GET', '/schema/entities');

/** 404 schema.entity_not_found. */
export const getEntity = (entity: string) => request<Entity>('GET', `/schema/entities/${enc(entity)}`);

/** 422 schema.invalid_name / schema.unknown_type / schema.invalid_options / schema.invalid_formula;
 *  409 schema.name_taken. */
export const createEntity = (body: { name: string; label: string; fields: NewField[]; options?: EntityOptions }) =>
  request<Entity>('POST', '/schema/entities', { body });

/** `options` replaces the entity's options as a whole; the server creates and drops compound indexes to
 *  match. 422 schema.invalid_options (details.option "indexes"); 409 schema.version_conflict. */
export const updateEntity = (entity: string, body: { label?: string; version?: number; options?: EntityOptions }) =>
  request<Entity>('PATCH', `/schema/entities/${enc(entity)}`, { body });

export const addField = (entity: string, body: NewField) =>
  request<Field>('POST', `/schema/entities/${enc(entity)}/fields`, { body });

export const updateField = (entity: string, field: string, body: FieldPatch) =>
  request<Field>('PATCH', `/schema/entities/${enc(entity)}/fields/${enc(field)}`, { body });

/** Retires the field: it disappears from forms and lists, its data is kept. */
export const retireField = (entity: string, field: string) =>
  request<void>('DELETE', `/schema/entities/${enc(entity)}/fields/${enc(field)}`);
