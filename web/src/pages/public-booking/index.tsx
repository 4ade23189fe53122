// /book/:branchId (在线预约): the public self-booking page of a branch, for a customer's phone, no staff
// login. Choose a service, a day (today to 30 days ahead) and a free slot, enter name and mobile
// number, get a one-time code by SMS (shown on screen in demo mode), confirm → the booking. Talks only
// to /api/v1/public/branches/{id}/*; a slot taken meanwhile sends her back to the slots.
import { useEffect, useState } from 'react';
import { ArrowLeftOutlined, CheckCircleFilled, ClockCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, Result, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import * as appts from '../../api/appointments';
import type { PublicBooked, PublicBooking } from '../../api/appointments';
import { isApiError } from '../../api/client';
import { errorMessage } from '../../components/formErrors';
import { byPeriod, periods } from '../appointments/grid';
import { clockOf, weekdayOf } from '../appointments/time';
import type { Day } from '../appointments/time';
import { formatFen } from '../clinic/shared/money';
import { localToday, maskPhone, minutesOf, nextDays, stepOf, validCode, validName, validPhone } from './steps';

/** Answers to a booking that mean the chosen time is no longer to be had: back to the slots. */
const slotGone = ['appointment.slot_taken', 'appointment.unavailable', 'appointment.in_past'];

const page: React.CSSProperties = { maxWidth: 480, margin: '0 auto', padding: '16px 12px 40px', minHeight: '100vh', background: '#f5f5f5' };

export default function PublicBookingPage() {
  const { t } = useTranslation('appointments');
  const { message } = App.useApp();
  const branchId = Number(useParams().branchId);
  const [info, setInfo] = useState<PublicBooking | null>(null);
  const [loadError, setLoadError] = useState<{ notFound: boolean; text: string } | null>(null);
  const [serviceId, setServiceId] = useState<number | null>(null);
  // The clinic's today once the page is loaded (the phone's clock may be in another zone).
  const today = info?.today ?? localToday();
  const [date, setDate] = useState<Day>(today);
  const [slots, setSlots] = useState<{ start: string; end: string }[] | null>(null);
  const [slotError, setSlotError] = useState<string | null>(null);
  const [slot, setSlot] = useState<string | null>(null);
  const [reloadSlots, setReloadSlots] = useState(0);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [demoCode, setDemoCode] = useState<string | null>(null);
  const [cooldown, setCooldown] = useState(0);
  const [sendingCode, setSendingCode] = useState(false);
  const [codeSent, setCodeSent] = useState(false);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [booked, setBooked] = useState<PublicBooked | null>(null);
  // Which checks to show: the phone's once a code was asked for, all once confirming was tried.
  const [tried, setTried] = useState<'code' | 'submit' | null>(null);

  useEffect(() => {
    if (!Number.isInteger(branchId) || branchId <= 0) {
      setLoadError({ notFound: true, text: '' });
      return;
    }
    appts.publicBooking(branchId).then(
      (r) => {
        setInfo(r);
        if (r.today) setDate(r.today);
      },
      (e: unknown) =>
      setLoadError({ notFound: isApiError(e) && (e.status === 404 || e.code === 'public.not_found'), text: errorMessage(e) }),
    );
  }, [branchId]);

  useEffect(() => {
    setSlots(null);
    setSlotError(null);
    if (serviceId === null) return;
    let live = true;
    appts.publicSlots(branchId, serviceId, date).then(
      (r) => live && setSlots(r.slots),
      (e: unknown) => live && setSlotError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [branchId, serviceId, date, reloadSlots]);

  useEffect(() => {
    if (cooldown <= 0) return;
    const timer = window.setTimeout(() => setCooldown((c) => c - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [cooldown]);

  const step = stepOf({ serviceId, slot, booked: booked !== null });
  const service = info?.services.find((s) => s.id === serviceId) ?? null;

  const sendCode = async () => {
    setTried((x) => x ?? 'code');
    if (!validPhone(phone)) return;
    setSendingCode(true);
    setCodeError(null);
    try {
      const r = await appts.publicCode(branchId, phone.trim());
      setCodeSent(true);
      setDemoCode(r.demo_code ?? null);
      setCooldown(60);
      void message.success(t('public.codeSent', { phone: maskPhone(phone) }));
    } catch (e) {
      if (isApiError(e) && e.code === 'public.rate_limited') {
        const wait = Number(e.details.retry_after_s ?? e.details.retry_after);
        if (Number.isFinite(wait) && wait > 0) setCooldown(Math.min(Math.ceil(wait), 3600));
      }
      setCodeError(errorMessage(e));
    } finally {
      setSendingCode(false);
    }
  };

  const submit = async () => {
    setTried('submit');
    if (serviceId === null || slot === null || !validName(name) || !validPhone(phone) || !validCode(code)) return;
    setSubmitting(true);
    setCodeError(null);
    try {
      setBooked(await appts.publicBook(branchId, { service_id: serviceId, start: slot, name: name.trim(), phone: phone.trim(), code: code.trim() }));
    } catch (e) {
      if (isApiError(e) && slotGone.includes(e.code)) {
        void message.warning(e.code === 'appointment.slot_taken' ? t('public.slotTaken') : errorMessage(e));
        setSlot(null);
        setReloadSlots((n) => n + 1);
      } else setCodeError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  const restart = () => {
    setBooked(null);
    setSlot(null);
    setServiceId(null);
    setCode('');
    setCodeSent(false);
    setDemoCode(null);
    setTried(null);
  };

  if (loadError) {
    return (
      <div style={page} data-testid="public-booking">
        <Result status={loadError.notFound ? '404' : 'error'} title={loadError.notFound ? t('public.notFound') : t('public.loadFailed')} subTitle={loadError.notFound ? undefined : loadError.text} />
      </div>
    );
  }
  if (!info) {
    return (
      <div style={{ ...page, padding: '80px 12px 40px', textAlign: 'center' }} data-testid="public-booking">
        <Spin />
      </div>
    );
  }

  const grouped = slots ? byPeriod(slots, (s) => minutesOf(s.start)) : null;
  const dayName = (d: Day) => (d === today ? t('public.today') : d === nextDays(today, 2)[1] ? t('public.tomorrow') : t(`weekday.${weekdayOf(d)}` as 'weekday.0'));

  return (
    <div style={page} data-testid="public-booking">
      <Typography.Title level={4} style={{ marginBottom: 0 }} data-testid="pb-branch">
        {info.branch.name}
      </Typography.Title>
      <Typography.Text type="secondary">{t('public.title')}</Typography.Text>

      {step === 'done' && booked && (
        <Card style={{ marginTop: 16 }} data-testid="pb-done">
          <Result
            icon={<CheckCircleFilled style={{ color: '#52c41a' }} />}
            title={t('public.doneTitle')}
            subTitle={
              <Space direction="vertical" size={2}>
                <span data-testid="pb-done-service">{booked.service.name}</span>
                <span data-testid="pb-done-time">
                  {booked.start.slice(0, 10)} {clockOf(booked.start)}-{clockOf(booked.end)}
                </span>
                <span>{booked.branch.name}</span>
                <span>{t('public.doneHint')}</span>
              </Space>
            }
            extra={<Button onClick={restart}>{t('public.again')}</Button>}
          />
        </Card>
      )}

      {step === 'service' && (
        <div style={{ marginTop: 16 }}>
          <Typography.Text strong>{t('public.pickService')}</Typography.Text>
          {info.services.length === 0 && <Empty description={t('public.noServices')} />}
          <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
            {info.services.map((s) => (
              <Card key={s.id} size="small" hoverable onClick={() => setServiceId(s.id)} data-testid={`pb-service-${s.id}`}>
                <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                  <span style={{ fontSize: 16 }}>{s.name}</span>
                  <Typography.Text type="danger">{formatFen(s.price_fen)}</Typography.Text>
                </Space>
                <Typography.Text type="secondary">
                  <ClockCircleOutlined /> {t('public.minutes', { count: s.duration_min })}
                </Typography.Text>
              </Card>
            ))}
          </Space>
        </div>
      )}

      {(step === 'time' || step === 'contact') && service && (
        <Card size="small" style={{ marginTop: 16 }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <span>
              <Typography.Text strong data-testid="pb-chosen-service">
                {service.name}
              </Typography.Text>{' '}
              <Typography.Text type="secondary">{t('public.minutes', { count: service.duration_min })}</Typography.Text>
            </span>
            <Button
              size="small"
              type="link"
              icon={<ArrowLeftOutlined />}
              onClick={() => {
                setServiceId(null);
                setSlot(null);
              }}
            >
              {t('public.change')}
            </Button>
          </Space>
          {step === 'contact' && slot && (
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <Typography.Text data-testid="pb-chosen-slot">
                {slot.slice(0, 10)} {dayName(slot.slice(0, 10))} {clockOf(slot)}
              </Typography.Text>
              <Button size="small" type="link" icon={<ArrowLeftOutlined />} onClick={() => setSlot(null)} data-testid="pb-change-slot">
                {t('public.change')}
              </Button>
            </Space>
          )}
        </Card>
      )}

      {step === 'time' && (
        <div style={{ marginTop: 16 }}>
          <Typography.Text strong>{t('public.pickDay')}</Typography.Text>
          <div style={{ display: 'flex', gap: 8, overflowX: 'auto', padding: '8px 0' }} data-testid="pb-days">
            {nextDays(today, 14).map((d) => (
              <Button key={d} type={d === date ? 'primary' : 'default'} onClick={() => setDate(d)} style={{ height: 52, minWidth: 64, flex: '0 0 auto' }} data-testid={`pb-date-${d}`}>
                <div style={{ lineHeight: '18px' }}>
                  <div style={{ fontSize: 12 }}>{dayName(d)}</div>
                  <div>{d.slice(5)}</div>
                </div>
              </Button>
            ))}
            <Input
              type="date"
              min={today}
              max={nextDays(today, 31)[30]}
              value={date}
              onChange={(e) => /^\d{4}-\d{2}-\d{2}$/.test(e.target.value) && setDate(e.target.value)}
              style={{ width: 150, flex: '0 0 auto' }}
              data-testid="pb-date-input"
            />
          </div>
          <Typography.Text strong>{t('public.pickSlot')}</Typography.Text>
          {slotError && <Alert type="error" showIcon message={slotError} style={{ marginTop: 8 }} />}
          {!slots && !slotError && (
            <div style={{ padding: 16, textAlign: 'center' }}>
              <Spin />
            </div>
          )}
          {slots && slots.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('public.noSlots')} data-testid="pb-no-slots" />}
          {grouped &&
            periods
              .filter((p) => grouped[p].length > 0)
              .map((p) => (
                <div key={p} style={{ marginTop: 8 }}>
                  <Typography.Text type="secondary">{t(`period.${p}`)}</Typography.Text>
                  <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 8, marginTop: 4 }}>
                    {grouped[p].map((s) => (
                      <Button key={s.start} onClick={() => setSlot(s.start)} data-testid={`pb-slot-${clockOf(s.start)}`}>
                        {clockOf(s.start)}
                      </Button>
                    ))}
                  </div>
                </div>
              ))}
        </div>
      )}

      {step === 'contact' && (
        <Card style={{ marginTop: 16 }}>
          <Form layout="vertical" requiredMark={false} onFinish={() => void submit()}>
            <Form.Item label={t('public.name')} validateStatus={tried === 'submit' && !validName(name) ? 'error' : undefined} help={tried === 'submit' && !validName(name) ? t('public.nameRequired') : undefined}>
              <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={50} autoComplete="name" size="large" data-testid="pb-name" />
            </Form.Item>
            <Form.Item label={t('public.phone')} validateStatus={tried !== null && !validPhone(phone) ? 'error' : undefined} help={tried !== null && !validPhone(phone) ? t('public.phoneInvalid') : undefined}>
              <Input value={phone} onChange={(e) => setPhone(e.target.value.replace(/\s/g, ''))} maxLength={11} inputMode="tel" autoComplete="tel" size="large" data-testid="pb-phone" />
            </Form.Item>
            <Form.Item label={t('public.code')} validateStatus={tried === 'submit' && !validCode(code) ? 'error' : undefined} help={tried === 'submit' && !validCode(code) ? t('public.codeInvalid') : undefined}>
              <Space.Compact style={{ width: '100%' }}>
                <Input value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} maxLength={6} inputMode="numeric" autoComplete="one-time-code" size="large" data-testid="pb-code" />
                <Button size="large" loading={sendingCode} disabled={cooldown > 0} onClick={() => void sendCode()} data-testid="pb-send-code">
                  {cooldown > 0 ? t('public.resendIn', { count: cooldown }) : codeSent ? t('public.resend') : t('public.sendCode')}
                </Button>
              </Space.Compact>
            </Form.Item>
            {demoCode && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                message={
                  <span>
                    {t('public.demoCode')} <Tag color="magenta" style={{ fontSize: 16 }} data-testid="pb-demo-code">{demoCode}</Tag>
                  </span>
                }
              />
            )}
            {codeError && <Alert type="error" showIcon message={codeError} style={{ marginBottom: 16 }} data-testid="pb-error" />}
            <Button type="primary" size="large" block htmlType="submit" loading={submitting} disabled={!codeSent} data-testid="pb-submit">
              {t('public.confirm')}
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
