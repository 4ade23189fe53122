// The message log (GET /notify/messages): every outgoing message with its status, the provider's answer
// and error, filterable by status; failed ones can be queued again.
import { useCallback, useMemo, useState } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import * as api from '../../api/notify';
import type { Message, MessageStatus } from '../../api/notify';
import { useAuth } from '../../auth/AuthContext';
import LoadMore from '../../components/LoadMore';
import { errorMessage } from '../../components/formErrors';
import { formatDateTime } from '../../components/format';
import { useCursorList } from '../../components/useCursorList';

const statuses: MessageStatus[] = ['pending', 'sent', 'failed', 'suppressed'];
const statusColor: Record<MessageStatus, string> = { pending: 'processing', sent: 'success', failed: 'error', suppressed: 'default' };

export default function MessageLog() {
  const { t, i18n } = useTranslation(['notify', 'rules', 'common']);
  const { user } = useAuth();
  const { message } = App.useApp();
  const [status, setStatus] = useState<MessageStatus | undefined>(undefined);
  const list = useCursorList(useCallback((cursor: string | null) => api.listMessages(status, cursor), [status]));

  const retry = useCallback(
    async (row: Message) => {
      try {
        list.replace((m) => m.id === row.id, await api.retryMessage(row.id));
        void message.success(t('notify:messages.retried'));
      } catch (caught) {
        void message.error(errorMessage(caught));
      }
    },
    [list, message, t],
  );

  const columns = useMemo<TableColumnsType<Message>>(
    () => [
      { title: t('notify:messages.time'), key: 'time', render: (_: unknown, m) => formatDateTime(m.sent_at ?? m.created_at, user?.org.time_zone, i18n.language) },
      { title: t('notify:messages.channel'), key: 'channel', render: (_: unknown, m) => t(`rules:channel.${m.channel}`) },
      { title: t('notify:messages.category'), key: 'category', render: (_: unknown, m) => t(`notify:messages.${m.category}`) },
      { title: t('notify:messages.recipient'), dataIndex: 'recipient_masked', key: 'recipient' },
      { title: t('notify:messages.status'), key: 'status', render: (_: unknown, m) => <Tag color={statusColor[m.status]}>{t(`notify:messages.${m.status}`)}</Tag> },
      { title: t('notify:messages.provider'), key: 'provider', render: (_: unknown, m) => [m.provider, m.provider_message_id].filter(Boolean).join(' · ') },
      {
        title: t('notify:messages.error'),
        key: 'error',
        render: (_: unknown, m) => (m.error_code || m.error_message ? <Typography.Text type="danger">{[m.error_code, m.error_message].filter(Boolean).join(' ')}</Typography.Text> : null),
      },
      { title: t('notify:messages.attempts'), dataIndex: 'attempts', key: 'attempts' },
      {
        title: t('notify:messages.record'),
        key: 'record',
        render: (_: unknown, m) => (m.entity && m.record_id !== null ? <Link to={`/data/${m.entity}/${m.record_id}`}>#{m.record_id}</Link> : null),
      },
      {
        key: 'retry',
        render: (_: unknown, m) =>
          m.status === 'failed' && (
            <Button type="link" size="small" onClick={() => void retry(m)} data-testid={`message-${m.id}-retry`}>
              {t('notify:messages.retry')}
            </Button>
          ),
      },
    ],
    [i18n.language, retry, t, user?.org.time_zone],
  );

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('notify:messages.status')}</span>
        <Select<MessageStatus | 'all'>
          value={status ?? 'all'}
          onChange={(next) => setStatus(next === 'all' ? undefined : next)}
          options={[{ value: 'all', label: t('notify:messages.all') }, ...statuses.map((s) => ({ value: s, label: t(`notify:messages.${s}`) }))]}
          style={{ width: 200 }}
          data-testid="message-status"
        />
        <Button icon={<ReloadOutlined />} onClick={() => void list.reload()} aria-label={t('common:action.reload')} />
      </Space>
      {list.error && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 12 }} />}
      <div data-testid="messages-table">
        <Table<Message>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={list.items}
          loading={list.loading && list.items.length === 0}
          pagination={false}
          scroll={{ x: 'max-content' }}
          footer={() => <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loading} onLoadMore={() => void list.loadMore()} />}
        />
      </div>
    </>
  );
}
