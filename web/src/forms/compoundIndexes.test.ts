import { describe, expect, it } from 'vitest';
import {
  draftIndexes,
  indexesAreValid,
  indexesOf,
  indexProblems,
  isIndexable,
  isIndexesError,
  newDraftIndex,
  optionsWithIndexes,
  sameIndexes,
} from './compoundIndexes';
import type { IndexableField } from './compoundIndexes';

const field = (name: string, type: string, more: Partial<IndexableField> = {}): IndexableField => ({
  name,
  label: name,
  type,
  sensitive: false,
  ...more,
});

const fields = [
  field('city', 'text'),
  field('joined_on', 'date'),
  field('customer', 'relation'),
  field('score', 'integer'),
  field('total', 'formula'),
  field('phone', 'phone', { sensitive: true }),
  field('tags', 'tags'),
  field('hobbies', 'multi_select'),
  field('items', 'sub_form'),
  field('photo', 'image'),
  field('old', 'text', { retired: true }),
];

describe('which fields a compound index may name', () => {
  it('takes fields kept in one plain column that lists compare', () => {
    for (const type of ['text', 'date', 'datetime', 'relation', 'integer', 'money', 'select', 'switch', 'formula', 'serial', 'created_at']) {
      expect(isIndexable({ type, sensitive: false }), type).toBe(true);
    }
  });

  it('refuses sensitive, multi-valued, sub-form, read-time and file-like fields', () => {
    expect(isIndexable({ type: 'text', sensitive: true })).toBe(false);
    for (const type of ['multi_select', 'checkbox', 'tags', 'sub_form', 'lookup', 'rollup', 'image', 'file', 'signature', 'json', 'textarea', 'location']) {
      expect(isIndexable({ type, sensitive: false }), type).toBe(false);
    }
  });
});

describe('checking the lists as the server does', () => {
  const check = (lists: string[][]) => indexProblems(lists, fields);

  it('accepts 2 or 3 distinct indexable fields, retired ones included, and the same fields in another order', () => {
    const result = check([['city', 'joined_on'], ['customer', 'score', 'total'], ['joined_on', 'city'], ['old', 'score']]);
    expect(result).toEqual({ tooMany: false, lists: [null, null, null, null] });
    expect(indexesAreValid(result)).toBe(true);
    expect(indexesAreValid(check([]))).toBe(true);
  });

  it('names the first problem of each list', () => {
    const result = check([
      [],
      ['city'],
      ['city', 'joined_on', 'score', 'total'],
      ['city', 'nope'],
      ['city', 'phone'],
      ['tags', 'city'],
      ['items', 'city'],
      ['photo', 'city'],
      ['city', 'city'],
      ['city', 'joined_on'],
      ['city', 'joined_on'],
    ]);
    expect(result.lists).toEqual([
      { code: 'fieldCount' },
      { code: 'fieldCount' },
      { code: 'fieldCount' },
      { code: 'unknownField', field: 'nope' },
      { code: 'notIndexable', field: 'phone' },
      { code: 'notIndexable', field: 'tags' },
      { code: 'notIndexable', field: 'items' },
      { code: 'notIndexable', field: 'photo' },
      { code: 'repeatedField', field: 'city' },
      null,
      { code: 'duplicate', same: 10 },
    ]);
    expect(result.tooMany).toBe(true);
    expect(indexesAreValid(result)).toBe(false);
  });

  it('allows 8 lists and refuses a 9th', () => {
    const pairs = ['joined_on', 'customer', 'score', 'total'].flatMap((b) => [['city', b], [b, 'city']]);
    expect(check(pairs)).toEqual({ tooMany: false, lists: Array(8).fill(null) });
    expect(check([...pairs, ['customer', 'score']]).tooMany).toBe(true);
  });

  it('refuses a field that became sensitive in the draft', () => {
    const draft = [field('city', 'text', { sensitive: true }), field('joined_on', 'date')];
    expect(indexProblems([['city', 'joined_on']], draft).lists).toEqual([{ code: 'notIndexable', field: 'city' }]);
  });
});

describe('reading and writing options.indexes', () => {
  it('reads the lists and leaves out what is not a list of names', () => {
    expect(indexesOf({ indexes: [['city', 'joined_on']] })).toEqual([['city', 'joined_on']]);
    expect(indexesOf(undefined)).toEqual([]);
    expect(indexesOf(null)).toEqual([]);
    expect(indexesOf({})).toEqual([]);
    expect(indexesOf({ indexes: 'city,joined_on' })).toEqual([]);
    expect(indexesOf({ indexes: { 0: ['a', 'b'] } })).toEqual([]);
    expect(indexesOf({ indexes: [['city', 3, null, 'score'], 'city', null] })).toEqual([['city', 'score']]);
  });

  it('marks the indexes read from the entity as published, and new ones as not', () => {
    const drafts = draftIndexes({ indexes: [['city', 'joined_on'], ['customer', 'score']] });
    expect(drafts.map((d) => [d.fields, d.published])).toEqual([
      [['city', 'joined_on'], true],
      [['customer', 'score'], true],
    ]);
    expect(new Set([...drafts, newDraftIndex()].map((d) => d.key)).size).toBe(3);
    expect(newDraftIndex()).toMatchObject({ fields: [], published: false });
  });

  it('sets the lists and keeps the other options, dropping the key when there are none', () => {
    const options = { indexes: [['city', 'joined_on']], color: 'red' };
    const lists = [['customer', 'score']];
    const next = optionsWithIndexes(options, lists);
    expect(next).toEqual({ indexes: [['customer', 'score']], color: 'red' });
    lists[0].push('total');
    expect(next.indexes).toEqual([['customer', 'score']]);
    expect(options.indexes).toEqual([['city', 'joined_on']]);
    expect(optionsWithIndexes(options, [])).toEqual({ color: 'red' });
    expect(optionsWithIndexes(undefined, [])).toEqual({});
  });

  it('compares declarations list by list, in order', () => {
    expect(sameIndexes([['a', 'b']], [['a', 'b']])).toBe(true);
    expect(sameIndexes([['a', 'b']], [['b', 'a']])).toBe(false);
    expect(sameIndexes([], [['a', 'b']])).toBe(false);
  });

  it('tells an error about the indexes from other option errors', () => {
    expect(isIndexesError('schema.invalid_options', { option: 'indexes' })).toBe(true);
    expect(isIndexesError('schema.invalid_options', { option: 'choices' })).toBe(false);
    expect(isIndexesError('request.validation', { option: 'indexes' })).toBe(false);
  });
});
