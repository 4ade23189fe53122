// The inbox's two dialogs: snooze until a picked time (in the organisation's zone) and reassign to a user.
import { useState } from 'react';
import { Alert, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import UserPicker from '../../components/UserPicker';
import type { PickedUser } from '../../components/UserPicker';
import { isoToLocalInput, localInputToIso, snoozeAllowed } from './time';

export function SnoozeModal({ timeZone, onOk, onCancel }: { timeZone: string; onOk: (iso: string) => void; onCancel: () => void }) {
  const { t } = useTranslation(['tasks', 'common']);
  const [value, setValue] = useState(() => isoToLocalInput(Date.now() + 3 * 3_600_000, timeZone));
  const [invalid, setInvalid] = useState(false);
  return (
    <Modal
      open
      title={t('tasks:inbox.snoozeTitle')}
      onCancel={onCancel}
      cancelText={t('common:action.cancel')}
      onOk={() => {
        const iso = localInputToIso(value, timeZone);
        if (!iso || !snoozeAllowed(iso, Date.now())) setInvalid(true);
        else onOk(iso);
      }}
    >
      <Input type="datetime-local" value={value} onChange={(e) => { setValue(e.target.value); setInvalid(false); }} data-testid="snooze-at" />
      {invalid && <Alert type="error" showIcon message={t('tasks:inbox.snoozeInvalid')} style={{ marginTop: 8 }} />}
    </Modal>
  );
}

export function ReassignModal({ onOk, onCancel }: { onOk: (user: PickedUser) => void; onCancel: () => void }) {
  const { t } = useTranslation(['tasks', 'common']);
  const [user, setUser] = useState<PickedUser | null>(null);
  return (
    <Modal open title={t('tasks:inbox.reassignTitle')} onCancel={onCancel} cancelText={t('common:action.cancel')} okButtonProps={{ disabled: !user }} onOk={() => user && onOk(user)}>
      <div style={{ width: '100%' }}>
        <UserPicker value={user?.id} onChange={setUser} placeholder={t('tasks:inbox.userPlaceholder')} testId="reassign-user" />
      </div>
    </Modal>
  );
}
