// /automation/channels: one card per outgoing channel (SMS, email, WeChat Work, webhook) with its provider
// settings and a test send, and the log of messages sent.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Card, Col, Row, Spin, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import * as api from '../../api/notify';
import type { ChannelName, ChannelSettings, Provider } from '../../api/notify';
import { errorMessage } from '../../components/formErrors';
import ChannelCard from './ChannelCard';
import MessageLog from './MessageLog';

const channels: ChannelName[] = ['sms', 'email', 'wecom', 'webhook'];

function Channels() {
  const [providers, setProviders] = useState<Provider[] | null>(null);
  const [stored, setStored] = useState<ChannelSettings[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const [p, c] = await Promise.all([api.listProviders(), api.listChannels()]);
      setProviders(p.items);
      setStored(c.items);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  if (error) return <Alert type="error" showIcon message={error} />;
  if (!providers) return <Spin />;
  return (
    <Row gutter={[16, 16]}>
      {channels.map((channel) => (
        <Col key={channel} xs={24} lg={12}>
          <ChannelCard
            channel={channel}
            stored={stored.find((c) => c.channel === channel)}
            providers={providers}
            onSaved={(saved) => setStored((list) => [...list.filter((c) => c.channel !== channel), saved])}
          />
        </Col>
      ))}
    </Row>
  );
}

export default function ChannelsPage() {
  const { t } = useTranslation('notify');
  return (
    <Card title={t('channels.title')}>
      <Typography.Paragraph type="secondary">{t('channels.intro')}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'channels', label: t('channels.title'), children: <Channels /> },
          { key: 'messages', label: <span data-testid="tab-messages">{t('messages.title')}</span>, children: <MessageLog /> },
        ]}
        destroyInactiveTabPane
      />
    </Card>
  );
}
