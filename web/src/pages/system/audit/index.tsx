import { useMemo } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import * as api from '../../../api/endpoints';
import type { AuditEntry } from '../../../api/types';
import { useAuth } from '../../../auth/AuthContext';
import LoadMore from '../../../components/LoadMore';
import { formatDateTime } from '../../../components/format';
import { useCursorList } from '../../../components/useCursorList';

/** The audit log, newest first as the server sends it, one page at a time. */
export default function AuditPage() {
  const { t, i18n } = useTranslation(['system', 'common']);
  const { user } = useAuth();
  const list = useCursorList(api.listAudit);
  const timeZone = user?.org.time_zone;

  const columns = useMemo<TableColumnsType<AuditEntry>>(
    () => [
      {
        title: t('system:audit.at'),
        dataIndex: 'at',
        key: 'at',
        render: (at: string) => formatDateTime(at, timeZone, i18n.language),
      },
      { title: t('system:audit.actor'), dataIndex: 'actor', key: 'actor' },
      {
        title: t('system:audit.action'),
        dataIndex: 'action',
        key: 'action',
        render: (action: string) => <Typography.Text code>{action}</Typography.Text>,
      },
      { title: t('system:audit.target'), dataIndex: 'target', key: 'target' },
      { title: t('system:audit.ip'), dataIndex: 'ip', key: 'ip' },
    ],
    [t, timeZone, i18n.language],
  );

  return (
    <Card
      title={t('system:audit.title')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void list.reload()} aria-label={t('common:action.retry')} />
      }
    >
      {list.error && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 16 }} />}
      <div data-testid="audit-table">
        <Table<AuditEntry>
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.loading && list.items.length === 0}
          pagination={false}
          scroll={{ x: 'max-content' }}
          footer={() => (
            <LoadMore
              count={list.items.length}
              hasMore={list.hasMore}
              loading={list.loading}
              onLoadMore={() => void list.loadMore()}
            />
          )}
        />
      </div>
    </Card>
  );
}
