import { useCallback, useEffect, useMemo, useState } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { allPermissions } from '../../../access';
import * as api from '../../../api/endpoints';
import type { Grant, Permission, Role } from '../../../api/types';
import { errorMessage } from '../../../components/formErrors';

/** Read-only list of the organisation's roles and what each grants, and how far (全部/门店/部门/本人). */
export default function RolesPage() {
  const { t, i18n } = useTranslation(['system', 'common']);
  const [roles, setRoles] = useState<Role[]>([]);
  const [permissions, setPermissions] = useState<Permission[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  // Permission labels come localised by Accept-Language, so they are fetched again when the language changes.
  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const [roleList, permissionList] = await Promise.all([api.listRoles(), api.listPermissions()]);
      setRoles(roleList.items);
      setPermissions(permissionList.items);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load, i18n.language]);

  const columns = useMemo<TableColumnsType<Role>>(() => {
    const labels = new Map(permissions.map((permission) => [permission.name, permission.label]));
    const grantTag = (grant: Grant) => {
      const everything = grant.permission === allPermissions;
      const label = everything ? t('system:roles.all') : (labels.get(grant.permission) ?? grant.permission);
      return (
        <Tag key={grant.permission} color={everything ? 'magenta' : undefined} title={grant.permission}>
          {label} · {t(`system:scope.${grant.scope}`)}
        </Tag>
      );
    };
    return [
      { title: t('system:roles.label'), dataIndex: 'label', key: 'label' },
      { title: t('system:roles.name'), dataIndex: 'name', key: 'name' },
      {
        title: t('system:roles.grants'),
        dataIndex: 'grants',
        key: 'grants',
        render: (grants: Grant[]) => grants.map(grantTag),
      },
    ];
  }, [permissions, t]);

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
