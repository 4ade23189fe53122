// /appointments/my-day (我的今日): the signed-in practitioner's own bookings of a day (today by default),
// as cards fit for a phone: time, customer, service, room and status, the treatment record once she is
// checked in. The practitioner is the staff record whose login account is the user; bookings where
// they assist count too.
import { useCallback, useEffect, useState } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import * as appts from '../../../api/appointments';
import type { Appointment } from '../../../api/appointments';
import type { RecordRow } from '../../../api/records';
import { useAuth } from '../../../auth/AuthContext';
import { errorMessage } from '../../../components/formErrors';
import { spanOf } from '../items';
import ActionButtons from '../shared/ActionButtons';
import DayPicker from '../shared/DayPicker';
import { statusColor } from '../shared/status';
import { useSetup } from '../shared/useSetup';
import { hhmm, todayIn } from '../time';

/** The staff record of login account `userId`, or null. */
export function ownStaff(rows: readonly RecordRow[], userId: number | undefined): RecordRow | null {
  return rows.find((r) => r.account === userId) ?? null;
}

/** The appointments of practitioner `staffId` (own or assisting), not cancelled, by start. */
export function mine(list: readonly Appointment[], staffId: number): Appointment[] {
  return list
    .filter((a) => a.status !== 'cancelled' && (a.practitioner_id === staffId || a.assistant_ids.includes(staffId)))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.id - b.id);
}

export default function MyDayPage() {
  const { t } = useTranslation(['appointments', 'common']);
  const { user } = useAuth();
  const setup = useSetup();
  const { timeZone } = setup;
  const [params, setParams] = useSearchParams();
  const today = todayIn(timeZone);
  const dateParam = params.get('date');
  const date = dateParam && /^\d{4}-\d{2}-\d{2}$/.test(dateParam) ? dateParam : today;
  const me = ownStaff(setup.staffRows, user?.id);
  const [items, setItems] = useState<Appointment[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      // The caller's own branch (or every branch for head office); filtered to them below, so that
      // appointments they assist in are shown too.
      const r = await appts.listAppointments({ from: date, to: date });
      setItems(r.items);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [date]);
  useEffect(() => {
    setItems(null);
    void load();
    const timer = window.setInterval(() => void load(), 60_000);
    return () => window.clearInterval(timer);
  }, [load]);

  const replace = (a: Appointment) =>
    setItems((all) => all?.map((x) => (x.id === a.id ? { ...a, customer_name: a.customer_name ?? x.customer_name } : x)) ?? all);

  const list = me && items ? mine(items, me.id) : [];
  return (
    <Card
      title={t('appointments:myDay.title')}
      style={{ maxWidth: 560 }}
      styles={{ body: { padding: 12 } }}
      extra={<Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common:action.reload')} />}
    >
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
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
          testId="myday-day"
        />
        {setup.ready && setup.staffRows.length > 0 && !me && <Alert type="warning" showIcon message={t('appointments:myDay.noStaff')} />}
        {error && <Alert type="error" showIcon message={error} />}
        {me && (
          <Typography.Text type="secondary" data-testid="myday-count">
            {t('appointments:myDay.count', { name: String(me.name ?? ''), count: list.length })}
          </Typography.Text>
        )}
        {items === null && !error && <Spin />}
        {items !== null && me && list.length === 0 && <Empty description={t('appointments:myDay.empty')} />}
        {list.length > 0 && (
          <List
            dataSource={list}
            data-testid="myday-list"
            renderItem={(a) => {
              const s = spanOf(a, timeZone);
              return (
                <Card size="small" style={{ marginBottom: 8 }} data-testid={`myday-${a.id}`}>
                  <Space direction="vertical" size={4} style={{ width: '100%' }}>
                    <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                      <Typography.Text strong style={{ fontSize: 16 }}>
                        {hhmm(s.start)}-{hhmm(s.end)}
                      </Typography.Text>
                      <Tag color={statusColor[a.status]}>{t(`appointments:status.${a.status}`)}</Tag>
                    </Space>
                    <Link to={`/customers/${a.customer_id}`} style={{ fontSize: 16 }}>
                      {a.customer_name ?? `#${a.customer_id}`}
                    </Link>
                    <Typography.Text>
                      {a.service_name}
                      {a.room_name ? ` · ${a.room_name}` : ''}
                      {a.practitioner_id !== me?.id && a.practitioner_name ? ` · ${t('appointments:myDay.assisting', { name: a.practitioner_name })}` : ''}
                    </Typography.Text>
                    {a.note && <Typography.Text type="secondary">{a.note}</Typography.Text>}
                    <ActionButtons appointment={a} onChanged={replace} size="small" compact />
                  </Space>
                </Card>
              );
            }}
          />
        )}
      </Space>
    </Card>
  );
}
