import { useEffect, useMemo, useState } from 'react';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import * as api from '../../../api/endpoints';
import type { Role, UserRow, UserStatus } from '../../../api/types';
import { useAuth } from '../../../auth/AuthContext';
import LoadMore from '../../../components/LoadMore';
import { formatDateTime } from '../../../components/format';
import { useCursorList } from '../../../components/useCursorList';
import CreateUserModal from './CreateUserModal';

const statusColor: Record<UserStatus, string> = { active: 'success', locked: 'warning', disabled: 'default' };

/** Role definitions for labels and the role picker; empty when the user may not read roles. */
function useRoles(enabled: boolean): Role[] {
  const [roles, setRoles] = useState<Role[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    api
      .listRoles()
      .then((reply) => live && setRoles(reply.items))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [enabled]);
  return roles;
}

export default function UsersPage() {
  const { t, i18n } = useTranslation(['system', 'common']);
  const { user, access } = useAuth();
  const list = useCursorList(api.listUsers);
  const roles = useRoles(access.canReadRoles);
  const [creating, setCreating] = useState(false);
  const timeZone = user?.org.time_zone;

  const columns = useMemo<TableColumnsType<UserRow>>(() => {
    const roleLabel = new Map(roles.map((role) => [role.name, role.label || role.name]));
    return [
      { title: t('system:users.username'), dataIndex: 'username', key: 'username' },
      { title: t('system:users.displayName'), dataIndex: 'display_name', key: 'display_name' },
      {
        title: t('system:users.status'),
        dataIndex: 'status',
        key: 'status',
        render: (status: UserStatus) => <Tag color={statusColor[status]}>{t(`system:status.${status}`)}</Tag>,
      },
      {
        title: t('system:users.roles'),
        dataIndex: 'roles',
        key: 'roles',
        render: (names: string[]) => names.map((name) => <Tag key={name}>{roleLabel.get(name) ?? name}</Tag>),
      },
      {
        title: t('system:users.branch'),
        dataIndex: 'branch_id',
        key: 'branch_id',
        render: (id: number | null) => (id === null ? t('system:users.allBranches') : `#${id}`),
      },
      {
        title: t('system:users.createdAt'),
        dataIndex: 'created_at',
        key: 'created_at',
        render: (at: string) => formatDateTime(at, timeZone, i18n.language),
      },
    ];
  }, [roles, t, timeZone, i18n.language]);

  return (
    <Card
      title={t('system:users.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void list.reload()} aria-label={t('common:action.retry')} />
          {access.canManageUsers && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-user">
              {t('system:users.create')}
            </Button>
          )}
        </Space>
      }
    >
      {list.error && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 16 }} />}
      <div data-testid="users-table">
        <Table<UserRow>
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
      {access.canManageUsers && (
        <CreateUserModal
          open={creating}
          roles={roles}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            void list.reload();
          }}
        />
      )}
    </Card>
  );
}
