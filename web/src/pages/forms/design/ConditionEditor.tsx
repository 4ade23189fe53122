// The condition builder of visible_if / editable_if: an AND of (field, operator, value) over the other
// fields of the form. A stored tree it cannot show (or / not / nesting) is shown read-only as JSON and
// can only be cleared.
import { useState } from 'react';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Entity, FieldType, FilterNode } from '../../../api/schema';
import { newRuleId, rulesFromTree, treeFromRules } from '../../../forms/conditionBuilder';
import { operatorsFor } from '../../../forms/filter';
import type { FilterableField, FilterRule } from '../../../forms/filter';
import { ValueEditor } from '../../../forms/components/FilterBuilder';

interface Props {
  /** "visible_if" or "editable_if", for test ids. */
  option: string;
  value: FilterNode | undefined;
  fields: FilterableField[];
  types: FieldType[];
  targets: Record<string, Entity | undefined>;
  onChange: (tree: FilterNode | undefined) => void;
}

export default function ConditionEditor({ option, value, fields, types, targets, onChange }: Props) {
  const { t } = useTranslation(['forms', 'records']);
  const [rules, setRules] = useState<FilterRule[] | null>(() => rulesFromTree(value, fields));
  const [incomplete, setIncomplete] = useState<string[]>([]);

  if (rules === null) {
    return (
      <div data-testid={`${option}-readonly`}>
        <Typography.Text type="secondary">{t('forms:cond.complex')}</Typography.Text>
        <pre style={{ whiteSpace: 'pre-wrap', margin: '4px 0', fontSize: 12 }}>{JSON.stringify(value, null, 2)}</pre>
        <Button size="small" danger onClick={() => { setRules([]); onChange(undefined); }} data-testid={`${option}-clear`}>
          {t('forms:cond.clear')}
        </Button>
      </div>
    );
  }

  const commit = (next: FilterRule[]) => {
    setRules(next);
    const built = treeFromRules(next, fields);
    // A rule just added (nothing chosen yet) is not a problem yet.
    setIncomplete(built.incomplete.filter((id) => next.some((r) => r.id === id && (r.field || r.op))));
    onChange(built.tree);
  };
  const update = (id: string, change: Partial<FilterRule>) => commit(rules.map((r) => (r.id === id ? { ...r, ...change } : r)));

  return (
    <div data-testid={`${option}-editor`}>
      {rules.length === 0 && <Typography.Text type="secondary">{t('forms:cond.always')}</Typography.Text>}
      {rules.map((rule, index) => {
        const field = fields.find((f) => f.path === rule.field);
        const ops = field ? operatorsFor(field.field, types) : [];
        return (
          <Space key={rule.id} wrap size={4} style={{ display: 'flex', marginBottom: 4 }}>
            {index > 0 && <Typography.Text type="secondary">{t('forms:cond.and')}</Typography.Text>}
            <Select
              data-testid={`${option}-field-${index}`}
              showSearch
              optionFilterProp="label"
              placeholder={t('records:filter.field')}
              value={rule.field || undefined}
              onChange={(path: string) => update(rule.id, { field: path, op: '', value: undefined })}
              options={fields.map((f) => ({ value: f.path, label: f.label }))}
              style={{ width: 130 }}
              status={incomplete.includes(rule.id) && !rule.field ? 'error' : undefined}
            />
            <Select
              data-testid={`${option}-op-${index}`}
              placeholder={t('records:filter.operator')}
              value={rule.op || undefined}
              onChange={(op: string) => update(rule.id, { op, value: op === 'between' ? [undefined, undefined] : rule.value })}
              options={ops.map((op) => ({ value: op, label: t(`records:op.${op}` as 'records:op.eq', { defaultValue: op }) }))}
              style={{ width: 110 }}
              status={incomplete.includes(rule.id) && !rule.op ? 'error' : undefined}
            />
            <ValueEditor rule={rule} field={field} targets={targets} onChange={(v) => update(rule.id, { value: v })} />
            <Button size="small" icon={<DeleteOutlined />} aria-label={t('records:filter.remove')} onClick={() => commit(rules.filter((r) => r.id !== rule.id))} />
          </Space>
        );
      })}
      {incomplete.length > 0 && <Alert type="warning" showIcon message={t('forms:cond.incomplete')} style={{ margin: '4px 0' }} />}
      <Button size="small" icon={<PlusOutlined />} onClick={() => commit([...rules, { id: newRuleId(), field: '', op: '' }])} data-testid={`${option}-add`}>
        {t('forms:cond.add')}
      </Button>
    </div>
  );
}
