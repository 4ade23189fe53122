// The filter builder of list pages, also the rule designer's condition block: rules of (field, operator,
// value) joined by all/any. With onChange it reports every edit and shows no apply/clear buttons.
import { useEffect, useRef, useState } from 'react';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Entity, FieldType } from '../../api/schema';
import { inputKind, valuelessOperators } from '../fieldKinds';
import { buildFilter, operatorsFor } from '../filter';
import type { FilterableField, FilterGroup, FilterRule } from '../filter';
import { currentLanguage } from '../../i18n';
import RelationSelect from './RelationSelect';

interface Props {
  fields: FilterableField[];
  types: FieldType[];
  targets: Record<string, Entity | undefined>;
  value: FilterGroup;
  onApply?: (group: FilterGroup) => void;
  /** Live mode (the rule designer): called with the group after every edit; apply/clear are not shown. */
  onChange?: (group: FilterGroup) => void;
}

let ruleCounter = 0;
const newRule = (): FilterRule => ({ id: `r${(ruleCounter += 1)}`, field: '', op: '' });

/** The editor of one rule's value, by the field's type and the operator (also used by the designer's
 *  condition builder). */
export function ValueEditor({ rule, field, targets, onChange }: {
  rule: FilterRule;
  field: FilterableField | undefined;
  targets: Record<string, Entity | undefined>;
  onChange: (value: unknown) => void;
}) {
  const { t } = useTranslation('records');
  if (!field || !rule.op || valuelessOperators.includes(rule.op)) return null;
  const f = field.field;
  const kind = inputKind(f.type);
  const testId = `filter-value-${rule.id}`;
  if (rule.op === 'between') {
    const [from, to] = Array.isArray(rule.value) ? rule.value : [undefined, undefined];
    return (
      <Space.Compact>
        <Input data-testid={`${testId}-from`} value={(from as string) ?? ''} onChange={(e) => onChange([e.target.value, to])} placeholder={t('filter.from')} style={{ width: 110 }} />
        <Input data-testid={`${testId}-to`} value={(to as string) ?? ''} onChange={(e) => onChange([from, e.target.value])} placeholder={t('filter.to')} style={{ width: 110 }} />
      </Space.Compact>
    );
  }
  const english = currentLanguage() === 'en-US';
  const choices = (f.options.choices ?? []).map((c) => ({ value: c.key, label: english && c.label_en ? c.label_en : c.label }));
  if (choices.length > 0) {
    const multiple = rule.op === 'in' || rule.op === 'not_in';
    return (
      <Select
        data-testid={testId}
        mode={multiple ? 'multiple' : undefined}
        options={choices}
        value={rule.value ?? (multiple ? [] : undefined)}
        onChange={onChange}
        style={{ minWidth: 160 }}
      />
    );
  }
  if (kind === 'switch') return <Switch data-testid={testId} checked={rule.value === true} onChange={onChange} />;
  if (kind === 'relation' && !field.path.includes('.') && (rule.op === 'eq' || rule.op === 'ne')) {
    return (
      <div style={{ minWidth: 200 }}>
        <RelationSelect field={f} target={f.options.target ? targets[f.options.target] : undefined} value={rule.value as number | null} onChange={onChange} />
      </div>
    );
  }
  if ((kind === 'number' || kind === 'integer' || kind === 'money') && rule.op !== 'in' && rule.op !== 'not_in') {
    return <InputNumber data-testid={testId} value={rule.value as number | null} onChange={onChange} prefix={kind === 'money' ? '¥' : undefined} style={{ width: 160 }} />;
  }
  const type = kind === 'date' ? 'date' : kind === 'time' ? 'time' : kind === 'yearMonth' ? 'month' : undefined;
  return (
    <Input
      data-testid={testId}
      type={type}
      value={(rule.value as string) ?? ''}
      onChange={(e) => onChange(e.target.value)}
      placeholder={rule.op === 'in' || rule.op === 'not_in' ? t('filter.listHint') : undefined}
      style={{ width: 200 }}
    />
  );
}

