import { describe, expect, it } from 'vitest';
import { inOneHour, isoToLocalInput, localInputToIso, snoozeAllowed, tomorrowAt } from './time';

describe('snooze times', () => {
  const now = Date.parse('2026-03-10T17:30:00Z'); // 01:30 on 11 March in Shanghai

  it('is tomorrow 9:00 in the organisation’s zone, not the browser’s', () => {
    expect(tomorrowAt(now, 'Asia/Shanghai')).toBe('2026-03-12T01:00:00.000Z');
    expect(tomorrowAt(now, 'UTC')).toBe('2026-03-11T09:00:00.000Z');
  });

  it('follows daylight saving time', () => {
    // New York moves to summer time on 8 March 2026: 9:00 is 13:00 UTC after it, 14:00 before.
    expect(tomorrowAt(Date.parse('2026-03-08T03:00:00Z'), 'America/New_York')).toBe('2026-03-08T13:00:00.000Z');
    expect(tomorrowAt(Date.parse('2026-03-06T15:00:00Z'), 'America/New_York')).toBe('2026-03-07T14:00:00.000Z');
  });

  it('reads a picked local time in the organisation’s zone and back', () => {
    expect(localInputToIso('2026-05-01T14:30', 'Asia/Shanghai')).toBe('2026-05-01T06:30:00.000Z');
    expect(localInputToIso('2026-05-01', 'Asia/Shanghai')).toBeNull();
    expect(isoToLocalInput(Date.parse('2026-05-01T06:30:00Z'), 'Asia/Shanghai')).toBe('2026-05-01T14:30');
    expect(inOneHour(now)).toBe('2026-03-10T18:30:00.000Z');
  });

  it('allows only future times within 90 days', () => {
    expect(snoozeAllowed(inOneHour(now), now)).toBe(true);
    expect(snoozeAllowed('2026-03-10T17:00:00Z', now)).toBe(false);
    expect(snoozeAllowed('2026-07-01T00:00:00Z', now)).toBe(false);
  });
});
