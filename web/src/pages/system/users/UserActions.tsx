import { App, Button, Popconfirm, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import * as api from '../../../api/endpoints';
import type { UserRow, UserStatus } from '../../../api/types';

/** The row's links: 编辑, 重置密码, and the status changes its status allows. Locking and disabling ask first;
 *  unlocking and enabling do not. Every change sends the row's version. Status changes are not offered on
 *  the signed-in user's own row: locking or disabling oneself would end the session mid-task. */
export default function UserActions({ row, isSelf, onEdit, onResetPassword, onSaved, onFailed }: {
  row: UserRow;
  isSelf: boolean;
  onEdit: () => void;
  onResetPassword: () => void;
  onSaved: (saved: UserRow) => void;
  onFailed: (caught: unknown) => void;
}) {
  const { t } = useTranslation(['system', 'common']);
  const { message } = App.useApp();
  const name = row.display_name || row.username;
  const testId = (action: string) => `user-${row.username}-${action}`;

  const setStatus = async (status: UserStatus) => {
    try {
      const saved = await api.updateUser(row.id, { status, version: row.version });
      void message.success(t('system:users.statusChanged', { name, status: t(`system:status.${status}`) }));
      onSaved(saved);
    } catch (caught) {
      onFailed(caught);
    }
  };

  const confirmed = (status: 'locked' | 'disabled', label: string, question: string) => (
    <Popconfirm
      title={question}
      okText={label}
      okButtonProps={{ danger: true }}
      cancelText={t('common:action.cancel')}
      onConfirm={() => setStatus(status)}
    >
      <Button type="link" size="small" danger data-testid={testId(status === 'locked' ? 'lock' : 'disable')}>
        {label}
      </Button>
    </Popconfirm>
  );

  const direct = (status: 'active', label: string, action: string) => (
    <Button type="link" size="small" onClick={() => void setStatus(status)} data-testid={testId(action)}>
      {label}
    </Button>
  );

  return (
    <Space size={0} wrap>
      <Button type="link" size="small" onClick={onEdit} data-testid={testId('edit')}>
        {t('common:action.edit')}
      </Button>
      <Button type="link" size="small" onClick={onResetPassword} data-testid={testId('password')}>
        {t('system:users.resetPassword')}
      </Button>
      {!isSelf && row.status === 'active' &&
        confirmed('locked', t('system:users.lock'), t('system:users.lockConfirm', { name }))}
      {!isSelf && row.status === 'locked' && direct('active', t('system:users.unlock'), 'unlock')}
      {!isSelf && row.status !== 'disabled' &&
        confirmed('disabled', t('system:users.disable'), t('system:users.disableConfirm', { name }))}
      {!isSelf && row.status === 'disabled' && direct('active', t('system:users.enable'), 'enable')}
    </Space>
  );
}
