import { useCallback, useMemo, useState } from 'react';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import * as api from '../../../api/endpoints';
import type { UserRow, UserStatus } from '../../../api/types';
import { useAuth } from '../../../auth/AuthContext';
import LoadMore from '../../../components/LoadMore';
import { formatDateTime } from '../../../components/format';
import { useCursorList } from '../../../components/useCursorList';
import CreateUserModal from './CreateUserModal';
import EditUserModal from './EditUserModal';
import ResetPasswordModal from './ResetPasswordModal';
import UserActions from './UserActions';
import { useBranches, useRoles } from './useOrgLists';
import { useSaveFailure } from './useSaveFailure';

const statusColor: Record<UserStatus, string> = { active: 'success', locked: 'warning', disabled: 'default' };

export default function UsersPage() {
  const { t, i18n } = useTranslation(['system', 'common']);
  const { user, access } = useAuth();
  const list = useCursorList(api.listUsers);
  const roles = useRoles(access.canReadRoles);
  const branches = useBranches();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [resetting, setResetting] = useState<UserRow | null>(null);
  const timeZone = user?.org.time_zone;
  const { reload, replace } = list;

  const showSaved = useCallback((saved: UserRow) => replace((row) => row.id === saved.id, saved), [replace]);
  const onFailed = useSaveFailure(
    useCallback(() => {
      setEditing(null);
      void reload();
    }, [reload]),
  );

  const columns = useMemo<TableColumnsType<UserRow>>(() => {
    const roleLabel = new Map(roles.map((role) => [role.name, role.label || role.name]));
    const branchName = new Map(branches.map((branch) => [branch.id, branch.name]));
    const columns: TableColumnsType<UserRow> = [
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
        render: (id: number | null) =>
          id === null ? t('system:users.allBranches') : (branchName.get(id) ?? `#${id}`),
      },
      {
        title: t('system:users.createdAt'),
        dataIndex: 'created_at',
        key: 'created_at',
        render: (at: string) => formatDateTime(at, timeZone, i18n.language),
      },
    ];
    if (!access.canManageUsers) return columns;
    return [
      ...columns,
      {
        title: t('system:users.actions'),
        key: 'actions',
        render: (_: unknown, row: UserRow) => (
          <UserActions
            row={row}
            isSelf={row.id === user?.id}
            onEdit={() => setEditing(row)}
            onResetPassword={() => setResetting(row)}
            onSaved={showSaved}
            onFailed={onFailed}
          />
        ),
      },
    ];
  }, [roles, branches, t, timeZone, i18n.language, access.canManageUsers, user?.id, showSaved, onFailed]);

  return (
    <Card
      title={t('system:users.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void reload()} aria-label={t('common:action.retry')} />
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
        <>
          <CreateUserModal
            open={creating}
            roles={roles}
            branches={branches}
            onClose={() => setCreating(false)}
            onCreated={() => {
              setCreating(false);
              void reload();
            }}
          />
          <EditUserModal
            row={editing}
            roles={roles}
            onClose={() => setEditing(null)}
            onSaved={(saved) => {
              setEditing(null);
              showSaved(saved);
            }}
            onFailed={onFailed}
          />
          <ResetPasswordModal
            row={resetting}
            onClose={() => setResetting(null)}
            onDone={(row) => {
              setResetting(null);
              // The reset bumps the row's version (and may clear a lock): show the row as it is now.
              api.getUser(row.id).then(showSaved, () => void reload());
            }}
          />
        </>
      )}
    </Card>
  );
}
