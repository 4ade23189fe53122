import { describe, expect, it } from 'vitest';
import { addDays, clockOf, hhmm, parseHhmm, todayIn, wallOf, weekdayOf, weekStart, zonedIso } from './time';

describe('organisation time', () => {
  it('reads the wall clock of a time in the zone, whatever offset it was written with', () => {
    expect(wallOf('2026-11-24T10:15:00+08:00', 'Asia/Shanghai')).toEqual({ date: '2026-11-24', minutes: 615 });
    expect(wallOf('2026-11-24T02:15:00Z', 'Asia/Shanghai')).toEqual({ date: '2026-11-24', minutes: 615 });
    // 23:30 UTC is the next morning in Shanghai.
    expect(wallOf('2026-11-23T23:30:00Z', 'Asia/Shanghai')).toEqual({ date: '2026-11-24', minutes: 450 });
  });

  it('writes a wall time with the zone offset of that day, across daylight saving', () => {
    expect(zonedIso('2026-11-24', 600, 'Asia/Shanghai')).toBe('2026-11-24T10:00:00+08:00');
    expect(zonedIso('2026-07-01', 9 * 60 + 30, 'America/New_York')).toBe('2026-07-01T09:30:00-04:00');
    expect(zonedIso('2026-11-24', 9 * 60 + 30, 'America/New_York')).toBe('2026-11-24T09:30:00-05:00');
    // 2026-03-08: 02:00 jumps to 03:00; a time after the jump on that day carries the summer offset.
    expect(zonedIso('2026-03-08', 10 * 60, 'America/New_York')).toBe('2026-03-08T10:00:00-04:00');
    expect(zonedIso('2026-03-08', 60, 'America/New_York')).toBe('2026-03-08T01:00:00-05:00');
    // 2026-11-01: the day the clocks go back.
    expect(zonedIso('2026-11-01', 15 * 60, 'America/New_York')).toBe('2026-11-01T15:00:00-05:00');
  });

  it('round-trips a wall time', () => {
    for (const zone of ['Asia/Shanghai', 'America/New_York', 'UTC']) {
      for (const minutes of [0, 9 * 60, 13 * 60 + 45, 23 * 60 + 45]) {
        expect(wallOf(zonedIso('2026-06-15', minutes, zone), zone)).toEqual({ date: '2026-06-15', minutes });
      }
    }
  });

  it('knows today in the zone', () => {
    const instant = Date.parse('2026-11-23T17:00:00Z');
    expect(todayIn('Asia/Shanghai', instant)).toBe('2026-11-24');
    expect(todayIn('America/New_York', instant)).toBe('2026-11-23');
  });

  it('does calendar arithmetic', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekdayOf('2026-11-22')).toBe(0);
    expect(weekStart('2026-11-22')).toBe('2026-11-16');
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(weekStart('2026-11-28')).toBe('2026-11-23');
  });

  it('formats and parses HH:MM', () => {
    expect(hhmm(615)).toBe('10:15');
    expect(hhmm(1440)).toBe('24:00');
    expect(parseHhmm('09:30')).toBe(570);
    expect(parseHhmm('24:00')).toBe(1440);
    expect(parseHhmm('9:75')).toBeNull();
    expect(parseHhmm('x')).toBeNull();
    expect(clockOf('2026-11-24T14:30:00+08:00')).toBe('14:30');
  });
});
