// The settings of each trigger type: watched fields, the field and value to watch for, the date field with
// its offset and time, the schedule, or the webhook's field mapping.
import { useState } from 'react';
import { Checkbox, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Trigger } from '../../../api/rules';
import type { Entity, Field, FieldType } from '../../../api/schema';
import { ValueEditor } from '../../../forms/components/FilterBuilder';
import { fenToYuan, inputKind } from '../../../forms/fieldKinds';
import { wireValue } from '../../../forms/filter';
import { dateFieldTypes, fieldsOfTypes } from '../draft';
import { cronToSchedule, defaultAt, joinOffset, maxOffsetDays, scheduleToCron, splitOffset } from '../trigger';
import type { DateWhen, Every, Schedule } from '../trigger';
import MappingEditor from './MappingEditor';

interface Props {
  trigger: Trigger;
  entity: Entity | undefined;
  targets: Record<string, Entity | undefined>;
  types: FieldType[];
  onChange: (trigger: Trigger) => void;
}

const liveFields = (entity: Entity | undefined) => (entity?.fields ?? []).filter((f) => !f.retired && f.type !== 'sub_form');

/** A value editor for one field's value, as the filter builder edits it (money typed in yuan). */
function FieldValue({ field, id, value, targets, onChange }: {
  field: Field;
  id: string;
  value: unknown;
  targets: Record<string, Entity | undefined>;
  onChange: (value: unknown) => void;
}) {
  const money = inputKind(field.type) === 'money';
  const shown = money && typeof value === 'number' ? fenToYuan(value) : value;
  return (
    <ValueEditor
      rule={{ id, field: field.name, op: 'eq', value: shown }}
      field={{ path: field.name, label: field.label, field }}
      targets={targets}
      onChange={(v) => onChange(wireValue(field, v))}
    />
  );
}

function DateFields({ trigger, entity, onChange }: { trigger: Extract<Trigger, { type: 'date' }>; entity: Entity | undefined; onChange: (t: Trigger) => void }) {
  const { t } = useTranslation('rules');
  const dates = fieldsOfTypes(entity, dateFieldTypes);
  const { when, days } = splitOffset(trigger.offset_days);
  return (
    <>
      <Form.Item label={t('trigger.dateField')} required help={entity && dates.length === 0 ? t('trigger.noDateFields') : undefined}>
        <Select
          placeholder={t('trigger.dateFieldPlaceholder')}
          value={trigger.field || undefined}
          onChange={(field: string) => onChange({ ...trigger, field })}
          options={dates.map((f) => ({ value: f.name, label: f.label }))}
          data-testid="trigger-date-field"
          style={{ maxWidth: 240 }}
        />
      </Form.Item>
      <Form.Item label={t('trigger.when')}>
        <Space wrap>
          <Select<DateWhen>
            value={when}
            onChange={(next) => onChange({ ...trigger, offset_days: joinOffset(next, next === 'on' ? 0 : days || 1) })}
            options={(['before', 'on', 'after'] as const).map((w) => ({ value: w, label: t(`trigger.${w}`) }))}
            data-testid="trigger-when"
            style={{ width: 100 }}
          />
          {when !== 'on' && (
            <InputNumber
              min={1}
              max={maxOffsetDays}
              precision={0}
              value={days}
              onChange={(n) => onChange({ ...trigger, offset_days: joinOffset(when, n ?? 1) })}
              addonAfter={t('trigger.days')}
              data-testid="trigger-days"
              style={{ width: 140 }}
            />
          )}
          <Input
            type="time"
            value={trigger.at ?? defaultAt}
            onChange={(e) => onChange({ ...trigger, at: e.target.value || defaultAt })}
            aria-label={t('trigger.at')}
            data-testid="trigger-at"
            style={{ width: 120 }}
          />
        </Space>
      </Form.Item>
      <Checkbox
        checked={trigger.repeat === 'yearly'}
        onChange={(e) => {
          const { repeat: _old, ...rest } = trigger;
          onChange(e.target.checked ? { ...rest, repeat: 'yearly' } : rest);
        }}
        data-testid="trigger-yearly"
      >
        {t('trigger.yearly')}
      </Checkbox>
    </>
  );
}

