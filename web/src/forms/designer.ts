// The form designer's draft as data: the fields on the canvas, checked before publishing, and the plan of
// API calls that publishes them — create the entity, or add new fields, patch changed ones, retire the
// ones taken off the canvas and set the entity's compound indexes. Pure functions, so the plan is tested
// without a browser.
import type { Entity, EntityOptions, Field, FieldOptions, FieldPatch, NewField } from '../api/schema';
import { indexesOf, optionsWithIndexes, sameIndexes } from './compoundIndexes';
import { choiceTypes } from './fieldKinds';

export interface DraftField {
  /** Stable id on the canvas (the published name, or a new one). */
  key: string;
  name: string;
  label: string;
  type: string;
  required: boolean;
  unique: boolean;
  sensitive: boolean;
  options: FieldOptions;
  /** The field as published, when it is; its type and name cannot change any more. */
  published?: Field;
}

export const namePattern = /^[a-z][a-z0-9_]{1,39}$/;

let counter = 0;
const newKey = () => `new-${Date.now().toString(36)}-${(counter += 1)}`;

/** Fields of a published entity as a draft (retired ones stay off the canvas). */
export function draftFromEntity(entity: Entity): DraftField[] {
  return [...entity.fields]
    .filter((f) => !f.retired)
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((f) => ({
      key: f.name,
      name: f.name,
      label: f.label,
      type: f.type,
      required: f.required,
      unique: f.unique,
      sensitive: f.sensitive,
      options: structuredClone(f.options ?? {}),
      published: f,
    }));
}

/** Options a new field of `type` starts with, so that it can be published as it is where possible. */
export function initialOptions(type: string): FieldOptions {
  if (choiceTypes.includes(type)) return { choices: [{ key: 'a', label: 'A' }, { key: 'b', label: 'B' }] };
  if (type === 'formula') return { expression: '', result_type: 'number' };
  if (type === 'serial') return { pattern: 'NO{YYYYMMDD}{0000}' };
  if (type === 'sub_form') return { fields: [{ name: 'item', label: 'Item', type: 'text' }] };
  return {};
}

/** A new field of `type` labelled `label`, named `<type>_<n>` with the first n not taken. */
export function newDraftField(type: string, label: string, taken: readonly string[]): DraftField {
  const base = type.replace(/[^a-z0-9_]/g, '_');
  let n = 1;
  while (taken.includes(`${base}_${n}`)) n += 1;
  return {
    key: newKey(),
    name: `${base}_${n}`,
    label,
    type,
    required: false,
    unique: false,
    sensitive: false,
    options: initialOptions(type),
  };
}

/** Problems of the draft by field key and property ("name", "label", "choices", "target", …), each a
 *  message key under forms:problem. Publishing waits until there are none. */
export function draftProblems(draft: readonly DraftField[]): Record<string, Record<string, string>> {
  const problems: Record<string, Record<string, string>> = {};
  const add = (key: string, property: string, message: string) => {
    problems[key] = { ...problems[key], [property]: message };
  };
  const names = new Map<string, number>();
  for (const f of draft) names.set(f.name, (names.get(f.name) ?? 0) + 1);
  for (const f of draft) {
    if (!namePattern.test(f.name)) add(f.key, 'name', 'name');
    else if ((names.get(f.name) ?? 0) > 1) add(f.key, 'name', 'nameTaken');
    if (f.label.trim() === '') add(f.key, 'label', 'label');
    const o = f.options;
    if (choiceTypes.includes(f.type)) {
      const keys = (o.choices ?? []).map((c) => c.key);
      if (keys.length === 0) add(f.key, 'choices', 'choices');
      else if (new Set(keys).size !== keys.length || (o.choices ?? []).some((c) => !c.key || !c.label.trim())) {
        add(f.key, 'choices', 'choiceKeys');
      }
    }
    if (f.type === 'relation' && !o.target) add(f.key, 'target', 'target');
    if (f.type === 'formula' && !(o.expression ?? '').trim()) add(f.key, 'expression', 'expression');
    if (f.type === 'serial' && !/\{0+\}/.test(String(o.pattern ?? ''))) add(f.key, 'pattern', 'serialPattern');
    if (f.type === 'sub_form') {
      const sub = o.fields ?? [];
      const subNames = sub.map((s) => s.name);
      if (sub.length === 0) add(f.key, 'fields', 'subFields');
      else if (sub.some((s) => !namePattern.test(s.name) || s.name === 'id' || !s.label.trim())) {
        add(f.key, 'fields', 'subFieldNames');
      } else if (new Set(subNames).size !== subNames.length) add(f.key, 'fields', 'subFieldNames');
    }
  }
  return problems;
}

