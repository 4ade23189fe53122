// The rule designer's state as data: a draft made from a stored rule (or new), checked and turned into
// exactly the JSON the API takes (POST/PUT /rules), and a server error placed on the block it is about.
// The condition is the list filter builder's group (forms/filter.ts), so it builds the same filter tree.
import type { Action, ActionType, Rule, RuleInput, Trigger, TriggerType } from '../../api/rules';
import type { Entity, Field, FilterNode } from '../../api/schema';
import { rulesFromTree } from '../../forms/conditionBuilder';
import { buildFilter, emptyFilter, wireValue } from '../../forms/filter';
import type { FilterableField, FilterGroup } from '../../forms/filter';
import { defaultAt, maxOffsetDays } from './trigger';

export interface ActionDraft {
  key: string;
  action: Action;
}

/** The condition as the builder edits it, or a stored tree it cannot show (kept as is until cleared). */
export type ConditionDraft = { group: FilterGroup } | { raw: FilterNode };

export interface RuleDraft {
  id?: number;
  version?: number;
  name: string;
  entity: string;
  enabled: boolean;
  trigger: Trigger;
  condition: ConditionDraft;
  actions: ActionDraft[];
}

/** Where a problem is shown: "name", "entity", "trigger", "condition", "actions" or "action-<index>". */
export type ProblemKey = string;
/** Problem place → key under rules:problem. */
export type Problems = Record<ProblemKey, string>;

let keyCounter = 0;
export const newActionKey = () => `a${(keyCounter += 1)}`;

export const userFieldTypes = ['user', 'owner', 'created_by', 'updated_by'];
export const dateFieldTypes = ['date', 'datetime'];
export const tagFieldTypes = ['tags', 'multi_select', 'checkbox'];

const live = (entity: Entity | undefined) => (entity?.fields ?? []).filter((f) => !f.retired);
export const fieldsOfTypes = (entity: Entity | undefined, types: readonly string[]): Field[] =>
  live(entity).filter((f) => types.includes(f.type));

export function newTrigger(type: TriggerType, entity: Entity | undefined): Trigger {
  switch (type) {
    case 'record_created':
      return { type };
    case 'record_updated':
      return { type };
    case 'field_changed':
      return { type, field: '' };
    case 'date':
      return { type, field: fieldsOfTypes(entity, dateFieldTypes)[0]?.name ?? '', offset_days: 0, at: defaultAt };
    case 'schedule':
      return { type, cron: '0 9 * * *' };
    case 'webhook':
      return { type, mapping: {} };
  }
}

export function newAction(type: ActionType, entity: Entity | undefined): Action {
  const userField = fieldsOfTypes(entity, userFieldTypes)[0]?.name;
  switch (type) {
    case 'create_task':
      return { type, assignee: userField ? { field: userField } : { role: '' }, title: '' };
    case 'send_message':
      return { type, channel: 'sms', category: 'service', template: '' };
    case 'add_tag':
    case 'remove_tag':
      return { type, field: fieldsOfTypes(entity, tagFieldTypes)[0]?.name ?? '', tag: '' };
    case 'update_field':
      return { type, field: '', value: null };
    case 'create_record':
      return { type, entity: '', values: {} };
    case 'webhook':
      return { type, url: '' };
  }
}

export function newDraft(): RuleDraft {
  return { name: '', entity: '', enabled: true, trigger: { type: 'record_created' }, condition: { group: emptyFilter }, actions: [] };
}

/** The builder's group for a stored tree: one leaf, an AND or an OR of leaves; anything else stays raw. */
export function conditionFromTree(tree: FilterNode | null | undefined, fields: readonly FilterableField[]): ConditionDraft {
  if (!tree) return { group: emptyFilter };
  const or = (tree as { or?: unknown }).or;
  if (Array.isArray(or) && Object.keys(tree).length === 1) {
    const rules = rulesFromTree({ and: or as FilterNode[] }, fields);
    return rules ? { group: { match: 'or', rules } } : { raw: tree };
  }
  const rules = rulesFromTree(tree, fields);
  return rules ? { group: { match: 'and', rules } } : { raw: tree };
}

