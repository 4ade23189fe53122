// The webhook trigger's settings: which key of the posted JSON fills which field, the field that finds an
// existing record to update, and an optional signing secret.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Trigger } from '../../../api/rules';
import type { Field } from '../../../api/schema';

type WebhookTrigger = Extract<Trigger, { type: 'webhook' }>;

export default function MappingEditor({ trigger, fields, onChange }: { trigger: WebhookTrigger; fields: Field[]; onChange: (t: Trigger) => void }) {
  const { t } = useTranslation('rules');
  const rows = Object.entries(trigger.mapping ?? {});
  const setRows = (next: [string, string][]) => onChange({ ...trigger, mapping: Object.fromEntries(next) });
  const options = fields.map((f) => ({ value: f.name, label: f.label }));
  return (
    <>
      <Typography.Paragraph type="secondary">{t('trigger.webhookHint')}</Typography.Paragraph>
      <Form.Item label={t('trigger.mapping')}>
        {rows.map(([field, key], index) => (
          <Space key={index} wrap style={{ display: 'flex', marginBottom: 8 }}>
            <Select
              value={field || undefined}
              onChange={(name: string) => setRows(rows.map((r, i) => (i === index ? [name, r[1]] : r)))}
              options={options.filter((o) => o.value === field || !(o.value in (trigger.mapping ?? {})))}
              style={{ width: 160 }}
            />
            <Input value={key} onChange={(e) => setRows(rows.map((r, i) => (i === index ? [r[0], e.target.value] : r)))} placeholder={t('trigger.mappingKey')} style={{ width: 220 }} />
            <Button icon={<DeleteOutlined />} onClick={() => setRows(rows.filter((_, i) => i !== index))} />
          </Space>
        ))}
        <Button
          icon={<PlusOutlined />}
          disabled={rows.some(([field]) => !field)}
          onClick={() => setRows([...rows, ['', '']])}
        >
          {t('action.addValue')}
        </Button>
      </Form.Item>
      <Form.Item label={t('trigger.matchField')}>
        <Select
          allowClear
          value={trigger.match_field}
          onChange={(name: string | undefined) => onChange({ ...trigger, match_field: name })}
          options={options}
          style={{ maxWidth: 240 }}
        />
      </Form.Item>
      <Form.Item label={t('trigger.secret')}>
        <Input.Password value={trigger.secret ?? ''} onChange={(e) => onChange({ ...trigger, secret: e.target.value })} style={{ maxWidth: 320 }} autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
