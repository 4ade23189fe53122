// The actions that change data or call out: add/remove a tag, change a field, create a record in another
// form, call a webhook (JSON body with variables).
import { useState } from 'react';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Action } from '../../../api/rules';
import type { Entity } from '../../../api/schema';
import { ValueEditor } from '../../../forms/components/FilterBuilder';
import { isEditable } from '../../../forms/fieldKinds';
import { fieldsOfTypes, tagFieldTypes } from '../draft';

type Of<T extends Action['type']> = Extract<Action, { type: T }>;
interface EditorProps<A> {
  action: A;
  entity: Entity | undefined;
  entities: readonly Entity[];
  targets: Record<string, Entity | undefined>;
  onChange: (a: Action) => void;
}

const options = (entity: Entity | undefined) =>
  (entity?.fields ?? []).filter((f) => isEditable(f) && f.type !== 'sub_form').map((f) => ({ value: f.name, label: f.label }));

export function TagAction({ action, entity, onChange }: EditorProps<Of<'add_tag' | 'remove_tag'>>) {
  const { t } = useTranslation('rules');
  return (
    <Space wrap>
      <Form.Item label={t('action.tagField')} required>
        <Select value={action.field || undefined} onChange={(field: string) => onChange({ ...action, field })} options={fieldsOfTypes(entity, tagFieldTypes).map((f) => ({ value: f.name, label: f.label }))} style={{ width: 180 }} />
      </Form.Item>
      <Form.Item label={t('action.tag')} required>
        <Input value={action.tag} onChange={(e) => onChange({ ...action, tag: e.target.value })} style={{ width: 180 }} />
      </Form.Item>
    </Space>
  );
}

export function UpdateFieldAction({ action, entity, targets, onChange }: EditorProps<Of<'update_field'>>) {
  const { t } = useTranslation('rules');
  const field = entity?.fields.find((f) => f.name === action.field);
  return (
    <Space wrap align="start">
      <Form.Item label={t('action.field')} required>
        <Select value={action.field || undefined} onChange={(name: string) => onChange({ ...action, field: name, value: null })} options={options(entity)} style={{ width: 180 }} showSearch optionFilterProp="label" />
      </Form.Item>
      {field && (
        <Form.Item label={t('action.value')}>
          <ValueEditor rule={{ id: 'set', field: field.name, op: 'eq', value: action.value }} field={{ path: field.name, label: field.label, field }} targets={targets} onChange={(value) => onChange({ ...action, value })} />
        </Form.Item>
      )}
    </Space>
  );
}

export function CreateRecordAction({ action, entities, onChange }: EditorProps<Of<'create_record'>>) {
  const { t } = useTranslation('rules');
  const target = entities.find((e) => e.name === action.entity);
  const rows = Object.entries(action.values);
  const set = (next: [string, unknown][]) => onChange({ ...action, values: Object.fromEntries(next) });
  return (
    <>
      <Form.Item label={t('action.targetEntity')} required>
        <Select value={action.entity || undefined} onChange={(name: string) => onChange({ ...action, entity: name, values: {} })} options={entities.map((e) => ({ value: e.name, label: e.label }))} style={{ width: 220 }} showSearch optionFilterProp="label" />
      </Form.Item>
      {target && (
        <Form.Item label={t('action.values')}>
          {rows.map(([name, value], i) => (
            <Space key={i} wrap style={{ display: 'flex', marginBottom: 8 }}>
              <Select value={name || undefined} onChange={(field: string) => set(rows.map((r, j) => (j === i ? [field, r[1]] : r)))} options={options(target).filter((o) => o.value === name || !(o.value in action.values))} style={{ width: 160 }} />
              <Input value={typeof value === 'string' ? value : JSON.stringify(value)} onChange={(e) => set(rows.map((r, j) => (j === i ? [r[0], e.target.value] : r)))} style={{ width: 240 }} />
              <Button icon={<DeleteOutlined />} onClick={() => set(rows.filter((_, j) => j !== i))} />
            </Space>
          ))}
          <Button size="small" icon={<PlusOutlined />} disabled={rows.some(([n]) => !n)} onClick={() => set([...rows, ['', '']])}>
            {t('action.addValue')}
          </Button>
        </Form.Item>
      )}
    </>
  );
}

export function WebhookAction({ action, onChange }: EditorProps<Of<'webhook'>>) {
  const { t } = useTranslation('rules');
  const [text, setText] = useState(action.body === undefined ? '' : JSON.stringify(action.body, null, 2));
  const [bad, setBad] = useState(false);
  const setBody = (next: string) => {
    setText(next);
    if (!next.trim()) {
      setBad(false);
      const { body: _old, ...rest } = action;
      onChange(rest);
      return;
    }
    try {
      onChange({ ...action, body: JSON.parse(next) as unknown });
      setBad(false);
    } catch {
      setBad(true);
    }
  };
  return (
    <>
      <Form.Item label={t('action.url')} required>
        <Input value={action.url} onChange={(e) => onChange({ ...action, url: e.target.value })} placeholder="https://" style={{ maxWidth: 420 }} />
      </Form.Item>
      <Form.Item label={t('action.webhookBody')} validateStatus={bad ? 'error' : undefined} help={bad ? t('action.badJson') : undefined}>
        <Input.TextArea value={text} onChange={(e) => setBody(e.target.value)} autoSize={{ minRows: 3, maxRows: 10 }} style={{ fontFamily: 'monospace' }} />
      </Form.Item>
    </>
  );
}
