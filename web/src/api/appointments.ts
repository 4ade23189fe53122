// The appointments endpoints (issue 7): free slots, booking, the day's list, reschedule, cancel and
// status for staff (/appointments*), and the public self-booking page's endpoints
// (/public/branches/{id}/*, no login). Shapes follow the route declarations in
// src/http/api/appointment_routes.cpp and the self-booking contract until the generated schema has them.
// Times are RFC 3339 strings carrying the organisation's offset.
import { request } from './client';

export type AppointmentStatus = 'booked' | 'confirmed' | 'checked_in' | 'in_service' | 'completed' | 'no_show' | 'cancelled';

export const appointmentStatuses: readonly AppointmentStatus[] = [
  'booked',
  'confirmed',
  'checked_in',
  'in_service',
  'completed',
  'no_show',
  'cancelled',
];

export interface Appointment {
  id: number;
  branch_id: number;
  customer_id: number;
  /** As the caller may read it; null in the answers of changes. */
  customer_name: string | null;
  service_id: number;
  service_name: string | null;
  /** A staff record id. */
  practitioner_id: number | null;
  practitioner_name: string | null;
  assistant_ids: number[];
  room_id: number | null;
  room_name: string | null;
  equipment_ids: number[];
  start: string;
  end: string;
  status: AppointmentStatus;
  note: string;
  cancel_reason: string;
  /** The treatment record opened at check-in. */
  treatment_id: number | null;
  booked_at: string;
  confirmed_at: string | null;
  checked_in_at: string | null;
  in_service_at: string | null;
  completed_at: string | null;
  no_show_at: string | null;
  cancelled_at: string | null;
  version: number;
}

export interface Slot {
  start: string;
  end: string;
  /** Free practitioners (staff record ids). */
  practitioner_ids: number[];
}

export interface Availability {
  slots: Slot[];
  step_min: 5 | 10 | 15;
  time_zone: string;
}

export interface AvailabilityQuery {
  service_id: number;
  branch_id: number;
  /** YYYY-MM-DD */
  from: string;
  to: string;
  practitioner_id?: number | null;
}

export const availability = (q: AvailabilityQuery) =>
  request<Availability>('GET', '/appointments/availability', { query: { ...q } });

export interface ListQuery {
  branch_id?: number | null;
  from: string;
  to: string;
  practitioner_id?: number | null;
  room_id?: number | null;
  customer_id?: number | null;
  status?: AppointmentStatus | null;
}

/** Appointments starting on the days (at most 31 days and 500 appointments), by start. */
export const listAppointments = (q: ListQuery) =>
  request<{ items: Appointment[] }>('GET', '/appointments', { query: { ...q } });

export const getAppointment = (id: number) => request<Appointment>('GET', `/appointments/${id}`);

export interface NewAppointment {
  customer_id: number;
  service_id: number;
  branch_id: number;
  start: string;
  practitioner_id?: number;
  note?: string;
}

const idem = (key: string) => ({ 'Idempotency-Key': key });

/** 201; 409 appointment.slot_taken when the time is no longer free. */
export const book = (body: NewAppointment, key: string) =>
  request<Appointment>('POST', '/appointments', { body, headers: idem(key) });

/** 409 appointment.slot_taken / appointment.unavailable leave the appointment where it was. */
export const reschedule = (id: number, body: { start: string; practitioner_id?: number }, key: string) =>
  request<Appointment>('POST', `/appointments/${id}/reschedule`, { body, headers: idem(key) });

export const cancel = (id: number, reason: string, key: string) =>
  request<Appointment>('POST', `/appointments/${id}/cancel`, { body: { reason }, headers: idem(key) });

export type StatusChange = 'confirmed' | 'checked_in' | 'in_service' | 'completed' | 'no_show';

/** checked_in answers the opened treatment record as treatment_id. */
export const changeStatus = (id: number, status: StatusChange, key: string) =>
  request<Appointment>('POST', `/appointments/${id}/status`, { body: { status }, headers: idem(key) });

export interface BookingSettings {
  slot_step_min: 5 | 10 | 15;
  time_zone: string;
}

export const settings = () => request<BookingSettings>('GET', '/appointments/settings');

export interface OpeningHours {
  branch_id: number;
  /** Weekday 0 = Sunday; a weekday without an entry is closed; no entries: no limit. */
  days: { weekday: number; open: string; close: string }[];
}

export const openingHours = (branchId: number) =>
  request<OpeningHours>('GET', `/appointments/branches/${branchId}/opening-hours`);

// ---------------------------------------------------------------- public self-booking (no login)

export interface PublicService {
  id: number;
  name: string;
  duration_min: number;
  price_fen: number;
}

export interface PublicBooking {
  branch: { id: number; name: string };
  services: PublicService[];
  /** The clinic's date now (YYYY-MM-DD, in its time zone): the first day that can be booked. */
  today: string;
  time_zone: string;
}

/** 404 public.not_found when the branch does not exist or self-booking is off. */
export const publicBooking = (branchId: number) =>
  request<PublicBooking>('GET', `/public/branches/${branchId}/booking`);

/** 422 for a date in the past or more than 30 days ahead. */
export const publicSlots = (branchId: number, serviceId: number, date: string) =>
  request<{ slots: { start: string; end: string }[] }>('GET', `/public/branches/${branchId}/slots`, {
    query: { service_id: serviceId, date },
  });

export interface CodeReply {
  expires_in: number;
  /** Demo mode only: the code, shown on screen. */
  demo_code?: string;
}

/** 202; 429 public.rate_limited with Retry-After (details.retry_after_s). */
export const publicCode = (branchId: number, phone: string) =>
  request<CodeReply>('POST', `/public/branches/${branchId}/code`, { body: { phone } });

export interface PublicBookBody {
  service_id: number;
  start: string;
  name: string;
  phone: string;
  code: string;
}

export interface PublicBooked {
  id: number;
  start: string;
  end: string;
  service: { name: string };
  branch: { name: string };
  status: 'booked';
  /** Masked, 138****5678. */
  phone?: string;
}

/** 201; 422 public.bad_code; 409 appointment.slot_taken. */
export const publicBook = (branchId: number, body: PublicBookBody) =>
  request<PublicBooked>('POST', `/public/branches/${branchId}/book`, { body });
