import { describe, expect, it } from 'vitest';
import type { Appointment } from '../../api/appointments';
import { boardItems, planDrop, spanOf } from './items';
import type { Layout } from './items';
import { columnsFor, practitionersOf, roomsOf } from './shared/resources';
import { actionsFor, isOpen } from './shared/status';

const zone = 'Asia/Shanghai';

function appt(over: Partial<Appointment>): Appointment {
  return {
    id: 1, branch_id: 1, customer_id: 7, customer_name: '韩蓉萍', service_id: 1, service_name: '水光针', practitioner_id: 4,
    practitioner_name: '张明远', assistant_ids: [], room_id: 2, room_name: '注射室 2', equipment_ids: [],
    start: '2026-11-24T10:00:00+08:00', end: '2026-11-24T10:45:00+08:00', status: 'booked', note: '', cancel_reason: '',
    treatment_id: null, booked_at: '', confirmed_at: null, checked_in_at: null, in_service_at: null, completed_at: null,
    no_show_at: null, cancelled_at: null, version: 1, ...over,
  };
}

const dayByPractitioner: Layout = { view: 'day', by: 'practitioner', resource: null, timeZone: zone, showCancelled: false, canMove: true };

describe('board items', () => {
  it('puts a card in its practitioner column and a copy in each assistant column', () => {
    const items = boardItems([appt({ assistant_ids: [5] })], dayByPractitioner);
    expect(items.map((i) => [i.column, i.start, i.end, i.draggable, i.copy])).toEqual([
      ['p-4', 600, 645, true, false],
      ['p-5', 600, 645, false, true],
    ]);
  });

  it('puts cards in room columns on the room board', () => {
    const items = boardItems([appt({})], { ...dayByPractitioner, by: 'room' });
    expect(items.map((i) => i.column)).toEqual(['r-2']);
  });

  it('hides cancelled cards unless asked and never lets closed ones or readers move', () => {
    const list = [appt({ id: 1, status: 'cancelled' }), appt({ id: 2, status: 'checked_in' }), appt({ id: 3 })];
    expect(boardItems(list, dayByPractitioner).map((i) => [i.appointment.id, i.draggable])).toEqual([
      [2, false],
      [3, true],
    ]);
    expect(boardItems(list, { ...dayByPractitioner, showCancelled: true }).map((i) => i.appointment.id)).toEqual([1, 2, 3]);
    expect(boardItems(list, { ...dayByPractitioner, canMove: false }).every((i) => !i.draggable)).toBe(true);
  });

  it('shows one practitioner by day on the week board', () => {
    const list = [appt({ id: 1 }), appt({ id: 2, start: '2026-11-26T15:00:00+08:00', end: '2026-11-26T16:00:00+08:00' }), appt({ id: 3, practitioner_id: 9 })];
    const items = boardItems(list, { ...dayByPractitioner, view: 'week', resource: 4 });
    expect(items.map((i) => [i.appointment.id, i.column, i.start])).toEqual([
      [1, 'd-2026-11-24', 600],
      [2, 'd-2026-11-26', 900],
    ]);
  });

  it('reads times in the organisation zone and ends past midnight at 24:00', () => {
    expect(spanOf({ start: '2026-11-24T02:00:00Z', end: '2026-11-24T03:00:00Z' }, zone)).toEqual({ date: '2026-11-24', start: 600, end: 660 });
    expect(spanOf({ start: '2026-11-24T23:30:00+08:00', end: '2026-11-25T00:30:00+08:00' }, zone)).toEqual({ date: '2026-11-24', start: 1410, end: 1440 });
  });
});

