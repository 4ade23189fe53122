// Automation rules (/api/v1/rules): "when … if … then …" stored as JSON, their run log, template variables
// and previews. Shapes written from the issue 5 API contract until the OpenAPI document describes them.
import { request } from './client';
import type { FilterNode } from './schema';
import type { Page } from './types';

export type Trigger =
  | { type: 'record_created' }
  | { type: 'record_updated'; fields?: string[] }
  | { type: 'field_changed'; field: string; to?: unknown; from?: unknown }
  /** offset_days −3650…3650 (negative = before); at "HH:MM" in the org's zone (default 09:00). */
  | { type: 'date'; field: string; offset_days: number; at?: string; repeat?: 'yearly' }
  /** Five-field cron in the org's zone. */
  | { type: 'schedule'; cron: string }
  /** Field → dotted key of the posted JSON body; match_field finds the record to update. */
  | { type: 'webhook'; secret?: string; mapping?: Record<string, string>; match_field?: string };

export type TriggerType = Trigger['type'];

export type Assignee = { field: string } | { role: string } | { user_id: number };

export type Recipient = { field: string } | { user_field: string } | { role: string } | { user_id: number };

export type Channel = 'sms' | 'email' | 'wecom' | 'in_app';

export type Action =
  | { type: 'create_task'; assignee: Assignee; title: string; body?: string; due_in_hours?: number }
  | {
      type: 'send_message';
      channel: Channel;
      category: 'service' | 'marketing';
      to?: Recipient;
      subject?: string;
      template: string;
      sms_template_id?: string;
      sms_params?: Record<string, string>;
    }
  | { type: 'add_tag' | 'remove_tag'; field: string; tag: string }
  | { type: 'update_field'; field: string; value: unknown }
  | { type: 'create_record'; entity: string; values: Record<string, unknown> }
  | { type: 'webhook'; url: string; body?: unknown };

export type ActionType = Action['type'];

/** What POST /rules and PUT /rules/{id} take (PUT adds the version read). */
export interface RuleInput {
  name: string;
  entity: string;
  enabled?: boolean;
  trigger: Trigger;
  condition?: FilterNode | null;
  actions: Action[];
  version?: number;
}

export interface Rule {
  id: number;
  name: string;
  entity: string;
  enabled: boolean;
  /** Why the server switched the rule off (a field it uses was retired…); null while fine. */
  disabled_reason: string | null;
  owner_id: number;
  version: number;
  created_at: string;
  updated_at: string;
  last_run_at: string | null;
  trigger: Trigger;
  condition: FilterNode | null;
  actions: Action[];
  /** Only in the POST answer and after rotating the token. */
  hook_url?: string | null;
}

export interface RunAction {
  type: ActionType;
  status: 'ok' | 'error';
  task_id?: number;
  message_id?: number;
  record_id?: number;
  error?: string;
}

export type RunStatus = 'ok' | 'skipped' | 'failed' | 'retrying';

export interface Run {
  id: number;
  rule_id: number;
  rule_version: number;
  entity: string;
  record_id: number | null;
  /** The server's description of what fired. */
  trigger: string;
  status: RunStatus;
  actions: RunAction[];
  error: string | null;
  attempts: number;
  started_at: string;
  finished_at: string | null;
}

/** A template variable: `name` is what goes between braces, `label` what the menu shows. */
export interface Variable {
  name: string;
  path: string;
  label: string;
}

export const listRules = (entity?: string) => request<{ items: Rule[] }>('GET', '/rules', { query: { entity } });

/** 404 rule.not_found. */
export const getRule = (id: number) => request<Rule>('GET', `/rules/${id}`);

/** 422 rule.invalid (details.path, reason), rule.unknown_entity, rule.unknown_field, rule.unknown_variable. */
export const createRule = (body: RuleInput) => request<Rule>('POST', '/rules', { body });

/** As createRule, plus 409 rule.version_conflict when someone saved since `version`. */
export const updateRule = (id: number, body: RuleInput) => request<Rule>('PUT', `/rules/${id}`, { body });

export const setRuleEnabled = (id: number, enabled: boolean) =>
  request<Rule>('PATCH', `/rules/${id}`, { body: { enabled } });

export const deleteRule = (id: number) => request<void>('DELETE', `/rules/${id}`);

export const listRuns = (id: number, cursor?: string | null) =>
  request<Page<Run>>('GET', `/rules/${id}/runs`, { query: { limit: 50, cursor } });

export const listVariables = (entity: string) =>
  request<{ items: Variable[] }>('GET', '/rules/variables', { query: { entity } });

/** The template filled in for one real record; 422 rule.unknown_variable. */
export const previewTemplate = (entity: string, recordId: number, template: string) =>
  request<{ text: string }>('POST', '/rules/preview', { body: { entity, record_id: recordId, template } });

export const rotateHookToken = (id: number) => request<{ hook_url: string }>('POST', `/rules/${id}/hook-token`);