export function draftFromRule(rule: Rule, fields: readonly FilterableField[]): RuleDraft {
  return {
    id: rule.id,
    version: rule.version,
    name: rule.name,
    entity: rule.entity,
    enabled: rule.enabled,
    trigger: rule.trigger,
    condition: conditionFromTree(rule.condition, fields),
    actions: rule.actions.map((action) => ({ key: newActionKey(), action })),
  };
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** The action as sent: optional parts left out when empty, update_field's value in wire form. */
function cleanAction(action: Action, entity: Entity | undefined): Action {
  switch (action.type) {
    case 'create_task': {
      const { body, due_in_hours: due, ...rest } = action;
      return { ...rest, title: rest.title.trim(), ...(blank(body) ? {} : { body }), ...(due ? { due_in_hours: due } : {}) };
    }
    case 'send_message': {
      const { to, subject, sms_template_id: templateId, sms_params: params, ...rest } = action;
      const kept = Object.entries(params ?? {}).filter(([k]) => k.trim() !== '');
      return {
        ...rest,
        ...(to ? { to } : {}),
        ...(blank(subject) || rest.channel !== 'email' ? {} : { subject }),
        ...(blank(templateId) || rest.channel !== 'sms' ? {} : { sms_template_id: templateId?.trim() }),
        ...(kept.length === 0 || rest.channel !== 'sms' ? {} : { sms_params: Object.fromEntries(kept) }),
      };
    }
    case 'add_tag':
    case 'remove_tag':
      return { ...action, tag: action.tag.trim() };
    case 'update_field': {
      const field = live(entity).find((f) => f.name === action.field);
      return { ...action, value: field ? (wireValue(field, action.value) ?? null) : action.value };
    }
    case 'create_record':
      return { ...action, values: Object.fromEntries(Object.entries(action.values).filter(([k, v]) => k && !blank(v))) };
    case 'webhook':
      return action.body === undefined ? { type: action.type, url: action.url.trim() } : { ...action, url: action.url.trim() };
  }
}

/** The problem key (under rules:problem) of one action, or null when it can be sent. */
export function actionProblem(action: Action): string | null {
  switch (action.type) {
    case 'create_task': {
      const who = Object.values(action.assignee)[0];
      if (blank(who) || who === 0) return 'assigneeRequired';
      return blank(action.title) ? 'titleRequired' : null;
    }
    case 'send_message':
      if (action.to && Object.values(action.to).some((v) => blank(v) || v === 0)) return 'recipientRequired';
      return blank(action.template) ? 'templateRequired' : null;
    case 'add_tag':
    case 'remove_tag':
      return blank(action.field) || blank(action.tag) ? 'tagRequired' : null;
    case 'update_field':
      return blank(action.field) ? 'fieldRequired' : null;
    case 'create_record':
      return blank(action.entity) || !Object.entries(action.values).some(([k, v]) => k && !blank(v)) ? 'entityAndValues' : null;
    case 'webhook':
      return /^https?:\/\/\S+$/.test(action.url.trim()) ? null : 'urlRequired';
  }
}

function triggerProblem(trigger: Trigger): string | null {
  switch (trigger.type) {
    case 'field_changed':
      return blank(trigger.field) ? 'fieldRequired' : null;
    case 'date':
      if (blank(trigger.field)) return 'fieldRequired';
      return Math.abs(trigger.offset_days) > maxOffsetDays || !Number.isInteger(trigger.offset_days) ? 'offsetRange' : null;
    case 'schedule':
      return trigger.cron.trim().split(/\s+/).length === 5 ? null : 'cronRequired';
    default:
      return null;
  }
}

/** The trigger as sent: a webhook's empty mapping rows and secret left out. */
function cleanTrigger(trigger: Trigger): Trigger {
  if (trigger.type === 'record_updated') return trigger.fields?.length ? trigger : { type: trigger.type };
  if (trigger.type === 'field_changed') {
    const { from, to, ...rest } = trigger;
    return { ...rest, ...(blank(to) ? {} : { to }), ...(blank(from) ? {} : { from }) };
  }
  if (trigger.type !== 'webhook') return trigger;
  const mapping = Object.fromEntries(Object.entries(trigger.mapping ?? {}).filter(([k, v]) => k && !blank(v)));
  return {
    type: 'webhook',
    mapping,
    ...(blank(trigger.match_field) ? {} : { match_field: trigger.match_field }),
    ...(blank(trigger.secret) ? {} : { secret: trigger.secret }),
  };
}

export interface Built {
  input: RuleInput | null;
  problems: Problems;
}

/** The request body for `draft`, or the problems that keep it from being sent. */
export function buildRuleInput(draft: RuleDraft, entity: Entity | undefined, fields: readonly FilterableField[]): Built {
  const problems: Problems = {};
  if (blank(draft.name)) problems.name = 'nameRequired';
  if (blank(draft.entity)) problems.entity = 'entityRequired';
  const trigger = triggerProblem(draft.trigger);
  if (trigger) problems.trigger = trigger;
  let condition: FilterNode | null = null;
  if ('raw' in draft.condition) condition = draft.condition.raw;
  else {
    const rules = draft.condition.group.rules.filter((r) => r.field || r.op);
    const built = buildFilter({ ...draft.condition.group, rules }, fields);
    if (built.incomplete.length > 0) problems.condition = 'conditionIncomplete';
    condition = built.filter;
  }
  if (draft.actions.length === 0) problems.actions = 'actionsRequired';
  draft.actions.forEach(({ action }, index) => {
    const problem = actionProblem(action);
    if (problem) problems[`action-${index}`] = problem;
  });
  if (Object.keys(problems).length > 0) return { input: null, problems };
  const input: RuleInput = {
    name: draft.name.trim(),
    entity: draft.entity,
    enabled: draft.enabled,
    trigger: cleanTrigger(draft.trigger),
    condition,
    actions: draft.actions.map(({ action }) => cleanAction(action, entity)),
  };
  if (draft.version !== undefined) input.version = draft.version;
  return { input, problems };
}

/** The block a server error is about, from details.path ("actions[1].template", "actions.1.template",
 *  "/trigger/field") or, without one, from the code. */
export function errorPlace(code: string, details: Record<string, unknown>): ProblemKey {
  const path = typeof details.path === 'string' ? details.path : typeof details.field === 'string' ? details.field : '';
  const action = /^\/?actions(?:\[|\.|\/)(\d+)/.exec(path);
  if (action) return `action-${Number(action[1])}`;
  const head = /^\/?([a-z_]+)/.exec(path)?.[1];
  if (head === 'trigger' || head === 'condition' || head === 'name' || head === 'actions') return head;
  if (head === 'entity' || code === 'rule.unknown_entity') return 'entity';
  if (code === 'rule.version_conflict') return 'general';
  return 'general';
}
