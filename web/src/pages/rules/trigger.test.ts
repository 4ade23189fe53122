import { describe, expect, it } from 'vitest';
import type { Entity } from '../../api/schema';
import i18n from '../../i18n';
import { cronToSchedule, joinOffset, scheduleToCron, splitOffset, triggerSummary } from './trigger';

const customer: Entity = {
  name: 'customer',
  label: '客户',
  version: 1,
  options: {},
  fields: [
    { name: 'name', label: '姓名', type: 'text', required: true, unique: false, sensitive: false, options: {} },
    { name: 'birthday', label: '生日', type: 'date', required: false, unique: false, sensitive: false, options: {} },
    {
      name: 'status',
      label: '客户状态',
      type: 'select',
      required: false,
      unique: false,
      sensitive: false,
      options: { choices: [{ key: 'done', label: '已完成治疗' }, { key: 'new', label: '新客' }] },
    },
  ],
};
const zh = i18n.getFixedT('zh-CN', 'rules');
const en = i18n.getFixedT('en-US', 'rules');

describe('trigger summary', () => {
  it('says the birthday trigger in words', () => {
    const trigger = { type: 'date' as const, field: 'birthday', offset_days: 0, at: '09:00', repeat: 'yearly' as const };
    expect(triggerSummary(trigger, customer, zh)).toBe('每年生日当天 09:00');
    expect(triggerSummary(trigger, customer, en, true)).toBe('Every year: On 生日 at 09:00');
  });

  it('says days before and after, with 09:00 when no time is set', () => {
    expect(triggerSummary({ type: 'date', field: 'birthday', offset_days: 365 }, customer, zh)).toBe('生日之后 365 天 09:00');
    expect(triggerSummary({ type: 'date', field: 'birthday', offset_days: -3, at: '18:30' }, customer, zh)).toBe('生日之前 3 天 18:30');
  });

  it('names field changes by label and choice label', () => {
    expect(triggerSummary({ type: 'field_changed', field: 'status', to: 'done' }, customer, zh)).toBe('客户状态变为“已完成治疗”时');
    expect(triggerSummary({ type: 'field_changed', field: 'status', from: 'new', to: 'done' }, customer, zh)).toBe(
      '客户状态从“新客”变为“已完成治疗”时',
    );
    expect(triggerSummary({ type: 'field_changed', field: 'status' }, customer, zh)).toBe('客户状态发生变化时');
  });

  it('says record events with the entity', () => {
    expect(triggerSummary({ type: 'record_created' }, customer, zh)).toBe('新建客户时');
    expect(triggerSummary({ type: 'record_updated' }, customer, zh)).toBe('修改客户时');
    expect(triggerSummary({ type: 'record_updated', fields: ['name', 'status'] }, customer, zh)).toBe('修改客户的姓名、客户状态时');
    expect(triggerSummary({ type: 'webhook' }, customer, zh)).toBe('收到 Webhook 时');
  });

  it('reads simple crons as every day / week / month and shows others as they are', () => {
    expect(triggerSummary({ type: 'schedule', cron: '0 9 * * *' }, undefined, zh)).toBe('每天 09:00');
    expect(triggerSummary({ type: 'schedule', cron: '30 8 * * 1' }, undefined, zh)).toBe('每周一 08:30');
    expect(triggerSummary({ type: 'schedule', cron: '0 10 15 * *' }, undefined, zh)).toBe('每月 15 日 10:00');
    expect(triggerSummary({ type: 'schedule', cron: '*/5 * * * *' }, undefined, zh)).toBe('按计划（*/5 * * * *）');
  });
});

describe('offsets and schedules', () => {
  it('splits and joins signed day offsets', () => {
    expect(splitOffset(-30)).toEqual({ when: 'before', days: 30 });
    expect(splitOffset(0)).toEqual({ when: 'on', days: 0 });
    expect(joinOffset('before', 30)).toBe(-30);
    expect(joinOffset('after', 365)).toBe(365);
    expect(joinOffset('on', 12)).toBe(0);
  });

  it('round-trips the schedule pickers through cron', () => {
    const weekly = { every: 'week' as const, weekday: 1, day: 1, at: '09:05', cron: '' };
    expect(scheduleToCron(weekly)).toBe('5 9 * * 1');
    expect(cronToSchedule('5 9 * * 1')).toMatchObject({ every: 'week', weekday: 1, at: '09:05' });
    expect(cronToSchedule('0 9 * * 7')).toMatchObject({ every: 'week', weekday: 0 });
    expect(scheduleToCron({ ...weekly, every: 'month', day: 28 })).toBe('5 9 28 * *');
    expect(scheduleToCron({ ...weekly, every: 'cron', cron: ' 0  9 1 1 * ' })).toBe('0 9 1 1 *');
    expect(cronToSchedule('0 9 1 1 *').every).toBe('cron');
    expect(cronToSchedule('0 25 * * *').every).toBe('cron');
    expect(cronToSchedule('bad').every).toBe('cron');
  });
});
