import { describe, expect, it } from 'vitest';
import { draftFromEntity, draftProblems, fieldOfError, fieldsToRetire, newDraftField, publishPlan } from './designer';
import { customer, visit } from './testFields';

describe('designer drafts', () => {
  it('names new fields after their type without clashing', () => {
    const f = newDraftField('text', '备注', ['text_1']);
    expect(f).toMatchObject({ name: 'text_2', label: '备注', type: 'text', required: false });
    expect(newDraftField('select', 'S', []).options.choices).toHaveLength(2);
  });

  it('finds bad names, duplicates, missing labels and type-specific gaps', () => {
    const a = { ...newDraftField('text', '', []), name: 'Bad' };
    const b = { ...newDraftField('text', 'B', []), name: 'same' };
    const c = { ...newDraftField('text', 'C', []), name: 'same' };
    const rel = newDraftField('relation', 'R', []);
    const formula = newDraftField('formula', 'F', []);
    const select = { ...newDraftField('select', 'S', []), options: { choices: [{ key: 'x', label: 'X' }, { key: 'x', label: 'Y' }] } };
    const sub = { ...newDraftField('sub_form', 'Rows', []), options: { fields: [{ name: 'id', label: 'Id', type: 'text' }] } };
    const serial = { ...newDraftField('serial', 'No', []), options: { pattern: 'KH{YYYY}' } };
    const problems = draftProblems([a, b, c, rel, formula, select, sub, serial]);
    expect(problems[a.key]).toEqual({ name: 'name', label: 'label' });
    expect(problems[b.key]).toEqual({ name: 'nameTaken' });
    expect(problems[rel.key]).toEqual({ target: 'target' });
    expect(problems[formula.key]).toEqual({ expression: 'expression' });
    expect(problems[select.key]).toEqual({ choices: 'choiceKeys' });
    expect(problems[sub.key]).toEqual({ fields: 'subFieldNames' });
    expect(problems[serial.key]).toEqual({ pattern: 'serialPattern' });
    expect(draftProblems(draftFromEntity(customer))).toEqual({});
  });
});

describe('publish plan', () => {
  it('creates a new entity with every field in canvas order', () => {
    const fields = [newDraftField('text', '姓名', []), newDraftField('phone', '手机', [])];
    const plan = publishPlan({ name: 'kehu', label: '客户', fields: [], published: false }, fields);
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({
      kind: 'create',
      body: { name: 'kehu', label: '客户', fields: [{ name: 'text_1', position: 1 }, { name: 'phone_1', position: 2 }] },
    });
  });

  it('retires removed fields, adds new ones and patches only what changed', () => {
    const published = { ...visit, fields: visit.fields.map((f, i) => ({ ...f, position: i + 1 })) };
    const draft = draftFromEntity(published).filter((f) => f.name !== 'mood');
    const score = draft.find((f) => f.name === 'score');
    if (!score) throw new Error('no score');
    score.label = '评分（1-5）';
    score.required = true;
    draft.push(newDraftField('text', '备注', draft.map((f) => f.name)));
    const plan = publishPlan({ ...published, published: true }, draft);
    expect(plan).toEqual([
      { kind: 'retire', field: 'mood' },
      { kind: 'patch', field: 'score', body: { label: '评分（1-5）', required: true } },
      { kind: 'patch', field: 'items', body: { position: 4 } },
      { kind: 'patch', field: 'total', body: { position: 5 } },
      expect.objectContaining({ kind: 'add', field: 'text_1', body: expect.objectContaining({ position: 6 }) }),
    ]);
    expect(fieldsToRetire(published, draft).map((f) => f.name)).toEqual(['mood']);
  });

  it('creates a new entity with its compound indexes, and leaves options out when there are none', () => {
    const fields = [newDraftField('text', '城市', []), newDraftField('integer', '评分', [])];
    const entity = { name: 'kehu', label: '客户', fields: [], published: false };
    const [create] = publishPlan(entity, fields, [['text_1', 'integer_1']]);
    expect(create).toMatchObject({ kind: 'create', body: { options: { indexes: [['text_1', 'integer_1']] } } });
    const [bare] = publishPlan(entity, fields, []);
    expect(bare.kind === 'create' && 'options' in bare.body).toBe(false);
  });

  it('sets changed indexes last, after the fields they may name, keeping the other options', () => {
    const published = {
      ...visit,
      options: { indexes: [['customer', 'score']], note: 'kept' },
      fields: visit.fields.filter((f) => !f.retired).map((f, i) => ({ ...f, position: i + 1 })),
    };
    const draft = draftFromEntity(published);
    draft.push(newDraftField('text', '城市', draft.map((f) => f.name)));
    const plan = publishPlan({ ...published, published: true }, draft, [['customer', 'score'], ['text_1', 'score']]);
    expect(plan.map((step) => step.kind)).toEqual(['add', 'options']);
    expect(plan[1]).toEqual({ kind: 'options', body: { options: { indexes: [['customer', 'score'], ['text_1', 'score']], note: 'kept' } } });
    expect(publishPlan({ ...published, published: true }, draftFromEntity(published), [])).toEqual([
      { kind: 'options', body: { options: { note: 'kept' } } },
    ]);
    expect(publishPlan({ ...published, published: true }, draftFromEntity(published), [['customer', 'score']])).toEqual([]);
  });

  it('publishes nothing when nothing changed', () => {
    const published = { ...customer, fields: customer.fields.map((f, i) => ({ ...f, position: i + 1 })) };
    expect(publishPlan({ ...published, published: true }, draftFromEntity(published))).toEqual([]);
  });
});

describe('server errors on the designer', () => {
  const draft = [newDraftField('select', 'S', []), newDraftField('formula', 'F', []), newDraftField('text', 'T', [])];
  it('finds the field by name in details, by the only field with the option, or the only formula', () => {
    expect(fieldOfError('schema.invalid_name', { fields: { field: 'text_1' } }, draft)).toBe('text_1');
    expect(fieldOfError('schema.name_taken', { name: 'formula_1' }, draft)).toBe('formula_1');
    expect(fieldOfError('schema.invalid_options', { option: 'choices' }, draft)).toBe('select_1');
    expect(fieldOfError('schema.invalid_formula', { position: 3 }, draft)).toBe('formula_1');
    expect(fieldOfError('schema.invalid_options', { option: 'target' }, draft)).toBeUndefined();
    expect(fieldOfError('schema.invalid_options', {}, draft, 'text_1')).toBe('text_1');
  });
});
