// One appointment in a side drawer: who, what, when, where, its status with the times it changed, and
// the actions (ActionButtons). The customer's name links to her 360 page.
import { Descriptions, Drawer, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Appointment } from '../../../api/appointments';
import { hhmm } from '../time';
import { spanOf } from '../items';
import ActionButtons from './ActionButtons';
import { statusColor } from './status';

interface Props {
  appointment: Appointment;
  timeZone: string;
  onClose: () => void;
  onChanged: (a: Appointment) => void;
}

const stamps = ['booked_at', 'confirmed_at', 'checked_in_at', 'in_service_at', 'completed_at', 'no_show_at', 'cancelled_at'] as const;

export default function AppointmentDrawer({ appointment: a, timeZone, onClose, onChanged }: Props) {
  const { t } = useTranslation('appointments');
  const span = spanOf(a, timeZone);
  return (
    <Drawer open width={420} title={a.customer_name ?? `#${a.customer_id}`} onClose={onClose} data-testid="appt-drawer" extra={<Tag color={statusColor[a.status]}>{t(`status.${a.status}`)}</Tag>}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('field.customer')}>
          <Link to={`/customers/${a.customer_id}`}>{a.customer_name ?? `#${a.customer_id}`}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('field.service')}>{a.service_name}</Descriptions.Item>
        <Descriptions.Item label={t('field.time')}>
          {span.date} {hhmm(span.start)}-{hhmm(span.end)}
        </Descriptions.Item>
        <Descriptions.Item label={t('field.practitioner')}>{a.practitioner_name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('field.room')}>{a.room_name ?? '—'}</Descriptions.Item>
        {a.note && <Descriptions.Item label={t('field.note')}>{a.note}</Descriptions.Item>}
        {a.cancel_reason && <Descriptions.Item label={t('field.cancelReason')}>{a.cancel_reason}</Descriptions.Item>}
        {stamps
          .filter((k) => a[k])
          .map((k) => (
            <Descriptions.Item key={k} label={t(`stamp.${k}`)}>
              {String(a[k]).slice(0, 16).replace('T', ' ')}
            </Descriptions.Item>
          ))}
      </Descriptions>
      <Space style={{ marginTop: 16 }}>
        <ActionButtons appointment={a} onChanged={onChanged} />
      </Space>
    </Drawer>
  );
}
