// /appointments/check-in (前台签到): the branch's bookings of one day (today by default, ?date=), by
// time, with a name filter. 到店签到 moves a booking to checked_in, which opens her treatment record
// (the link appears on the row); the other actions (confirm, no-show, cancel after a confirmation)
// are on the row too. Refreshes every minute.
import { useCallback, useEffect, useState } from 'react';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import * as appts from '../../../api/appointments';
import type { Appointment } from '../../../api/appointments';
import { hasPermission } from '../../../access';
import { useAuth } from '../../../auth/AuthContext';
import { errorMessage } from '../../../components/formErrors';
import { spanOf } from '../items';
import ActionButtons from '../shared/ActionButtons';
import BookingDialog from '../shared/BookingDialog';
import DayPicker from '../shared/DayPicker';
import { statusColor } from '../shared/status';
import { useSetup } from '../shared/useSetup';
import { hhmm, todayIn } from '../time';

/** Waiting first (booked, confirmed), then those in the house, then the rest; by time within each. */
export function checkInOrder(list: readonly Appointment[]): Appointment[] {
  const rank = (a: Appointment) => (a.status === 'booked' || a.status === 'confirmed' ? 0 : a.status === 'checked_in' || a.status === 'in_service' ? 1 : 2);
  return [...list].sort((a, b) => rank(a) - rank(b) || Date.parse(a.start) - Date.parse(b.start) || a.id - b.id);
}

export default function CheckInPage() {
  const { t } = useTranslation(['appointments', 'common']);
  const { user } = useAuth();
  const setup = useSetup();
  const { timeZone, branchId } = setup;
  const [params, setParams] = useSearchParams();
  const today = todayIn(timeZone);
  const dateParam = params.get('date');
  const date = dateParam && /^\d{4}-\d{2}-\d{2}$/.test(dateParam) ? dateParam : today;
  const [items, setItems] = useState<Appointment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [booking, setBooking] = useState(false);
  const canBook = hasPermission(user?.permissions ?? [], 'appointment.book');

  const load = useCallback(async () => {
    if (branchId === null) return;
    try {
      const r = await appts.listAppointments({ branch_id: branchId, from: date, to: date });
      setItems(r.items);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [branchId, date]);
  useEffect(() => {
    setItems(null);
    void load();
    const timer = window.setInterval(() => void load(), 60_000);
    return () => window.clearInterval(timer);
  }, [load]);

  const replace = (a: Appointment) =>
    setItems((all) => all?.map((x) => (x.id === a.id ? { ...a, customer_name: a.customer_name ?? x.customer_name } : x)) ?? all);

  const needle = search.trim();
  const rows = checkInOrder((items ?? []).filter((a) => !needle || (a.customer_name ?? '').includes(needle)));
  const waiting = (items ?? []).filter((a) => a.status === 'booked' || a.status === 'confirmed').length;
  const arrived = (items ?? []).filter((a) => a.status === 'checked_in' || a.status === 'in_service').length;

  return (
    <Card
      title={t('appointments:checkIn.title')}
      extra={
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common:action.reload')} />
          {canBook && branchId !== null && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setBooking(true)} data-testid="checkin-new">
              {t('appointments:book.title')}
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        {setup.branches.length > 1 && (
          <Select<number> value={branchId ?? undefined} onChange={setup.setBranchId} options={setup.branches.map((b) => ({ value: b.id, label: b.name }))} style={{ minWidth: 140 }} data-testid="checkin-branch" />
        )}
        <DayPicker
          value={date}
          today={today}
          onChange={(d) =>
            setParams(
              (p) => {
                if (d === today) p.delete('date');
                else p.set('date', d);
                return p;
              },
              { replace: true },
            )
          }
          testId="checkin-day"
        />
        <Input.Search allowClear placeholder={t('appointments:checkIn.search')} onSearch={setSearch} onChange={(e) => !e.target.value && setSearch('')} style={{ width: 200 }} data-testid="checkin-search" />
        <Typography.Text type="secondary" data-testid="checkin-counts">
          {t('appointments:checkIn.counts', { waiting, arrived, total: items?.length ?? 0 })}
        </Typography.Text>
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Table<Appointment>
        rowKey="id"
        size="middle"
        loading={items === null && !error}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('appointments:checkIn.empty') }}
        onRow={(a) => ({ 'data-testid': `checkin-row-${a.id}` }) as React.HTMLAttributes<HTMLElement>}
        data-testid="checkin-table"
        columns={[
          {
            title: t('appointments:field.time'),
            width: 110,
            render: (_, a) => {
              const s = spanOf(a, timeZone);
              return `${hhmm(s.start)}-${hhmm(s.end)}`;
            },
          },
          {
            title: t('appointments:field.customer'),
            render: (_, a) => <Link to={`/customers/${a.customer_id}`}>{a.customer_name ?? `#${a.customer_id}`}</Link>,
          },
          { title: t('appointments:field.service'), dataIndex: 'service_name' },
          { title: t('appointments:field.practitioner'), dataIndex: 'practitioner_name', render: (v: string | null) => v ?? '—' },
          { title: t('appointments:field.room'), dataIndex: 'room_name', render: (v: string | null) => v ?? '—' },
          {
            title: t('appointments:field.status'),
            width: 90,
            render: (_, a) => (
              <Tag color={statusColor[a.status]} data-testid={`checkin-status-${a.id}`}>
                {t(`appointments:status.${a.status}`)}
              </Tag>
            ),
          },
          { title: '', width: 260, render: (_, a) => <ActionButtons appointment={a} onChanged={replace} size="small" compact /> },
        ]}
      />
      {booking && branchId !== null && (
        <BookingDialog
          branchId={branchId}
          timeZone={timeZone}
          today={today}
          practitioners={setup.practitioners}
          preset={{ date }}
          onClose={() => setBooking(false)}
          onBooked={() => {
            setBooking(false);
            void load();
          }}
        />
      )}
    </Card>
  );
}
