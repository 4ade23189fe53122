import { useCallback, useEffect, useMemo, useState } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { allPermissions } from '../../../access';
import * as api from '../../../api/endpoints';
import type { Role } from '../../../api/types';
import { errorMessage } from '../../../components/formErrors';

/** Read-only list of the organisation's roles and what each grants. */
export default function RolesPage() {
  const { t } = useTranslation(['system', 'common']);
  const [roles, setRoles] = useState<Role[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setRoles((await api.listRoles()).items);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const columns = useMemo<TableColumnsType<Role>>(
    () => [
      { title: t('system:roles.label'), dataIndex: 'label', key: 'label' },
      { title: t('system:roles.name'), dataIndex: 'name', key: 'name' },
      {
        title: t('system:roles.permissions'),
        dataIndex: 'permissions',
        key: 'permissions',
        render: (permissions: string[]) =>
          permissions.map((permission) =>
            permission === allPermissions ? (
              <Tag key={permission} color="magenta">
                {t('system:roles.all')}
              </Tag>
            ) : (
              <Tag key={permission}>{permission}</Tag>
            ),
          ),
      },
    ],
    [t],
  );

  return (
    <Card
      title={t('system:roles.title')}
      extra={<Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common:action.retry')} />}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <div data-testid="roles-table">
        <Table<Role>
          rowKey="id"
          columns={columns}
          dataSource={roles}
          loading={loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      </div>
    </Card>
  );
}
