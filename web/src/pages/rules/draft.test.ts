import { describe, expect, it } from 'vitest';
import type { Rule } from '../../api/rules';
import type { Entity } from '../../api/schema';
import { filterableFields } from '../../forms/filter';
import { buildRuleInput, draftFromRule, errorPlace, newAction, newActionKey, newDraft, newTrigger } from './draft';
import type { RuleDraft } from './draft';

const f = (name: string, label: string, type: string, options = {}) => ({
  name,
  label,
  type,
  required: false,
  unique: false,
  sensitive: false,
  options,
});
const treatment: Entity = {
  name: 'treatment',
  label: '治疗记录',
  version: 1,
  options: {},
  fields: [
    f('item', '治疗项目', 'text'),
    f('treated_on', '治疗日期', 'date'),
    f('consultant', '咨询师', 'user'),
    f('price', '价格', 'money'),
    f('tags', '标签', 'tags'),
    { ...f('old_date', '旧日期', 'date'), retired: true },
  ],
};
const fields = filterableFields(treatment, {});

/** The 热玛吉 rule exactly as the contract spells it. */
const thermage: RuleDraft = {
  ...newDraft(),
  name: ' 热玛吉年度复查 ',
  entity: 'treatment',
  trigger: { type: 'date', field: 'treated_on', offset_days: 365, at: '09:00' },
  condition: { group: { match: 'and', rules: [{ id: 'r1', field: 'item', op: 'eq', value: '热玛吉' }] } },
  actions: [
    { key: 'a', action: { type: 'create_task', assignee: { field: 'consultant' }, title: '年度复查：{客户姓名}', body: '', due_in_hours: 0 } },
    { key: 'b', action: { type: 'send_message', channel: 'sms', category: 'service', template: '{客户姓名}您好，…', subject: '无用', sms_params: { '': '' } } },
  ],
};

