// 新建预约: customer, service, day and an optional practitioner → the free slots of that day
// (GET /appointments/availability) grouped by part of the day; picking one and confirming books it
// (POST /appointments with an Idempotency-Key; the same key again when the same booking is retried).
// A slot taken meanwhile (409 appointment.slot_taken) reloads the slots.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Empty, Form, Input, Modal, Select, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import * as appts from '../../../api/appointments';
import type { Appointment, Slot } from '../../../api/appointments';
import { isApiError } from '../../../api/client';
import type { RecordRow } from '../../../api/records';
import { errorMessage } from '../../../components/formErrors';
import CustomerSelect from '../../clinic/shared/CustomerSelect';
import { attemptFor } from '../../clinic/shared/idempotency';
import type { Attempt } from '../../clinic/shared/idempotency';
import { useItems } from '../../clinic/shared/useItems';
import { byPeriod, periods } from '../grid';
import { clockOf, wallOf } from '../time';
import type { Day } from '../time';
import DayPicker from './DayPicker';
import type { Resource } from './resources';

export interface BookingPreset {
  date: Day;
  practitionerId?: number | null;
  /** Minutes since midnight: the slot starting then is picked when free. */
  minutes?: number | null;
}

interface Props {
  branchId: number;
  timeZone: string;
  today: Day;
  practitioners: readonly Resource[];
  preset: BookingPreset;
  onClose: () => void;
  onBooked: (a: Appointment) => void;
}

export default function BookingDialog({ branchId, timeZone, today, practitioners, preset, onClose, onBooked }: Props) {
  const { t } = useTranslation(['appointments', 'common']);
  const { message } = App.useApp();
  const services = useItems('service');
  const [customer, setCustomer] = useState<RecordRow | null>(null);
  const [serviceId, setServiceId] = useState<number | null>(null);
  const [date, setDate] = useState<Day>(preset.date);
  const [practitionerId, setPractitionerId] = useState<number | null>(preset.practitionerId ?? null);
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [slotError, setSlotError] = useState<string | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [reload, setReload] = useState(0);
  const attempt = useRef<Attempt | null>(null);

  useEffect(() => {
    setSlots(null);
    setSlotError(null);
    if (serviceId === null) return;
    let live = true;
    appts.availability({ service_id: serviceId, branch_id: branchId, from: date, to: date, practitioner_id: practitionerId }).then(
      (r) => {
        if (!live) return;
        setSlots(r.slots);
        setPicked((current) => {
          if (current && r.slots.some((s) => s.start === current)) return current;
          const wanted = preset.minutes;
          return r.slots.find((s) => wanted !== null && wanted !== undefined && wallOf(s.start, timeZone).minutes === wanted)?.start ?? null;
        });
      },
      (e: unknown) => live && setSlotError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [serviceId, branchId, date, practitionerId, reload, preset.minutes, timeZone]);

  const submit = async () => {
    if (!customer || serviceId === null || !picked) return;
    const body: appts.NewAppointment = {
      customer_id: customer.id,
      service_id: serviceId,
      branch_id: branchId,
      start: picked,
      ...(practitionerId !== null ? { practitioner_id: practitionerId } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    attempt.current = attemptFor(attempt.current, body);
    setSending(true);
    try {
      const made = await appts.book(body, attempt.current.key);
      attempt.current = null;
      void message.success(t('appointments:book.booked', { time: `${made.start.slice(5, 10)} ${clockOf(made.start)}`, service: made.service_name ?? '' }));
      onBooked({ ...made, customer_name: made.customer_name ?? String(customer.name ?? '') });
    } catch (e) {
      if (isApiError(e) && e.code === 'appointment.slot_taken') {
        attempt.current = null;
        setPicked(null);
        setReload((n) => n + 1);
        void message.warning(t('appointments:book.taken'));
      } else void message.error(errorMessage(e));
    } finally {
      setSending(false);
    }
  };

  const grouped = slots ? byPeriod(slots, (s) => wallOf(s.start, timeZone).minutes) : null;
  const missing = !customer ? 'customer' : serviceId === null ? 'service' : !picked ? 'slot' : null;
  return (
    <Modal
      open
      width={640}
      title={t('appointments:book.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          {missing && <Typography.Text type="secondary">{t(`appointments:book.need.${missing}`)}</Typography.Text>}
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="primary" loading={sending} disabled={missing !== null} onClick={() => void submit()} data-testid="book-submit">
            {t('appointments:book.submit')}
          </Button>
        </Space>
      }
    >
      <Form layout="vertical" data-testid="booking-form">
        <Form.Item label={t('appointments:field.customer')} required>
          <CustomerSelect value={customer?.id ?? null} onChange={setCustomer} testId="book-customer" />
        </Form.Item>
        <Form.Item label={t('appointments:field.service')} required>
          <Select<number>
            showSearch
            optionFilterProp="label"
            value={serviceId ?? undefined}
            onChange={(v) => {
              setServiceId(v);
              setPicked(null);
            }}
            loading={services.loading}
            options={services.items.map((s) => ({ value: s.id, label: s.name }))}
            placeholder={t('appointments:book.pickService')}
            data-testid="book-service"
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item label={t('appointments:field.date')}>
            <DayPicker value={date} today={today} onChange={setDate} testId="book-day" />
          </Form.Item>
          <Form.Item label={t('appointments:field.practitioner')}>
            <Select<number | null>
              value={practitionerId}
              onChange={(v) => setPractitionerId(v ?? null)}
              style={{ minWidth: 180 }}
              options={[{ value: null, label: t('appointments:book.anyPractitioner') }, ...practitioners.map((p) => ({ value: p.id, label: p.name }))]}
              data-testid="book-practitioner"
            />
          </Form.Item>
        </Space>
        <Form.Item label={t('appointments:book.slots')} required>
          {serviceId === null && <Typography.Text type="secondary">{t('appointments:book.pickService')}</Typography.Text>}
          {slotError && <Alert type="error" showIcon message={slotError} />}
          {serviceId !== null && !slots && !slotError && <Spin size="small" />}
          {slots && slots.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appointments:book.noSlots')} />}
          {grouped &&
            periods
              .filter((p) => grouped[p].length > 0)
              .map((p) => (
                <div key={p} style={{ marginBottom: 8 }}>
                  <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
                    {t(`appointments:period.${p}`)}
                  </Typography.Text>
                  <Space wrap size={6} data-testid={`book-slots-${p}`}>
                    {grouped[p].map((s) => (
                      <Button key={s.start} size="small" type={picked === s.start ? 'primary' : 'default'} onClick={() => setPicked(s.start)} data-testid={`slot-${clockOf(s.start)}`}>
                        {clockOf(s.start)}
                      </Button>
                    ))}
                  </Space>
                </div>
              ))}
        </Form.Item>
        <Form.Item label={t('appointments:field.note')}>
          <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} data-testid="book-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
