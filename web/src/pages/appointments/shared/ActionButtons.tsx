// The buttons that move an appointment along (confirm, 到店签到, start, complete, no-show) and cancel it
// after a confirmation with an optional reason; once checked in, a link to the treatment record the
// check-in opened. Hidden without appointment.manage. Each press is one attempt with its own
// Idempotency-Key.
import { useRef, useState } from 'react';
import { App, Button, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import * as appts from '../../../api/appointments';
import type { Appointment } from '../../../api/appointments';
import { hasPermission } from '../../../access';
import { useAuth } from '../../../auth/AuthContext';
import { errorMessage } from '../../../components/formErrors';
import { newUuid } from '../../clinic/shared/idempotency';
import { actionsFor } from './status';
import type { Action } from './status';

interface Props {
  appointment: Appointment;
  onChanged: (updated: Appointment) => void;
  size?: 'small' | 'middle';
  /** Only the usual next step and cancel (lists); all actions otherwise. */
  compact?: boolean;
}

export default function ActionButtons({ appointment: a, onChanged, size = 'middle', compact }: Props) {
  const { t } = useTranslation(['appointments', 'common']);
  const { message, modal } = App.useApp();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<Action | null>(null);
  const reason = useRef('');
  const canManage = hasPermission(user?.permissions ?? [], 'appointment.manage');
  const name = a.customer_name ?? `#${a.customer_id}`;

  const run = async (action: Exclude<Action, 'cancel'>) => {
    setBusy(action);
    try {
      const updated = await appts.changeStatus(a.id, action, newUuid());
      onChanged({ ...updated, customer_name: updated.customer_name ?? a.customer_name });
      void message.success(action === 'checked_in' ? t('appointments:action.checkedIn', { name }) : t('appointments:action.changed'));
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const askCancel = () => {
    reason.current = '';
    modal.confirm({
      title: t('appointments:action.cancelTitle', { name }),
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>{t('appointments:action.cancelBody')}</span>
          <Input.TextArea
            maxLength={500}
            autoSize={{ minRows: 2, maxRows: 4 }}
            placeholder={t('appointments:action.cancelReason')}
            onChange={(e) => (reason.current = e.target.value)}
            data-testid="cancel-reason"
          />
        </Space>
      ),
      okText: t('appointments:action.cancelOk'),
      okButtonProps: { danger: true, 'data-testid': 'cancel-ok' },
      cancelText: t('appointments:action.keep'),
      onOk: async () => {
        try {
          const updated = await appts.cancel(a.id, reason.current.trim(), newUuid());
          onChanged({ ...updated, customer_name: updated.customer_name ?? a.customer_name });
          void message.success(t('appointments:action.cancelled'));
        } catch (e) {
          void message.error(errorMessage(e));
        }
      },
    });
  };

  const all = actionsFor(a.status);
  const shown = compact ? all.filter((x, i) => i === 0 || x === 'cancel') : all;
  if ((!canManage || shown.length === 0) && a.treatment_id === null) return null;
  return (
    <Space wrap size={4}>
      {canManage &&
        shown.map((action) =>
          action === 'cancel' ? (
            <Button key={action} size={size} danger onClick={askCancel} data-testid={`appt-${a.id}-cancel`}>
              {t('appointments:action.cancel')}
            </Button>
          ) : (
            <Button
              key={action}
              size={size}
              type={action === all[0] ? 'primary' : 'default'}
              loading={busy === action}
              disabled={busy !== null && busy !== action}
              onClick={() => void run(action)}
              data-testid={`appt-${a.id}-${action}`}
            >
              {t(`appointments:action.${action}`)}
            </Button>
          ),
        )}
      {a.treatment_id !== null && (
        <Button size={size} type="link" onClick={() => navigate(`/data/treatment/${a.treatment_id}`)} data-testid={`appt-${a.id}-treatment`}>
          {t('appointments:action.openTreatment')}
        </Button>
      )}
    </Space>
  );
}
