// From appointments to the board's cards and back: which column(s) and times each card takes on the
// day board (columns = practitioners or rooms) and the week board (columns = days of one practitioner
// or room), and what a drop asks the server (POST /appointments/{id}/reschedule) — or why it cannot.
import type { Appointment } from '../../api/appointments';
import type { BoardDrop, BoardItem } from './Board';
import { columnIdsOf } from './shared/resources';
import type { ColumnKind } from './shared/resources';
import { isOpen } from './shared/status';
import { wallOf, zonedIso } from './time';
import type { Day } from './time';

export type View = 'day' | 'week';

export interface Layout {
  view: View;
  by: ColumnKind;
  /** Week board: the practitioner or room shown. */
  resource: number | null;
  timeZone: string;
  showCancelled: boolean;
  canMove: boolean;
}

export const columnKey = (by: ColumnKind, id: number) => `${by === 'room' ? 'r' : 'p'}-${id}`;
export const dayKey = (day: Day) => `d-${day}`;

/** The minutes of an appointment on its start day (an end past midnight reads 24:00). */
export function spanOf(a: Pick<Appointment, 'start' | 'end'>, timeZone: string): { date: Day; start: number; end: number } {
  const s = wallOf(a.start, timeZone);
  const e = wallOf(a.end, timeZone);
  return { date: s.date, start: s.minutes, end: e.date === s.date ? Math.max(e.minutes, s.minutes + 5) : 24 * 60 };
}

export function boardItems(appointments: readonly Appointment[], layout: Layout, pending: ReadonlySet<number> = new Set()): BoardItem[] {
  const out: BoardItem[] = [];
  for (const a of appointments) {
    if (a.status === 'cancelled' && !layout.showCancelled) continue;
    const span = spanOf(a, layout.timeZone);
    const ids = columnIdsOf(a, layout.by);
    const movable = layout.canMove && isOpen(a.status);
    const base = { appointment: a, start: span.start, end: span.end, pending: pending.has(a.id) };
    if (layout.view === 'week') {
      if (layout.resource === null || !ids.includes(layout.resource)) continue;
      const copy = layout.by === 'practitioner' && a.practitioner_id !== layout.resource;
      out.push({ ...base, column: dayKey(span.date), draggable: movable && !copy, copy });
      continue;
    }
    ids.forEach((id, i) => out.push({ ...base, column: columnKey(layout.by, id), draggable: movable && i === 0, copy: i > 0 }));
  }
  return out;
}

export type DropPlan =
  | { kind: 'send'; body: { start: string; practitioner_id?: number }; moved: Pick<Appointment, 'start' | 'end'> }
  | { kind: 'refuse'; reason: 'roomFixed' };

/** What a drop asks for: the new start in the organisation's zone and, on a practitioner's board, that
 *  practitioner (so the card stays where it was put or the server says why not). Rooms are assigned
 *  by the server: on the room board a card moves in time only. */
export function planDrop(drop: BoardDrop, layout: Layout, date: Day): DropPlan {
  const a = drop.appointment;
  const span = spanOf(a, layout.timeZone);
  let day = date;
  let practitioner: number | null = layout.by === 'practitioner' ? a.practitioner_id : null;
  if (layout.view === 'week') {
    day = drop.to.startsWith('d-') ? drop.to.slice(2) : span.date;
    if (layout.by === 'practitioner') practitioner = layout.resource;
  } else if (drop.to !== drop.from) {
    if (layout.by === 'room') return { kind: 'refuse', reason: 'roomFixed' };
    practitioner = Number(drop.to.slice(2));
  }
  const start = zonedIso(day, drop.start, layout.timeZone);
  const end = zonedIso(day, drop.start + (span.end - span.start), layout.timeZone);
  return {
    kind: 'send',
    body: practitioner !== null && Number.isInteger(practitioner) ? { start, practitioner_id: practitioner } : { start },
    moved: { start, end },
  };
}
