// The board's columns: practitioners (staff records of doctors, nurses and technicians) or rooms of a
// branch, plus any the day's appointments name that the caller cannot list (a role without room
// records still sees the rooms its appointments use).
import type { Appointment } from '../../../api/appointments';
import type { RecordRow } from '../../../api/records';

export type ColumnKind = 'practitioner' | 'room';

export interface Resource {
  id: number;
  name: string;
  /** The staff position or room type key, for a subtitle. */
  kind: string | null;
  /** The login account of a practitioner (user id). */
  account: number | null;
}

const practitionerPositions = ['doctor', 'nurse', 'technician'];

const inBranch = (row: RecordRow, branchId: number | null) =>
  branchId === null || row.branch_id === undefined || row.branch_id === null || row.branch_id === branchId;

export function practitionersOf(rows: readonly RecordRow[], branchId: number | null): Resource[] {
  return rows
    .filter((r) => r.active !== false && typeof r.position === 'string' && practitionerPositions.includes(r.position) && inBranch(r, branchId))
    .map((r) => ({ id: r.id, name: String(r.name ?? `#${r.id}`), kind: r.position as string, account: typeof r.account === 'number' ? r.account : null }));
}

export function roomsOf(rows: readonly RecordRow[], branchId: number | null): Resource[] {
  return rows
    .filter((r) => r.active !== false && inBranch(r, branchId))
    .map((r) => ({ id: r.id, name: String(r.name ?? `#${r.id}`), kind: typeof r.room_type === 'string' ? r.room_type : null, account: null }));
}

/** The ids of the column(s) an appointment shows in: its practitioner and assistants, or its room. */
export function columnIdsOf(a: Appointment, kind: ColumnKind): number[] {
  if (kind === 'room') return a.room_id === null ? [] : [a.room_id];
  return [...(a.practitioner_id === null ? [] : [a.practitioner_id]), ...a.assistant_ids];
}

/** The listed resources followed by those only the appointments name (by their names there). */
export function columnsFor(listed: readonly Resource[], appointments: readonly Appointment[], kind: ColumnKind): Resource[] {
  const out = [...listed];
  const known = new Set(listed.map((r) => r.id));
  for (const a of appointments) {
    for (const id of columnIdsOf(a, kind)) {
      if (known.has(id)) continue;
      known.add(id);
      const name = kind === 'room' ? a.room_name : id === a.practitioner_id ? a.practitioner_name : null;
      out.push({ id, name: name ?? `#${id}`, kind: null, account: null });
    }
  }
  return out;
}
