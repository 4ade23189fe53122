// Compound indexes of an entity (options.indexes): at most 8 ordered lists of 2 or 3 field names, each an
// index on those columns. A list page that filters the first fields by an exact value and sorts by the
// next one walks that index alone, which keeps list pages of big tables fast. The checks mirror the
// server's (src/platform/schema/indexes.cpp) so that the designer shows a bad list before publishing
// instead of after a 422 schema.invalid_options. Pure functions, tested without a browser.
import type { EntityOptions } from '../api/schema';
import { inputKind } from './fieldKinds';

export const maxCompoundIndexes = 8;
export const minIndexFields = 2;
export const maxIndexFields = 3;

/** What the checks need to know of a field: a draft field, or a published one (possibly retired). */
export interface IndexableField {
  name: string;
  label: string;
  type: string;
  sensitive: boolean;
  /** Retired fields keep their column, so the server accepts indexes naming them; none is offered. */
  retired?: boolean;
}

/** One index as the designer edits it. */
export interface DraftIndex {
  /** Stable id in the editor. */
  key: string;
  /** Field names in index order; the editor fills them in order, so there are no gaps. */
  fields: string[];
  /** Read from the entity as published: removing it drops an index on the server. */
  published: boolean;
}

export type IndexProblemCode = 'fieldCount' | 'unknownField' | 'notIndexable' | 'repeatedField' | 'duplicate';

export interface IndexProblem {
  /** A message key under forms:indexProblem. */
  code: IndexProblemCode;
  /** The field at fault (unknownField, notIndexable, repeatedField). */
  field?: string;
  /** duplicate: the 1-based number of the earlier list that is the same. */
  same?: number;
}

export interface IndexProblems {
  /** More lists than maxCompoundIndexes. */
  tooMany: boolean;
  /** Per list, in order: its first problem, or null. */
  lists: (IndexProblem | null)[];
}

// Kept outside the entity's table (the server's layouts other than a plain column): multi-valued fields
// in a child table, sub-forms in rows of their own, lookups and rollups computed on read.
const noColumnKinds = ['multiSelect', 'tags', 'subForm'];
const noColumnTypes = ['lookup', 'rollup'];
// Kept in a column, but never filtered by an exact value or sorted: files, JSON, long text, locations.
// The server would accept these; the designer does not offer them, as for a field's own "indexed".
const unhelpedKinds = ['files', 'json', 'textarea', 'unsupported'];

/** Whether an index on the field helps filters and sorts: its value is one plain column (not sensitive,
 *  not multi-valued, not computed on read) of a kind that lists compare. Formulas, serial numbers and
 *  system times are stored in a column and qualify. */
export function isIndexable(field: Pick<IndexableField, 'type' | 'sensitive'>): boolean {
  const kind = inputKind(field.type);
  if (field.sensitive || noColumnTypes.includes(field.type) || noColumnKinds.includes(kind)) return false;
  return !unhelpedKinds.includes(kind);
}

/** options.indexes as lists of names. Anything else found there (not an array, an entry that is not a
 *  list, a name that is not a string) is left out; the server never stores such a declaration. */
export function indexesOf(options: { indexes?: unknown } | null | undefined): string[][] {
  const raw = options?.indexes;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((list): list is unknown[] => Array.isArray(list))
    .map((list) => list.filter((name): name is string => typeof name === 'string'));
}

let counter = 0;
const newKey = () => `index-${(counter += 1)}`;

/** The indexes of an entity as published, for the editor. */
export function draftIndexes(options: { indexes?: unknown } | null | undefined): DraftIndex[] {
  return indexesOf(options).map((fields) => ({ key: newKey(), fields, published: true }));
}

/** A new, empty index (a problem until 2 fields are chosen). */
export function newDraftIndex(): DraftIndex {
  return { key: newKey(), fields: [], published: false };
}

/** The problems of `lists` against the entity's `fields`, in the server's order: too many lists; per
 *  list its size, then each name (known, indexable, not repeated), then a list that came before. */
export function indexProblems(lists: readonly (readonly string[])[], fields: readonly IndexableField[]): IndexProblems {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const seen = new Map<string, number>();
  const problems = lists.map((list, position): IndexProblem | null => {
    if (list.length < minIndexFields || list.length > maxIndexFields) return { code: 'fieldCount' };
    for (const [at, name] of list.entries()) {
      const field = byName.get(name);
      if (!field) return { code: 'unknownField', field: name };
      if (!isIndexable(field)) return { code: 'notIndexable', field: name };
      if (list.indexOf(name) !== at) return { code: 'repeatedField', field: name };
    }
    const id = JSON.stringify(list);
    const earlier = seen.get(id);
    if (earlier !== undefined) return { code: 'duplicate', same: earlier + 1 };
    seen.set(id, position);
    return null;
  });
  return { tooMany: lists.length > maxCompoundIndexes, lists: problems };
}

/** Whether the lists can be published as they are. */
export function indexesAreValid(problems: IndexProblems): boolean {
  return !problems.tooMany && problems.lists.every((p) => p === null);
}

/** Whether two declarations are the same lists in the same order. */
export function sameIndexes(a: readonly (readonly string[])[], b: readonly (readonly string[])[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `options` with options.indexes set to copies of `lists`, or without it when there are none; the other
 *  options are kept as they are (a PATCH replaces the whole options object). */
export function optionsWithIndexes(options: EntityOptions | null | undefined, lists: readonly (readonly string[])[]): EntityOptions {
  const next: EntityOptions = { ...options };
  if (lists.length > 0) next.indexes = lists.map((list) => [...list]);
  else delete next.indexes;
  return next;
}

/** Whether a server error is about options.indexes (422 schema.invalid_options naming "indexes"). */
export function isIndexesError(code: string, details: Record<string, unknown>): boolean {
  return code === 'schema.invalid_options' && details.option === 'indexes';
}
