// Dates and times in the organisation's time zone: the server sends RFC 3339 with the zone's offset
// and takes the same back, so the boards work in the zone's wall clock (a date and minutes since its
// midnight) whatever the browser's own zone, daylight saving included.

/** A day in the organisation's zone, YYYY-MM-DD. */
export type Day = string;

export interface Wall {
  date: Day;
  /** Minutes since the day's midnight (0-1439). */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function partsAt(ms: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour') % 24, mi: get('minute'), s: get('second') };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function dayText(y: number, mo: number, d: number): Day {
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
}

/** The zone's offset from UTC at instant `ms`, in minutes (east positive). */
export function offsetAt(ms: number, timeZone: string): number {
  const p = partsAt(ms, timeZone);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The wall clock of an RFC 3339 time in `timeZone`. */
export function wallOf(iso: string, timeZone: string): Wall {
  const p = partsAt(Date.parse(iso), timeZone);
  return { date: dayText(p.y, p.mo, p.d), minutes: p.h * 60 + p.mi };
}

/** RFC 3339 with the zone's offset for `minutes` after midnight of `date` in `timeZone`. A wall time
 *  skipped by a daylight-saving jump resolves to the instant after the jump's offset change. */
export function zonedIso(date: Day, minutes: number, timeZone: string): string {
  const [y, mo, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, mo - 1, d, 0, minutes);
  let offset = offsetAt(guess, timeZone);
  let ms = guess - offset * 60_000;
  const second = offsetAt(ms, timeZone);
  if (second !== offset) {
    offset = second;
    ms = guess - offset * 60_000;
  }
  const p = partsAt(ms, timeZone);
  const real = offsetAt(ms, timeZone);
  const sign = real < 0 ? '-' : '+';
  const abs = Math.abs(real);
  return `${dayText(p.y, p.mo, p.d)}T${pad(p.h)}:${pad(p.mi)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Today in `timeZone`. */
export function todayIn(timeZone: string, now = Date.now()): Day {
  return wallOf(new Date(now).toISOString(), timeZone).date;
}

/** `date` moved by `days` (calendar days). */
export function addDays(date: Day, days: number): Day {
  const [y, mo, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, mo - 1, d + days));
  return dayText(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: Day): number {
  const [y, mo, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
}

/** The Monday of the week holding `date` (weeks start on Monday in China). */
export function weekStart(date: Day): Day {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

/** "HH:MM" of minutes since midnight (1440 reads 24:00). */
export function hhmm(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Minutes of "HH:MM", or null. */
export function parseHhmm(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  return h <= 24 && mi < 60 ? h * 60 + mi : null;
}

/** The wall-clock "HH:MM" written in an RFC 3339 string: the server writes the organisation's offset,
 *  so this is the clinic's local time without knowing its zone (the public page has no session). */
export function clockOf(iso: string): string {
  return /T(\d{2}:\d{2})/.exec(iso)?.[1] ?? iso;
}
