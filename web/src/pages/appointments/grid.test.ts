import { describe, expect, it } from 'vitest';
import { byPeriod, dayWindow, dropStart, lanes, placement, timeRows } from './grid';

const hours = [
  { weekday: 1, open: '10:00', close: '21:00' },
  { weekday: 6, open: '09:30', close: '18:00' },
];

describe('board grid', () => {
  it('spans the opening hours of the day in whole hours, or 09:00-21:00 without any', () => {
    expect(dayWindow(hours, [1], [])).toEqual({ start: 600, end: 1260 });
    expect(dayWindow(hours, [6], [])).toEqual({ start: 540, end: 1080 });
    expect(dayWindow(hours, [1, 6], [])).toEqual({ start: 540, end: 1260 });
    expect(dayWindow(hours, [3], [])).toEqual({ start: 540, end: 1260 });
    expect(dayWindow([], [1], [])).toEqual({ start: 540, end: 1260 });
  });

  it('widens the window to hold every appointment', () => {
    expect(dayWindow(hours, [1], [{ start: 8 * 60 + 15, end: 9 * 60 }, { start: 21 * 60, end: 22 * 60 + 10 }])).toEqual({ start: 480, end: 1380 });
  });

  it('lists rows every step', () => {
    expect(timeRows({ start: 600, end: 660 }, 15)).toEqual([600, 615, 630, 645]);
    expect(timeRows({ start: 600, end: 630 }, 10)).toEqual([600, 610, 620]);
  });

  it('puts overlapping cards side by side and lone cards full width', () => {
    const out = lanes([
      { id: 1, start: 600, end: 660 },
      { id: 2, start: 630, end: 690 },
      { id: 3, start: 660, end: 720 },
      { id: 4, start: 800, end: 830 },
    ]);
    expect(out.get(1)).toEqual({ lane: 0, of: 2 });
    expect(out.get(2)).toEqual({ lane: 1, of: 2 });
    // 3 starts when 1 ends: it reuses lane 0 in the same group.
    expect(out.get(3)).toEqual({ lane: 0, of: 2 });
    expect(out.get(4)).toEqual({ lane: 0, of: 1 });
    expect(lanes([]).size).toBe(0);
  });

  it('lands a dragged card on the step grid', () => {
    const base = { start: 600, duration: 45, pxPerMin: 2, step: 15, window: { start: 540, end: 1260 } };
    expect(dropStart({ ...base, deltaY: 0 })).toBe(600);
    // 62 px = 31 min → the nearest step is +30.
    expect(dropStart({ ...base, deltaY: 62 })).toBe(630);
    expect(dropStart({ ...base, deltaY: 40 })).toBe(615);
    expect(dropStart({ ...base, deltaY: -125 })).toBe(540);
    // A step of 10 lands on multiples of 10.
    expect(dropStart({ ...base, step: 10, deltaY: 31 })).toBe(620);
  });

  it('keeps a dragged card inside the window', () => {
    const base = { start: 600, duration: 45, pxPerMin: 2, step: 15, window: { start: 540, end: 1260 } };
    expect(dropStart({ ...base, deltaY: -1000 })).toBe(540);
    // The latest start still ending by 21:00 on the grid: 20:15.
    expect(dropStart({ ...base, deltaY: 5000 })).toBe(1215);
  });

  it('places a card by its times, at least 18 px high', () => {
    expect(placement(600, 660, { start: 540, end: 1260 }, 2)).toEqual({ top: 120, height: 120 });
    expect(placement(600, 605, { start: 540, end: 1260 }, 2)).toEqual({ top: 120, height: 18 });
    expect(placement(500, 570, { start: 540, end: 1260 }, 1)).toEqual({ top: 0, height: 30 });
  });

  it('groups slots by part of the day', () => {
    const grouped = byPeriod([600, 719, 720, 1079, 1080], (m) => m);
    expect(grouped).toEqual({ morning: [600, 719], afternoon: [720, 1079], evening: [1080] });
  });
});
