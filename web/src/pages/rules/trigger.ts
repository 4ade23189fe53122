// A rule's trigger in words ("生日当天 09:00", "每周一 09:00") and the small conversions its pickers need:
// a signed day offset as before/on/after + days, and the schedule pickers (every day / week / month at a
// time) as the 5-field cron the server stores. Pure, so the list and the designer say the same thing.
import type { TFunction } from 'i18next';
import type { Trigger } from '../../api/rules';
import type { Entity } from '../../api/schema';
import { choiceLabel } from '../../forms/fieldKinds';

export const defaultAt = '09:00';
export const maxOffsetDays = 3650;

export type DateWhen = 'on' | 'before' | 'after';

/** −365 → before 365; 0 → on the day. */
export function splitOffset(offset: number): { when: DateWhen; days: number } {
  if (offset === 0) return { when: 'on', days: 0 };
  return { when: offset < 0 ? 'before' : 'after', days: Math.abs(offset) };
}

export function joinOffset(when: DateWhen, days: number): number {
  if (when === 'on') return 0;
  return when === 'before' ? -Math.abs(days) : Math.abs(days);
}

export type Every = 'day' | 'week' | 'month' | 'cron';

/** The schedule pickers: cron is used as typed when `every` is "cron". */
export interface Schedule {
  every: Every;
  /** 0 = Sunday, as in cron. */
  weekday: number;
  day: number;
  at: string;
  cron: string;
}

const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function scheduleToCron(s: Schedule): string {
  const match = timePattern.exec(s.at);
  if (s.every === 'cron' || !match) return s.cron.trim().replace(/\s+/g, ' ');
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  if (s.every === 'week') return `${minute} ${hour} * * ${s.weekday}`;
  if (s.every === 'month') return `${minute} ${hour} ${s.day} * *`;
  return `${minute} ${hour} * * *`;
}

const pad = (n: number) => String(n).padStart(2, '0');
const number = (text: string, max: number) => (/^\d{1,2}$/.test(text) && Number(text) <= max ? Number(text) : null);

/** The pickers for a stored cron: every day / week / month when it is one of those, else "cron". */
export function cronToSchedule(cron: string): Schedule {
  const fallback: Schedule = { every: 'cron', weekday: 1, day: 1, at: defaultAt, cron };
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5) return fallback;
  const [min, hour, dom, month, dow] = parts;
  const m = number(min, 59);
  const h = number(hour, 23);
  if (m === null || h === null || month !== '*') return fallback;
  const at = `${pad(h)}:${pad(m)}`;
  if (dom === '*' && dow === '*') return { ...fallback, every: 'day', at };
  const weekday = number(dow, 7);
  if (dom === '*' && weekday !== null) return { ...fallback, every: 'week', weekday: weekday % 7, at };
  const day = number(dom, 31);
  if (day !== null && day >= 1 && dow === '*') return { ...fallback, every: 'month', day, at };
  return fallback;
}

function fieldLabel(entity: Entity | undefined, name: string): string {
  return entity?.fields.find((f) => f.name === name)?.label ?? name;
}

function valueText(entity: Entity | undefined, name: string, value: unknown, english: boolean): string {
  const field = entity?.fields.find((f) => f.name === name);
  if (field?.options.choices) return choiceLabel(field, value, english);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One line saying when a rule fires, in the UI language of `t`. */
export function triggerSummary(trigger: Trigger, entity: Entity | undefined, t: TFunction<'rules'>, english = false): string {
  const entityLabel = entity?.label ?? '';
  switch (trigger.type) {
    case 'record_created':
      return t('summary.created', { entity: entityLabel });
    case 'record_updated': {
      const fields = (trigger.fields ?? []).map((f) => fieldLabel(entity, f));
      return fields.length === 0
        ? t('summary.updated', { entity: entityLabel })
        : t('summary.updatedFields', { entity: entityLabel, fields: fields.join(english ? ', ' : '、') });
    }
    case 'field_changed': {
      const field = fieldLabel(entity, trigger.field);
      const has = (v: unknown) => v !== undefined && v !== null && v !== '';
      if (!has(trigger.to)) return t('summary.changed', { field });
      const to = valueText(entity, trigger.field, trigger.to, english);
      if (!has(trigger.from)) return t('summary.changedTo', { field, to });
      return t('summary.changedFromTo', { field, to, from: valueText(entity, trigger.field, trigger.from, english) });
    }
    case 'date': {
      const field = fieldLabel(entity, trigger.field);
      const at = trigger.at ?? defaultAt;
      const { when, days } = splitOffset(trigger.offset_days);
      const key = when === 'on' ? 'summary.dateOn' : when === 'before' ? 'summary.dateBefore' : 'summary.dateAfter';
      const text = t(key, { field, days, at });
      return trigger.repeat === 'yearly' ? t('summary.yearly', { text }) : text;
    }
    case 'schedule': {
      const s = cronToSchedule(trigger.cron);
      if (s.every === 'day') return t('summary.daily', { at: s.at });
      if (s.every === 'week') return t('summary.weekly', { at: s.at, weekday: t(`weekday.${s.weekday}` as 'weekday.0') });
      if (s.every === 'month') return t('summary.monthly', { at: s.at, day: s.day });
      return t('summary.cron', { cron: trigger.cron });
    }
    case 'webhook':
      return t('summary.webhook');
  }
}
