// The public booking page's pure parts: the days a customer can pick (today and the next 30), input
// checks for a mainland mobile number, a one-time code and a name, the minutes of a slot's wall clock,
// and where the page is in its flow.
import { addDays } from '../appointments/time';
import type { Day } from '../appointments/time';

export const maxDaysAhead = 30;

/** Today and the following days, `count` in all (at most today + 30). */
export function nextDays(today: Day, count: number): Day[] {
  return Array.from({ length: Math.min(count, maxDaysAhead + 1) }, (_, i) => addDays(today, i));
}

/** The browser's own today, YYYY-MM-DD: only until the page has the clinic's own today. */
export function localToday(now = new Date()): Day {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const validPhone = (phone: string) => /^1[3-9]\d{9}$/.test(phone.trim());

export const validCode = (code: string) => /^\d{6}$/.test(code.trim());

export const validName = (name: string) => name.trim().length >= 1 && name.trim().length <= 50;

/** Minutes since midnight of the wall clock written in an RFC 3339 string. */
export function minutesOf(iso: string): number {
  const m = /T(\d{2}):(\d{2})/.exec(iso);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

export type Step = 'service' | 'time' | 'contact' | 'done';

/** The step the page shows for what has been chosen so far. */
export function stepOf(state: { serviceId: number | null; slot: string | null; booked: boolean }): Step {
  if (state.booked) return 'done';
  if (state.serviceId === null) return 'service';
  return state.slot === null ? 'time' : 'contact';
}

/** A phone number shown with its middle digits hidden: 138****5678. */
export function maskPhone(phone: string): string {
  const p = phone.trim();
  return p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : p;
}