/** Rules of (field, operator, value) joined by all/any; applies on demand so typing does not reload
 *  (or, with onChange, reports every edit). */
export default function FilterBuilder({ fields, types, targets, value, onApply, onChange }: Props) {
  const { t } = useTranslation('records');
  const [draft, setDraft] = useState<FilterGroup>(value.rules.length > 0 ? value : { ...value, rules: [newRule()] });
  const [incomplete, setIncomplete] = useState<string[]>([]);
  // Live mode reports each edit after it renders (the latest callback, without re-running on a new one).
  const reportTo = useRef(onChange);
  useEffect(() => {
    reportTo.current = onChange;
  });
  useEffect(() => {
    reportTo.current?.(draft);
  }, [draft]);
  const update = (id: string, change: Partial<FilterRule>) =>
    setDraft((d) => ({ ...d, rules: d.rules.map((r) => (r.id === id ? { ...r, ...change } : r)) }));

  const apply = () => {
    const rules = draft.rules.filter((r) => r.field || r.op);
    const built = buildFilter({ ...draft, rules }, fields);
    setIncomplete(built.incomplete);
    if (built.incomplete.length === 0) onApply?.({ ...draft, rules });
  };

  return (
    <div data-testid="filter-builder" style={{ maxWidth: '100%' }}>
      <Space style={{ marginBottom: 8 }} wrap>
        <span>{t('filter.match')}</span>
        <Radio.Group value={draft.match} onChange={(e) => setDraft({ ...draft, match: e.target.value as 'and' | 'or' })} optionType="button" size="small">
          <Radio.Button value="and">{t('filter.all')}</Radio.Button>
          <Radio.Button value="or">{t('filter.any')}</Radio.Button>
        </Radio.Group>
      </Space>
      {draft.rules.map((rule, index) => {
        const field = fields.find((f) => f.path === rule.field);
        const ops = field ? operatorsFor(field.field, types) : [];
        return (
          <Space key={rule.id} wrap style={{ display: 'flex', marginBottom: 8 }} data-testid={`filter-rule-${index}`}>
            <Select
              data-testid={`filter-field-${index}`}
              showSearch
              optionFilterProp="label"
              placeholder={t('filter.field')}
              value={rule.field || undefined}
              onChange={(path: string) => update(rule.id, { field: path, op: '', value: undefined })}
              options={fields.map((f) => ({ value: f.path, label: f.label }))}
              style={{ width: 180 }}
              status={incomplete.includes(rule.id) && !rule.field ? 'error' : undefined}
            />
            <Select
              data-testid={`filter-op-${index}`}
              placeholder={t('filter.operator')}
              value={rule.op || undefined}
              onChange={(op: string) => update(rule.id, { op })}
              options={ops.map((op) => ({ value: op, label: t(`op.${op}` as 'op.eq', { defaultValue: op }) }))}
              style={{ width: 130 }}
              status={incomplete.includes(rule.id) && !rule.op ? 'error' : undefined}
            />
            <ValueEditor rule={rule} field={field} targets={targets} onChange={(v) => update(rule.id, { value: v })} />
            <Button icon={<DeleteOutlined />} aria-label={t('filter.remove')} onClick={() => setDraft({ ...draft, rules: draft.rules.filter((r) => r.id !== rule.id) })} />
          </Space>
        );
      })}
      {incomplete.length > 0 && <Alert type="warning" showIcon message={t('filter.incomplete')} style={{ marginBottom: 8 }} />}
      <Space wrap>
        <Button icon={<PlusOutlined />} onClick={() => setDraft({ ...draft, rules: [...draft.rules, newRule()] })} data-testid="filter-add">
          {t('filter.add')}
        </Button>
        {!onChange && (
          <>
            <Button
              onClick={() => {
                setDraft({ match: 'and', rules: [newRule()] });
                setIncomplete([]);
                onApply?.({ match: 'and', rules: [] });
              }}
            >
              {t('filter.clear')}
            </Button>
            <Button type="primary" onClick={apply} data-testid="filter-apply">
              {t('filter.apply')}
            </Button>
          </>
        )}
      </Space>
    </div>
  );
}
