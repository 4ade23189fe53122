// What can happen to an appointment next (the server's CanTransition, appointment.cpp), and the tag
// colour of each status.
import type { AppointmentStatus, StatusChange } from '../../../api/appointments';

export type Action = StatusChange | 'cancel';

const next: Record<AppointmentStatus, readonly Action[]> = {
  booked: ['checked_in', 'confirmed', 'no_show', 'cancel'],
  confirmed: ['checked_in', 'no_show', 'cancel'],
  checked_in: ['in_service', 'completed'],
  in_service: ['completed'],
  completed: [],
  no_show: [],
  cancelled: [],
};

/** The actions offered for an appointment in `status`, the usual one first. */
export function actionsFor(status: AppointmentStatus): readonly Action[] {
  return next[status] ?? [];
}

/** Open appointments (booked or confirmed) can still be moved or cancelled. */
export function isOpen(status: AppointmentStatus): boolean {
  return status === 'booked' || status === 'confirmed';
}

export const statusColor: Record<AppointmentStatus, string> = {
  booked: 'blue',
  confirmed: 'cyan',
  checked_in: 'green',
  in_service: 'purple',
  completed: 'default',
  no_show: 'orange',
  cancelled: 'red',
};
