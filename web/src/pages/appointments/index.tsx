// /appointments (预约看板): the day board (columns = practitioners or rooms of the branch, rows = time)
// and the week board (columns = the days of one practitioner or room). Drag a card to move the
// appointment (POST /appointments/{id}/reschedule): it moves at once and snaps back with the reason
// when the server refuses (409 appointment.slot_taken, not on the roster …). Click a card for its
// details and actions, an empty cell or 新建预约 to book. The view, day, branch and column kind live
// in the URL. The list refreshes every minute (self-bookings arrive on their own).
import { useCallback, useEffect, useMemo, useState } from 'react';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Segmented, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import * as appts from '../../api/appointments';
import type { Appointment } from '../../api/appointments';
import { isApiError } from '../../api/client';
import { hasPermission } from '../../access';
import { useAuth } from '../../auth/AuthContext';
import { errorMessage } from '../../components/formErrors';
import { newUuid } from '../clinic/shared/idempotency';
import { positionLabel } from '../clinic/shared/labels';
import Board from './Board';
import type { BoardColumn, BoardDrop } from './Board';
import { dayWindow } from './grid';
import { boardItems, columnKey, dayKey, planDrop, spanOf } from './items';
import type { Layout, View } from './items';
import AppointmentDrawer from './shared/AppointmentDrawer';
import BookingDialog from './shared/BookingDialog';
import type { BookingPreset } from './shared/BookingDialog';
import DayPicker from './shared/DayPicker';
import { columnIdsOf, columnsFor } from './shared/resources';
import type { ColumnKind } from './shared/resources';
import { useSetup } from './shared/useSetup';
import { addDays, hhmm, todayIn, wallOf, weekStart, weekdayOf } from './time';
import type { Day } from './time';

const pxPerMin = 1.6;

