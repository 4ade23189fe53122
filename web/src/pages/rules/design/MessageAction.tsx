// 发送消息: channel, service or marketing, recipient (default: the record's phone/email), subject for email,
// the message with variables and a preview, and for SMS the provider's template code and parameters.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Action, Channel, Recipient } from '../../../api/rules';
import type { Entity } from '../../../api/schema';
import MessageEditor from './MessageEditor';
import { FixedUserPicker, RolePicker, UserFieldPicker } from './people';
import type { RuleDesigner } from './useRuleDesigner';

type MessageAction = Extract<Action, { type: 'send_message' }>;
type ToKind = 'default' | 'field' | 'user_field' | 'role' | 'user_id';

const channels: Channel[] = ['sms', 'email', 'wecom', 'in_app'];
const contactTypes = ['phone', 'email', 'text'];

function toKind(to: Recipient | undefined): ToKind {
  if (!to) return 'default';
  return (Object.keys(to)[0] as ToKind | undefined) ?? 'default';
}

/** Fields that can hold an address: the record's own, then those of the records its relations point at. */
function contactFields(entity: Entity | undefined, targets: Record<string, Entity | undefined>) {
  const own = (entity?.fields ?? []).filter((f) => !f.retired);
  const result = own.filter((f) => contactTypes.includes(f.type)).map((f) => ({ value: f.name, label: f.label }));
  for (const relation of own.filter((f) => f.type === 'relation' && f.options.target)) {
    for (const f of targets[relation.options.target as string]?.fields ?? []) {
      if (!f.retired && contactTypes.includes(f.type)) result.push({ value: `${relation.name}.${f.name}`, label: `${relation.label} › ${f.label}` });
    }
  }
  return result;
}

function SmsParams({ params, onChange }: { params: Record<string, string>; onChange: (p: Record<string, string>) => void }) {
  const { t } = useTranslation('rules');
  const rows = Object.entries(params);
  const set = (next: [string, string][]) => onChange(Object.fromEntries(next));
  return (
    <>
      {rows.map(([name, value], i) => (
        <Space key={i} style={{ display: 'flex', marginBottom: 8 }} wrap>
          <Input value={name} placeholder={t('action.smsParamName')} onChange={(e) => set(rows.map((r, j) => (j === i ? [e.target.value, r[1]] : r)))} style={{ width: 140 }} />
          <Input value={value} placeholder={t('action.smsParamValue')} onChange={(e) => set(rows.map((r, j) => (j === i ? [r[0], e.target.value] : r)))} style={{ width: 220 }} />
          <Button icon={<DeleteOutlined />} onClick={() => set(rows.filter((_, j) => j !== i))} />
        </Space>
      ))}
      <Button size="small" icon={<PlusOutlined />} disabled={rows.some(([n]) => !n)} onClick={() => set([...rows, ['', '']])}>
        {t('action.addParam')}
      </Button>
    </>
  );
}

export default function MessageActionEditor({ action, index, d, onChange }: { action: MessageAction; index: number; d: RuleDesigner; onChange: (a: Action) => void }) {
  const { t } = useTranslation('rules');
  const kind = toKind(action.to);
  const setTo = (to: Recipient | undefined) => {
    const { to: _old, ...rest } = action;
    onChange(to ? { ...rest, to } : rest);
  };
  const kinds: ToKind[] = action.channel === 'in_app' ? ['user_field', 'role', 'user_id'] : ['default', 'field', 'user_field', 'role', 'user_id'];
  const kindLabel: Record<ToKind, string> = {
    default: t('action.toDefault'),
    field: t('action.toField'),
    user_field: t('action.toUserField'),
    role: t('action.toRole'),
    user_id: t('action.toUser'),
  };
  return (
    <>
      <Form.Item label={t('action.channel')}>
        <Radio.Group
          value={action.channel}
          onChange={(e) => {
            const channel = e.target.value as Channel;
            const inApp = channel === 'in_app';
            onChange({ ...action, channel, ...(inApp && (kind === 'default' || kind === 'field') ? { to: { user_field: '' } } : {}) });
          }}
          optionType="button"
          options={channels.map((c) => ({ value: c, label: <span data-testid={`action-${index}-channel-${c}`}>{t(`channel.${c}`)}</span> }))}
        />
      </Form.Item>
      <Form.Item label={t('action.category')} extra={action.category === 'marketing' ? t('action.marketingHint') : undefined}>
        <Radio.Group
          value={action.category}
          onChange={(e) => onChange({ ...action, category: e.target.value as MessageAction['category'] })}
          options={[
            { value: 'service', label: t('action.service') },
            { value: 'marketing', label: t('action.marketing') },
          ]}
        />
      </Form.Item>
      <Form.Item label={t('action.to')}>
        <Space wrap>
          <Select<ToKind>
            value={kind}
            onChange={(next) => setTo(next === 'default' ? undefined : next === 'user_id' ? { user_id: 0 } : ({ [next]: '' } as Recipient))}
            options={kinds.map((k) => ({ value: k, label: kindLabel[k] }))}
            style={{ width: 220 }}
            data-testid={`action-${index}-to-kind`}
          />
          {action.to && 'field' in action.to && (
            <Select value={action.to.field || undefined} onChange={(field: string) => setTo({ field })} options={contactFields(d.entity, d.targets)} style={{ minWidth: 180 }} />
          )}
          {action.to && 'user_field' in action.to && <UserFieldPicker entity={d.entity} value={action.to.user_field} onChange={(f) => setTo({ user_field: f })} />}
          {action.to && 'role' in action.to && <RolePicker value={action.to.role} onChange={(role) => setTo({ role })} />}
          {action.to && 'user_id' in action.to && <FixedUserPicker value={action.to.user_id || undefined} onChange={(id) => setTo({ user_id: id ?? 0 })} />}
        </Space>
      </Form.Item>
      {action.channel === 'email' && (
        <Form.Item label={t('action.subject')}>
          <MessageEditor value={action.subject ?? ''} onChange={(subject) => onChange({ ...action, subject })} variables={d.variables} entity={d.entity} testId={`action-${index}-subject`} rows={1} />
        </Form.Item>
      )}
      <Form.Item label={t('action.template')} required>
        <MessageEditor value={action.template} onChange={(template) => onChange({ ...action, template })} variables={d.variables} entity={d.entity} testId={`action-${index}-template`} preview />
      </Form.Item>
      {action.channel === 'sms' && (
        <>
          <Form.Item label={t('action.smsTemplateId')}>
            <Input value={action.sms_template_id ?? ''} onChange={(e) => onChange({ ...action, sms_template_id: e.target.value })} style={{ maxWidth: 240 }} />
          </Form.Item>
          {action.sms_template_id?.trim() && (
            <Form.Item label={t('action.smsParams')}>
              <SmsParams params={action.sms_params ?? {}} onChange={(sms_params) => onChange({ ...action, sms_params })} />
            </Form.Item>
          )}
        </>
      )}
    </>
  );
}
