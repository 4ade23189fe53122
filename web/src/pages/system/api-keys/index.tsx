import { useCallback, useEffect, useMemo, useState } from 'react';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import * as api from '../../../api/endpoints';
import type { ApiKey, NewApiKey } from '../../../api/types';
import { useAuth } from '../../../auth/AuthContext';
import { errorMessage } from '../../../components/formErrors';
import { formatDateTime } from '../../../components/format';
import CreateApiKeyModal from './CreateApiKeyModal';
import NewKeyModal from './NewKeyModal';

/** The organisation's API keys: name, prefix, when created and last used, and whether revoked. A new key is
 *  shown once, right after it is created; revoking cannot be undone. */
export default function ApiKeysPage() {
  const { t, i18n } = useTranslation(['system', 'common']);
  const { user } = useAuth();
  const { message } = App.useApp();
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const timeZone = user?.org.time_zone;

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setKeys((await api.listApiKeys()).items);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const revoke = useCallback(
    async (key: ApiKey) => {
      try {
        await api.revokeApiKey(key.id);
        void message.success(t('system:apiKeys.revoked', { name: key.name }));
      } catch (caught) {
        void message.error(errorMessage(caught));
      }
      await load();
    },
    [load, message, t],
  );

  const columns = useMemo<TableColumnsType<ApiKey>>(() => {
    const at = (iso: string) => formatDateTime(iso, timeZone, i18n.language);
    return [
      { title: t('system:apiKeys.name'), dataIndex: 'name', key: 'name' },
      {
        title: t('system:apiKeys.prefix'),
        dataIndex: 'prefix',
        key: 'prefix',
        render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text>,
      },
      { title: t('system:apiKeys.createdAt'), dataIndex: 'created_at', key: 'created_at', render: at },
      {
        title: t('system:apiKeys.lastUsedAt'),
        dataIndex: 'last_used_at',
        key: 'last_used_at',
        render: (used: string | null) => (used ? at(used) : t('system:apiKeys.neverUsed')),
      },
      {
        title: t('system:apiKeys.status'),
        dataIndex: 'revoked_at',
        key: 'status',
        render: (revoked: string | null) =>
          revoked ? (
            <Tag color="default">{t('system:apiKeys.revokedAt', { at: at(revoked) })}</Tag>
          ) : (
            <Tag color="success">{t('system:apiKeys.active')}</Tag>
          ),
      },
      {
        title: t('system:apiKeys.actions'),
        key: 'actions',
        render: (_: unknown, key: ApiKey) =>
          key.revoked_at === null && (
            <Popconfirm
              title={t('system:apiKeys.revokeConfirm', { name: key.name })}
              okText={t('system:apiKeys.revoke')}
              okButtonProps={{ danger: true }}
              cancelText={t('common:action.cancel')}
              onConfirm={() => revoke(key)}
            >
              <Button type="link" size="small" danger data-testid={`api-key-${key.id}-revoke`}>
                {t('system:apiKeys.revoke')}
              </Button>
            </Popconfirm>
          ),
      },
    ];
  }, [i18n.language, revoke, t, timeZone]);

  return (
    <Card
      title={t('system:apiKeys.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common:action.retry')} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-api-key">
            {t('system:apiKeys.create')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('system:apiKeys.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <div data-testid="api-keys-table">
        <Table<ApiKey>
          rowKey="id"
          columns={columns}
          dataSource={keys}
          loading={loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      </div>
      <CreateApiKeyModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(reply) => {
          setCreating(false);
          setCreated(reply);
          void load();
        }}
      />
      {created && <NewKeyModal created={created} onClose={() => setCreated(null)} />}
    </Card>
  );
}