function newFieldBody(f: DraftField, position: number): NewField {
  return {
    name: f.name,
    label: f.label.trim(),
    type: f.type,
    required: f.required,
    unique: f.unique,
    sensitive: f.sensitive,
    options: f.options,
    position,
  };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/** What changed on a published field, or null when nothing did. */
export function fieldPatch(f: DraftField, position: number): FieldPatch | null {
  const was = f.published;
  if (!was) return null;
  const patch: FieldPatch = {};
  if (f.label.trim() !== was.label) patch.label = f.label.trim();
  if (f.required !== was.required) patch.required = f.required;
  if (f.unique !== was.unique) patch.unique = f.unique;
  if (!sameJson(f.options, was.options)) patch.options = f.options;
  if (position !== was.position) patch.position = position;
  return Object.keys(patch).length > 0 ? patch : null;
}

export type PublishStep =
  | { kind: 'create'; body: { name: string; label: string; fields: NewField[]; options?: EntityOptions } }
  | { kind: 'add'; field: string; body: NewField }
  | { kind: 'patch'; field: string; body: FieldPatch }
  | { kind: 'retire'; field: string }
  | { kind: 'options'; body: { options: EntityOptions } };

/** The calls that publish `draft`: one create for a new entity (with its compound indexes); otherwise
 *  retirements first (freeing nothing, but a formula may stop referring to them), then additions and
 *  patches in canvas order, and last the entity's options when `indexes` differ from the published ones
 *  (the server checks them against the fields as they then are, so new fields exist by then).
 *  Positions are 1-based canvas order. `indexes` undefined leaves the indexes alone. */
export function publishPlan(
  entity: Pick<Entity, 'name' | 'label' | 'fields'> & { published: boolean; options?: EntityOptions },
  draft: readonly DraftField[],
  indexes?: readonly (readonly string[])[],
): PublishStep[] {
  if (!entity.published) {
    const body: Extract<PublishStep, { kind: 'create' }>['body'] = {
      name: entity.name,
      label: entity.label,
      fields: draft.map((f, i) => newFieldBody(f, i + 1)),
    };
    if (indexes && indexes.length > 0) body.options = optionsWithIndexes(entity.options, indexes);
    return [{ kind: 'create', body }];
  }
  const onCanvas = new Set(draft.filter((f) => f.published).map((f) => f.name));
  const steps: PublishStep[] = entity.fields
    .filter((f) => !f.retired && !onCanvas.has(f.name))
    .map((f) => ({ kind: 'retire', field: f.name }));
  draft.forEach((f, i) => {
    if (!f.published) {
      steps.push({ kind: 'add', field: f.name, body: newFieldBody(f, i + 1) });
      return;
    }
    const patch = fieldPatch(f, i + 1);
    if (patch) steps.push({ kind: 'patch', field: f.name, body: patch });
  });
  if (indexes && !sameIndexes(indexesOf(entity.options), indexes)) {
    steps.push({ kind: 'options', body: { options: optionsWithIndexes(entity.options, indexes) } });
  }
  return steps;
}

/** The published fields that `draft` no longer holds (publishing retires them, after confirmation). */
export function fieldsToRetire(entity: Pick<Entity, 'fields'>, draft: readonly DraftField[]): Field[] {
  const onCanvas = new Set(draft.filter((f) => f.published).map((f) => f.name));
  return entity.fields.filter((f) => !f.retired && !onCanvas.has(f.name));
}

/** The draft field a server error concerns, by name: details.field / details.name / details.sub_field's
 *  parent, a name among details.fields' keys or values ({"field": "bad name"}), or else the only draft field
 *  that has details.option (or the only formula, for a formula error). Undefined when it cannot be told. */
export function fieldOfError(
  code: string,
  details: Record<string, unknown>,
  draft: readonly DraftField[],
  stepField?: string,
): string | undefined {
  if (stepField) return stepField;
  const names = draft.map((f) => f.name);
  const candidates: unknown[] = [details.field, details.name];
  if (typeof details.fields === 'object' && details.fields !== null) {
    candidates.push(...Object.keys(details.fields), ...Object.values(details.fields));
  }
  const found = candidates.find((c): c is string => typeof c === 'string' && names.includes(c));
  if (found) return found;
  const only = (list: readonly DraftField[]) => (list.length === 1 ? list[0].name : undefined);
  if (code.includes('formula')) return only(draft.filter((f) => f.type === 'formula'));
  if (typeof details.option === 'string') {
    const option = details.option;
    return only(draft.filter((f) => option in f.options));
  }
  return undefined;
}