function ScheduleFields({ cron, onChange }: { cron: string; onChange: (t: Trigger) => void }) {
  const { t } = useTranslation('rules');
  const [every, setEvery] = useState<Every>(() => cronToSchedule(cron).every);
  const parsed = cronToSchedule(cron);
  const schedule: Schedule = { ...parsed, every, cron };
  const set = (change: Partial<Schedule>) => onChange({ type: 'schedule', cron: scheduleToCron({ ...schedule, ...change }) });
  return (
    <Form.Item label={t('trigger.every')} extra={t('trigger.scheduleEntity')}>
      <Space wrap>
        <Select<Every>
          value={every}
          onChange={(next) => {
            setEvery(next);
            set({ every: next });
          }}
          options={(['day', 'week', 'month', 'cron'] as const).map((e) => ({ value: e, label: t(`trigger.${e}`) }))}
          data-testid="schedule-every"
          style={{ width: 150 }}
        />
        {every === 'week' && (
          <Select
            value={schedule.weekday}
            onChange={(weekday: number) => set({ weekday })}
            options={[1, 2, 3, 4, 5, 6, 0].map((d) => ({ value: d, label: t(`weekday.${d}` as 'weekday.0') }))}
            aria-label={t('trigger.weekday')}
            style={{ width: 100 }}
          />
        )}
        {every === 'month' && (
          <InputNumber min={1} max={31} precision={0} value={schedule.day} onChange={(n) => set({ day: n ?? 1 })} addonAfter={t('trigger.dayOfMonth')} style={{ width: 120 }} />
        )}
        {every === 'cron' ? (
          <Input value={cron} onChange={(e) => onChange({ type: 'schedule', cron: e.target.value })} placeholder="0 9 * * 1" data-testid="schedule-cron" style={{ width: 200 }} />
        ) : (
          <Input type="time" value={schedule.at} onChange={(e) => e.target.value && set({ at: e.target.value })} aria-label={t('trigger.at')} style={{ width: 120 }} />
        )}
      </Space>
      {every === 'cron' && <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>{t('trigger.cronHint')}</Typography.Paragraph>}
    </Form.Item>
  );
}

export default function TriggerFields({ trigger, entity, targets, onChange }: Props) {
  const { t } = useTranslation('rules');
  const fields = liveFields(entity);
  const options = fields.map((f) => ({ value: f.name, label: f.label }));
  switch (trigger.type) {
    case 'record_created':
      return null;
    case 'record_updated':
      return (
        <Form.Item label={t('trigger.watchFields')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('trigger.anyField')}
            value={trigger.fields ?? []}
            onChange={(names: string[]) => onChange({ type: 'record_updated', fields: names })}
            options={options}
            style={{ maxWidth: 480 }}
          />
        </Form.Item>
      );
    case 'field_changed': {
      const field = fields.find((f) => f.name === trigger.field);
      return (
        <>
          <Form.Item label={t('trigger.field')} required>
            <Select
              showSearch
              optionFilterProp="label"
              value={trigger.field || undefined}
              onChange={(name: string) => onChange({ type: 'field_changed', field: name })}
              options={options}
              data-testid="trigger-field"
              style={{ maxWidth: 240 }}
            />
          </Form.Item>
          {field && (
            <Space wrap align="start">
              <Form.Item label={t('trigger.to')}>
                <FieldValue field={field} id="to" value={trigger.to} targets={targets} onChange={(to) => onChange({ ...trigger, to })} />
              </Form.Item>
              <Form.Item label={t('trigger.from')}>
                <FieldValue field={field} id="from" value={trigger.from} targets={targets} onChange={(from) => onChange({ ...trigger, from })} />
              </Form.Item>
            </Space>
          )}
        </>
      );
    }
    case 'date':
      return <DateFields trigger={trigger} entity={entity} onChange={onChange} />;
    case 'schedule':
      return <ScheduleFields cron={trigger.cron} onChange={onChange} />;
    case 'webhook':
      return <MappingEditor trigger={trigger} fields={fields} onChange={onChange} />;
  }
}
