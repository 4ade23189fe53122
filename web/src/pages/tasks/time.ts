// Snooze times in the organisation's time zone: "in 1 hour", "tomorrow 9:00", and a picked local time
// (a datetime-local value) as the instant the API takes. Pure: `now` is passed in.

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall clock in `timeZone` at `instant` (ms since the epoch). */
function wallClock(instant: number, timeZone: string): WallClock & { second: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

/** How far `timeZone` is ahead of UTC at `instant`, in ms. */
function zoneOffset(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

/** The instant when the wall clock in `timeZone` shows `w` (the later one when a clock change repeats it). */
export function instantOf(w: WallClock, timeZone: string): number {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  let guess = asUtc - zoneOffset(asUtc, timeZone);
  guess = asUtc - zoneOffset(guess, timeZone);
  return guess;
}

export function inOneHour(now: number): string {
  return new Date(now + 3_600_000).toISOString();
}

/** Tomorrow at `hour`:00 in `timeZone`. */
export function tomorrowAt(now: number, timeZone: string, hour = 9): string {
  const today = wallClock(now, timeZone);
  const tomorrow = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
  return new Date(
    instantOf({ year: tomorrow.getUTCFullYear(), month: tomorrow.getUTCMonth() + 1, day: tomorrow.getUTCDate(), hour, minute: 0 }, timeZone),
  ).toISOString();
}

/** "2026-05-01T14:30" typed in the organisation's zone → RFC 3339; null when not a date-time. */
export function localInputToIso(value: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  return new Date(instantOf({ year, month, day, hour, minute }, timeZone)).toISOString();
}

/** The datetime-local value for `instant` in `timeZone` (to start the picker at a sensible time). */
export function isoToLocalInput(instant: number, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** Snoozes must be in the future and at most 90 days ahead (the server's rule). */
export function snoozeAllowed(iso: string, now: number): boolean {
  const at = Date.parse(iso);
  return at > now && at <= now + 90 * 86_400_000;
}