export default function AppointmentBoardPage() {
  const { t } = useTranslation(['appointments', 'common']);
  const { t: tc } = useTranslation('clinic');
  const { message } = App.useApp();
  const { user } = useAuth();
  const setup = useSetup();
  const { timeZone, branchId } = setup;
  const [params, setParams] = useSearchParams();
  const permissions = user?.permissions ?? [];
  const canMove = hasPermission(permissions, 'appointment.manage');
  const canBook = hasPermission(permissions, 'appointment.book');

  const today = todayIn(timeZone);
  const view: View = params.get('view') === 'week' ? 'week' : 'day';
  const by: ColumnKind = params.get('by') === 'room' ? 'room' : 'practitioner';
  const dateParam = params.get('date');
  const date: Day = dateParam && /^\d{4}-\d{2}-\d{2}$/.test(dateParam) ? dateParam : today;
  const set = (changes: Record<string, string | null>) =>
    setParams(
      (p) => {
        for (const [k, v] of Object.entries(changes)) if (v === null) p.delete(k);
        else p.set(k, v);
        return p;
      },
      { replace: true },
    );

  const listed = by === 'room' ? setup.rooms : setup.practitioners;
  const from = view === 'week' ? weekStart(date) : date;
  const to = view === 'week' ? addDays(from, 6) : date;

  const [items, setItems] = useState<Appointment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [moves, setMoves] = useState<Map<number, Appointment>>(new Map());
  const [showCancelled, setShowCancelled] = useState(false);
  const [selected, setSelected] = useState<Appointment | null>(null);
  const [booking, setBooking] = useState<BookingPreset | null>(null);
  const shown = useMemo(() => (items ?? []).map((a) => moves.get(a.id) ?? a), [items, moves]);

  const load = useCallback(async () => {
    if (branchId === null) return;
    try {
      const r = await appts.listAppointments({ branch_id: branchId, from, to });
      setItems(r.items);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [branchId, from, to]);
  useEffect(() => {
    setItems(null);
    void load();
    const timer = window.setInterval(() => void load(), 60_000);
    return () => window.clearInterval(timer);
  }, [load]);

  const replace = (a: Appointment) => {
    setItems((all) => all?.map((x) => (x.id === a.id ? { ...a, customer_name: a.customer_name ?? x.customer_name } : x)) ?? all);
    setSelected((s) => (s?.id === a.id ? { ...a, customer_name: a.customer_name ?? s.customer_name } : s));
  };

  // The week board shows one practitioner or room: the one in the URL, else the first with bookings.
  const resParam = Number(params.get('res'));
  const busiest = columnsFor(listed, shown, by).find((r) => shown.some((a) => a.status !== 'cancelled' && columnIdsOf(a, by).includes(r.id)));
  const resource = Number.isInteger(resParam) && resParam > 0 ? resParam : (busiest?.id ?? listed[0]?.id ?? null);
  const layout: Layout = { view, by, resource, timeZone, showCancelled, canMove };
  const boardCards = boardItems(shown, layout, new Set(moves.keys()));

  const columns: BoardColumn[] =
    view === 'week'
      ? Array.from({ length: 7 }, (_, i) => {
          const d = addDays(from, i);
          return { key: dayKey(d), title: `${d.slice(5)} ${t(`appointments:weekday.${weekdayOf(d)}` as 'appointments:weekday.0')}`, subtitle: d === today ? t('appointments:day.today') : undefined };
        })
      : columnsFor(listed, shown, by).map((r) => ({
          key: columnKey(by, r.id),
          title: r.name,
          subtitle: by === 'practitioner' ? positionLabel(tc, r.kind) : (r.kind ?? undefined),
        }));

  const weekdays = view === 'week' ? [0, 1, 2, 3, 4, 5, 6] : [weekdayOf(date)];
  const frame = dayWindow(setup.hours, weekdays, boardCards);
  const nowWall = wallOf(new Date().toISOString(), timeZone);
  // Where the board opens: now on today's day board, else the first booking, once the list is in.
  const firstStart = boardCards.length > 0 ? Math.min(...boardCards.map((c) => c.start)) : null;
  const focusMinutes = items === null ? null : view === 'day' && date === today ? Math.min(nowWall.minutes, firstStart ?? 24 * 60) : firstStart;

  const onDrop = async (drop: BoardDrop) => {
    const plan = planDrop(drop, layout, date);
    if (plan.kind === 'refuse') {
      void message.info(t(`appointments:board.${plan.reason}`));
      return;
    }
    const a = drop.appointment;
    const moved: Appointment = { ...a, ...plan.moved, practitioner_id: plan.body.practitioner_id ?? a.practitioner_id };
    setMoves((m) => new Map(m).set(a.id, moved));
    try {
      const saved = await appts.reschedule(a.id, plan.body, newUuid());
      replace(saved);
      void message.success(t('appointments:board.moved', { name: a.customer_name ?? '', time: `${saved.start.slice(5, 10)} ${hhmm(spanOf(saved, timeZone).start)}` }));
    } catch (e) {
      if (isApiError(e) && e.code === 'appointment.slot_taken') void message.warning(t('appointments:board.conflict'));
      else void message.error(t('appointments:board.refused', { reason: errorMessage(e) }));
      if (isApiError(e) && e.code === 'appointment.not_found') void load();
    } finally {
      setMoves((m) => {
        const next = new Map(m);
        next.delete(a.id);
        return next;
      });
    }
  };

  const onEmpty = (column: string, minutes: number) => {
    if (!canBook) return;
    if (view === 'week') setBooking({ date: column.slice(2), minutes, practitionerId: by === 'practitioner' ? resource : null });
    else setBooking({ date, minutes, practitionerId: by === 'practitioner' ? Number(column.slice(2)) : null });
  };

  return (
    <Card
      title={t('appointments:board.title')}
      extra={
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common:action.reload')} />
          {canBook && branchId !== null && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setBooking({ date })} data-testid="board-new">
              {t('appointments:book.title')}
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        {setup.branches.length > 1 && (
          <Select<number>
            value={branchId ?? undefined}
            onChange={setup.setBranchId}
            options={setup.branches.map((b) => ({ value: b.id, label: b.name }))}
            style={{ minWidth: 140 }}
            data-testid="board-branch"
          />
        )}
        <Segmented<View>
          value={view}
          onChange={(v) => set({ view: v })}
          options={[
            { value: 'day', label: t('appointments:board.day') },
            { value: 'week', label: t('appointments:board.week') },
          ]}
          data-testid="board-view"
        />
        <Segmented<ColumnKind>
          value={by}
          onChange={(v) => set({ by: v, res: null })}
          options={[
            { value: 'practitioner', label: t('appointments:board.byPractitioner') },
            { value: 'room', label: t('appointments:board.byRoom') },
          ]}
          data-testid="board-by"
        />
        <DayPicker value={date} today={today} stepDays={view === 'week' ? 7 : 1} onChange={(d) => set({ date: d === today ? null : d })} testId="board-day" />
        {view === 'week' && (
          <Select<number>
            value={resource ?? undefined}
            onChange={(v) => set({ res: String(v) })}
            options={columnsFor(listed, shown, by).map((r) => ({ value: r.id, label: r.name }))}
            placeholder={t(by === 'room' ? 'appointments:field.room' : 'appointments:field.practitioner')}
            style={{ minWidth: 140 }}
            data-testid="board-resource"
          />
        )}
        <Checkbox checked={showCancelled} onChange={(e) => setShowCancelled(e.target.checked)}>
          {t('appointments:board.showCancelled')}
        </Checkbox>
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {canMove && <Alert type="info" showIcon={false} banner message={t(by === 'room' ? 'appointments:board.hintRoom' : 'appointments:board.hint')} style={{ marginBottom: 8 }} />}
      <Board
        columns={columns}
        items={boardCards}
        window={frame}
        step={setup.step}
        pxPerMin={pxPerMin}
        now={view === 'day' && date === today ? nowWall.minutes : null}
        detailOf={(a) => (by === 'room' ? (a.practitioner_name ?? '') : (a.room_name ?? ''))}
        onDrop={(d) => void onDrop(d)}
        onOpen={setSelected}
        onEmpty={canBook ? onEmpty : undefined}
        focus={{ key: `${view}:${from}:${by}`, minutes: focusMinutes }}
      />
      {selected && <AppointmentDrawer appointment={selected} timeZone={timeZone} onClose={() => setSelected(null)} onChanged={replace} />}
      {booking && branchId !== null && (
        <BookingDialog
          branchId={branchId}
          timeZone={timeZone}
          today={today}
          practitioners={setup.practitioners}
          preset={booking}
          onClose={() => setBooking(null)}
          onBooked={(a) => {
            setBooking(null);
            setItems((all) => (all ? [...all, a] : all));
            void load();
          }}
        />
      )}
    </Card>
  );
}