describe('dropping a card', () => {
  const a = appt({});

  it('asks for the new time with the practitioner of the column it was dropped on', () => {
    expect(planDrop({ appointment: a, from: 'p-4', to: 'p-4', start: 690 }, dayByPractitioner, '2026-11-24')).toEqual({
      kind: 'send',
      body: { start: '2026-11-24T11:30:00+08:00', practitioner_id: 4 },
      moved: { start: '2026-11-24T11:30:00+08:00', end: '2026-11-24T12:15:00+08:00' },
    });
    const other = planDrop({ appointment: a, from: 'p-4', to: 'p-15', start: 600 }, dayByPractitioner, '2026-11-24');
    expect(other.kind === 'send' && other.body).toEqual({ start: '2026-11-24T10:00:00+08:00', practitioner_id: 15 });
  });

  it('moves in time only on the room board and refuses another room', () => {
    const room: Layout = { ...dayByPractitioner, by: 'room' };
    const same = planDrop({ appointment: a, from: 'r-2', to: 'r-2', start: 720 }, room, '2026-11-24');
    expect(same.kind === 'send' && same.body).toEqual({ start: '2026-11-24T12:00:00+08:00' });
    expect(planDrop({ appointment: a, from: 'r-2', to: 'r-3', start: 720 }, room, '2026-11-24')).toEqual({ kind: 'refuse', reason: 'roomFixed' });
  });

  it('moves to another day on the week board, keeping the practitioner shown', () => {
    const week: Layout = { ...dayByPractitioner, view: 'week', resource: 4 };
    const plan = planDrop({ appointment: a, from: 'd-2026-11-24', to: 'd-2026-11-27', start: 840 }, week, '2026-11-24');
    expect(plan.kind === 'send' && plan.body).toEqual({ start: '2026-11-27T14:00:00+08:00', practitioner_id: 4 });
  });

  it('writes the offset of the new day in a zone with daylight saving', () => {
    const ny: Layout = { ...dayByPractitioner, view: 'week', resource: 4, timeZone: 'America/New_York' };
    const before = appt({ start: '2026-03-06T10:00:00-05:00', end: '2026-03-06T11:00:00-05:00' });
    const plan = planDrop({ appointment: before, from: 'd-2026-03-06', to: 'd-2026-03-09', start: 600 }, ny, '2026-03-06');
    expect(plan.kind === 'send' && plan.body.start).toBe('2026-03-09T10:00:00-04:00');
  });
});

describe('columns and statuses', () => {
  const staff = [
    { id: 4, version: 1, created_at: '', updated_at: '', branch_id: 1, name: '张明远', position: 'doctor', account: 5 },
    { id: 2, version: 1, created_at: '', updated_at: '', branch_id: 1, name: '陈晓雨', position: 'front_desk', account: 3 },
    { id: 14, version: 1, created_at: '', updated_at: '', branch_id: 2, name: '李建华', position: 'doctor', account: 15 },
    { id: 17, version: 1, created_at: '', updated_at: '', branch_id: 1, name: '朱敏', position: 'nurse', active: false },
  ];

  it('lists the active practitioners and rooms of the branch', () => {
    expect(practitionersOf(staff, 1)).toEqual([{ id: 4, name: '张明远', kind: 'doctor', account: 5 }]);
    expect(practitionersOf(staff, null).map((p) => p.id)).toEqual([4, 14]);
    const rooms = [{ id: 2, version: 1, created_at: '', updated_at: '', branch_id: 1, name: '注射室 2', room_type: 'injection_room' }];
    expect(roomsOf(rooms, 1)).toEqual([{ id: 2, name: '注射室 2', kind: 'injection_room', account: null }]);
    expect(roomsOf(rooms, 2)).toEqual([]);
  });

  it('adds columns the appointments name but the lists lack', () => {
    const cols = columnsFor([{ id: 4, name: '张明远', kind: 'doctor', account: 5 }], [appt({ practitioner_id: 15, practitioner_name: '徐静' })], 'practitioner');
    expect(cols.map((c) => [c.id, c.name])).toEqual([
      [4, '张明远'],
      [15, '徐静'],
    ]);
    expect(columnsFor([], [appt({})], 'room').map((c) => c.name)).toEqual(['注射室 2']);
  });

  it('offers check-in first for open bookings and nothing for closed ones', () => {
    expect(actionsFor('booked')[0]).toBe('checked_in');
    expect(actionsFor('confirmed')).toEqual(['checked_in', 'no_show', 'cancel']);
    expect(actionsFor('checked_in')).toEqual(['in_service', 'completed']);
    expect(actionsFor('cancelled')).toEqual([]);
    expect(isOpen('confirmed')).toBe(true);
    expect(isOpen('checked_in')).toBe(false);
  });
});
