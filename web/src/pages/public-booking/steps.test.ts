import { describe, expect, it } from 'vitest';
import { localToday, maskPhone, minutesOf, nextDays, stepOf, validCode, validName, validPhone } from './steps';

describe('public booking steps', () => {
  it('offers today and at most the next 30 days', () => {
    expect(nextDays('2026-11-30', 3)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02']);
    expect(nextDays('2026-11-30', 100)).toHaveLength(31);
    expect(nextDays('2026-11-30', 100)[30]).toBe('2026-12-30');
  });

  it('writes the local date', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it('checks mobile numbers, codes and names', () => {
    expect(validPhone('13812345678')).toBe(true);
    expect(validPhone(' 13812345678 ')).toBe(true);
    expect(validPhone('12812345678')).toBe(false);
    expect(validPhone('1381234567')).toBe(false);
    expect(validPhone('138123456789')).toBe(false);
    expect(validPhone('138-1234-5678')).toBe(false);
    expect(validCode('123456')).toBe(true);
    expect(validCode('12345')).toBe(false);
    expect(validCode('12345a')).toBe(false);
    expect(validName('王女士')).toBe(true);
    expect(validName('   ')).toBe(false);
    expect(validName('x'.repeat(51))).toBe(false);
  });

  it('reads the wall clock of a slot', () => {
    expect(minutesOf('2026-11-24T14:30:00+08:00')).toBe(870);
    expect(minutesOf('bad')).toBe(0);
  });

  it('moves through service → time → contact → done', () => {
    expect(stepOf({ serviceId: null, slot: null, booked: false })).toBe('service');
    expect(stepOf({ serviceId: 3, slot: null, booked: false })).toBe('time');
    expect(stepOf({ serviceId: 3, slot: '2026-11-24T14:30:00+08:00', booked: false })).toBe('contact');
    expect(stepOf({ serviceId: 3, slot: '2026-11-24T14:30:00+08:00', booked: true })).toBe('done');
  });

  it('masks a phone number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('123')).toBe('123');
  });
});
