// One channel's settings: provider, its fields (secrets as password inputs, "********" once stored), on/off,
// rate per minute, quiet hours; save; and a test send showing the provider's answer.
import { useState } from 'react';
import { SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Divider, Form, Input, InputNumber, Select, Space, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import * as api from '../../api/notify';
import type { ChannelName, ChannelSettings, Provider, TestResult } from '../../api/notify';
import { errorMessage } from '../../components/formErrors';
import { channelInput, formValues, isStoredSecret, missingFields } from './channelForm';
import type { ChannelFormValues } from './channelForm';

function TestSend({ channel }: { channel: ChannelName }) {
  const { t } = useTranslation('notify');
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [result, setResult] = useState<TestResult | { error: string } | null>(null);
  const [sending, setSending] = useState(false);
  const send = async () => {
    setSending(true);
    try {
      setResult(await api.testChannel(channel, to.trim(), text.trim() || undefined));
    } catch (caught) {
      setResult({ error: errorMessage(caught) });
    } finally {
      setSending(false);
    }
  };
  return (
    <>
      <Space.Compact style={{ width: '100%' }}>
        <Input value={to} onChange={(e) => setTo(e.target.value)} placeholder={t('channels.testTo')} data-testid={`test-to-${channel}`} />
        <Button icon={<SendOutlined />} disabled={!to.trim()} loading={sending} onClick={() => void send()} data-testid={`test-send-${channel}`}>
          {t('channels.test')}
        </Button>
      </Space.Compact>
      <Input value={text} onChange={(e) => setText(e.target.value)} placeholder={t('channels.testText')} style={{ marginTop: 8 }} />
      {result && 'error' in result && <Alert type="error" showIcon message={result.error} style={{ marginTop: 8 }} />}
      {result && 'outcome' in result && (
        <Alert
          type={result.outcome === 'sent' ? 'success' : result.outcome === 'retry' ? 'warning' : 'error'}
          showIcon
          message={t(`channels.${result.outcome}`)}
          description={
            <>
              {result.provider_message_id && <div>{t('channels.providerId', { id: result.provider_message_id })}</div>}
              {(result.error_code || result.error_message) && <div>{t('channels.providerError', { code: result.error_code ?? '', message: result.error_message ?? '' })}</div>}
            </>
          }
          style={{ marginTop: 8 }}
          data-testid={`test-result-${channel}`}
        />
      )}
    </>
  );
}

export default function ChannelCard({ channel, stored, providers, onSaved }: {
  channel: ChannelName;
  stored: ChannelSettings | undefined;
  providers: Provider[];
  onSaved: (saved: ChannelSettings) => void;
}) {
  const { t } = useTranslation(['notify', 'common']);
  const { message } = App.useApp();
  const mine = providers.filter((p) => p.channel === channel);
  const [values, setValues] = useState<ChannelFormValues>(() => formValues(stored, mine.find((p) => p.provider === stored?.provider) ?? (mine.length === 1 ? mine[0] : undefined)));
  const [missing, setMissing] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const provider = mine.find((p) => p.provider === values.provider);
  const set = (change: Partial<ChannelFormValues>) => setValues((v) => ({ ...v, ...change }));

  const save = async () => {
    if (!provider) return;
    const absent = missingFields(values, provider);
    setMissing(absent);
    if (absent.length > 0) return;
    setSaving(true);
    setError(null);
    try {
      const saved = await api.saveChannel(channel, channelInput(values, provider));
      setValues(formValues(saved, provider));
      onSaved(saved);
      void message.success(t('notify:channels.saved', { channel: t(`notify:channels.${channel}`) }));
    } catch (caught) {
      const fields = isApiError(caught) ? caught.details.fields : undefined;
      const detail = fields && typeof fields === 'object' ? ` (${Object.keys(fields).join(', ')})` : '';
      setError(`${errorMessage(caught)}${detail}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      size="small"
      title={t(`notify:channels.${channel}`)}
      extra={stored ? <Tag color={stored.enabled ? 'success' : 'default'}>{stored.provider}</Tag> : <Tag>{t('notify:channels.notSet')}</Tag>}
      data-testid={`channel-${channel}`}
      style={{ height: '100%' }}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form layout="vertical" component="div">
        <Form.Item label={t('notify:channels.provider')}>
          <Select
            value={values.provider}
            placeholder={t('notify:channels.providerPlaceholder')}
            onChange={(name: string) => setValues({ ...formValues(stored, mine.find((p) => p.provider === name)), enabled: values.enabled })}
            options={mine.map((p) => ({ value: p.provider, label: p.label }))}
            data-testid={`provider-${channel}`}
          />
        </Form.Item>
        {provider?.fields.map((field) => {
          const value = values.config[field.name] ?? '';
          const change = (next: string) => set({ config: { ...values.config, [field.name]: next } });
          const bad = missing.includes(field.name);
          return (
            <Form.Item
              key={field.name}
              label={field.label}
              required={field.required}
              validateStatus={bad ? 'error' : undefined}
              help={bad ? t('notify:channels.required', { label: field.label }) : field.secret && isStoredSecret(value) ? t('notify:channels.secretStored') : undefined}
            >
              {field.secret ? (
                <Input.Password value={value} onChange={(e) => change(e.target.value)} autoComplete="new-password" data-testid={`config-${channel}-${field.name}`} />
              ) : (
                <Input value={value} onChange={(e) => change(e.target.value)} data-testid={`config-${channel}-${field.name}`} />
              )}
            </Form.Item>
          );
        })}
        {provider && (
          <>
            <Space wrap align="start">
              <Form.Item label={t('notify:channels.enabled')}>
                <Switch checked={values.enabled} onChange={(enabled) => set({ enabled })} />
              </Form.Item>
              <Form.Item label={t('notify:channels.rate')}>
                <InputNumber min={1} max={100000} precision={0} value={values.rate_per_minute} onChange={(n) => set({ rate_per_minute: n })} />
              </Form.Item>
            </Space>
            <Form.Item label={t('notify:channels.quiet')}>
              <Space wrap>
                <Input type="time" value={values.quiet_start} onChange={(e) => set({ quiet_start: e.target.value })} aria-label={t('notify:channels.quietStart')} style={{ width: 120 }} />
                —
                <Input type="time" value={values.quiet_end} onChange={(e) => set({ quiet_end: e.target.value })} aria-label={t('notify:channels.quietEnd')} style={{ width: 120 }} />
              </Space>
            </Form.Item>
            <Button type="primary" loading={saving} onClick={() => void save()} data-testid={`save-${channel}`}>
              {t('notify:channels.save')}
            </Button>
          </>
        )}
      </Form>
      {stored && (
        <>
          <Divider style={{ margin: '16px 0 12px' }} />
          <TestSend channel={channel} />
        </>
      )}
    </Card>
  );
}