describe('rule JSON', () => {
  it('builds the 热玛吉 rule as the API contract spells it', () => {
    const { input, problems } = buildRuleInput(thermage, treatment, fields);
    expect(problems).toEqual({});
    expect(input).toEqual({
      name: '热玛吉年度复查',
      entity: 'treatment',
      enabled: true,
      trigger: { type: 'date', field: 'treated_on', offset_days: 365, at: '09:00' },
      condition: { field: 'item', op: 'eq', value: '热玛吉' },
      actions: [
        { type: 'create_task', assignee: { field: 'consultant' }, title: '年度复查：{客户姓名}' },
        { type: 'send_message', channel: 'sms', category: 'service', template: '{客户姓名}您好，…' },
      ],
    });
  });

  it('sends no condition when none is set, several under or, and the version when editing', () => {
    const none = buildRuleInput({ ...thermage, condition: { group: { match: 'and', rules: [{ id: 'x', field: '', op: '' }] } } }, treatment, fields);
    expect(none.input?.condition).toBeNull();
    const two = buildRuleInput(
      {
        ...thermage,
        version: 4,
        condition: {
          group: {
            match: 'or',
            rules: [
              { id: 'r1', field: 'item', op: 'eq', value: '热玛吉' },
              { id: 'r2', field: 'price', op: 'gte', value: 1000 },
            ],
          },
        },
      },
      treatment,
      fields,
    );
    expect(two.input?.condition).toEqual({ or: [{ field: 'item', op: 'eq', value: '热玛吉' }, { field: 'price', op: 'gte', value: 100000 }] });
    expect(two.input?.version).toBe(4);
  });

  it('converts update_field values to wire form and drops empty record values', () => {
    const { input } = buildRuleInput(
      {
        ...thermage,
        actions: [
          { key: 'u', action: { type: 'update_field', field: 'price', value: 12.5 } },
          { key: 'c', action: { type: 'create_record', entity: 'follow_up', values: { customer: '{customer}', note: ' ' } } },
          { key: 'w', action: { type: 'webhook', url: ' https://example.com/hook ' } },
        ],
      },
      treatment,
      fields,
    );
    expect(input?.actions).toEqual([
      { type: 'update_field', field: 'price', value: 1250 },
      { type: 'create_record', entity: 'follow_up', values: { customer: '{customer}' } },
      { type: 'webhook', url: 'https://example.com/hook' },
    ]);
  });

  it('keeps the email subject and SMS template only for their channels', () => {
    const email = buildRuleInput(
      { ...thermage, actions: [{ key: 'e', action: { type: 'send_message', channel: 'email', category: 'marketing', to: { field: 'email' }, subject: '问候', template: 'x', sms_template_id: 'SMS_1' } }] },
      treatment,
      fields,
    );
    expect(email.input?.actions[0]).toEqual({ type: 'send_message', channel: 'email', category: 'marketing', to: { field: 'email' }, subject: '问候', template: 'x' });
    const sms = buildRuleInput(
      { ...thermage, actions: [{ key: 's', action: { type: 'send_message', channel: 'sms', category: 'service', template: 'x', sms_template_id: ' SMS_1 ', sms_params: { name: '{姓名}' } } }] },
      treatment,
      fields,
    );
    expect(sms.input?.actions[0]).toEqual({ type: 'send_message', channel: 'sms', category: 'service', template: 'x', sms_template_id: 'SMS_1', sms_params: { name: '{姓名}' } });
  });

  it('refuses an incomplete draft and says where, sending nothing', () => {
    const { input, problems } = buildRuleInput(
      {
        ...newDraft(),
        trigger: { type: 'date', field: 'treated_on', offset_days: 4000 },
        condition: { group: { match: 'and', rules: [{ id: 'r', field: 'item', op: '' }] } },
        actions: [
          { key: 'a', action: { type: 'create_task', assignee: { role: '' }, title: 'x' } },
          { key: 'b', action: { type: 'send_message', channel: 'sms', category: 'service', template: ' ' } },
          { key: 'c', action: { type: 'webhook', url: 'ftp://x' } },
          { key: 'd', action: { type: 'send_message', channel: 'in_app', category: 'service', to: { user_field: '' }, template: 'x' } },
        ],
      },
      treatment,
      fields,
    );
    expect(input).toBeNull();
    expect(problems).toEqual({
      'action-3': 'recipientRequired',
      name: 'nameRequired',
      entity: 'entityRequired',
      trigger: 'offsetRange',
      condition: 'conditionIncomplete',
      'action-0': 'assigneeRequired',
      'action-1': 'templateRequired',
      'action-2': 'urlRequired',
    });
    expect(buildRuleInput({ ...thermage, actions: [] }, treatment, fields).problems).toEqual({ actions: 'actionsRequired' });
    const noUser = { key: 'u', action: { type: 'create_task' as const, assignee: { user_id: 0 }, title: 'x' } };
    expect(buildRuleInput({ ...thermage, actions: [noUser] }, treatment, fields).problems).toEqual({ 'action-0': 'assigneeRequired' });
    expect(buildRuleInput({ ...thermage, trigger: { type: 'schedule', cron: '0 9 *' } }, treatment, fields).problems).toEqual({ trigger: 'cronRequired' });
  });

  it('reads a stored rule back into the draft, keeping trees the builder cannot show', () => {
    const stored: Rule = {
      id: 7,
      name: 'x',
      entity: 'treatment',
      enabled: false,
      disabled_reason: null,
      owner_id: 1,
      version: 3,
      created_at: '',
      updated_at: '',
      last_run_at: null,
      trigger: { type: 'record_created' },
      condition: { or: [{ field: 'item', op: 'eq', value: 'a' }, { field: 'price', op: 'gt', value: 500 }] },
      actions: [{ type: 'add_tag', field: 'tags', tag: 'VIP' }],
    };
    const draft = draftFromRule(stored, fields);
    expect(draft.condition).toMatchObject({ group: { match: 'or', rules: [{ field: 'item', value: 'a' }, { field: 'price', value: 5 }] } });
    expect(buildRuleInput(draft, treatment, fields).input).toMatchObject({ version: 3, enabled: false, condition: stored.condition });
    const nested = { not: { field: 'item', op: 'eq', value: 'a' } };
    const raw = draftFromRule({ ...stored, condition: nested }, fields);
    expect(raw.condition).toEqual({ raw: nested });
    expect(buildRuleInput(raw, treatment, fields).input?.condition).toEqual(nested);
  });

  it('starts new triggers and actions from the entity’s fields', () => {
    expect(newTrigger('date', treatment)).toEqual({ type: 'date', field: 'treated_on', offset_days: 0, at: '09:00' });
    expect(newAction('create_task', treatment)).toEqual({ type: 'create_task', assignee: { field: 'consultant' }, title: '' });
    expect(newAction('add_tag', treatment)).toEqual({ type: 'add_tag', field: 'tags', tag: '' });
    expect(newActionKey()).not.toBe(newActionKey());
  });
});

describe('server errors', () => {
  it('are placed on the block their path names', () => {
    expect(errorPlace('rule.unknown_variable', { path: 'actions[1].template' })).toBe('action-1');
    expect(errorPlace('rule.invalid', { path: '/actions/0/assignee' })).toBe('action-0');
    expect(errorPlace('rule.invalid', { path: 'actions.2' })).toBe('action-2');
    expect(errorPlace('rule.unknown_field', { path: 'trigger.field' })).toBe('trigger');
    expect(errorPlace('rule.unknown_field', { path: 'condition.and[0].field' })).toBe('condition');
    expect(errorPlace('rule.unknown_entity', {})).toBe('entity');
    expect(errorPlace('rule.invalid', { path: 'name' })).toBe('name');
    expect(errorPlace('rule.version_conflict', {})).toBe('general');
  });
});
