// The board's geometry as pure functions: the day's time window, the rows of the grid, side-by-side
// lanes for overlapping cards, where a dragged card lands (snapped to the slot step and kept inside the
// window), and suggested slots grouped by part of the day.
import { parseHhmm } from './time';

export interface Window {
  /** Minutes since midnight of the first and after the last row. */
  start: number;
  end: number;
}

export const defaultWindow: Window = { start: 9 * 60, end: 21 * 60 };

export interface HoursDay {
  weekday: number;
  open: string;
  close: string;
}

/** The grid's window for a weekday: the branch's opening hours (the default 09:00-21:00 when it has
 *  none that day), widened to hold every appointment shown, in whole hours. */
export function dayWindow(hours: readonly HoursDay[], weekdays: readonly number[], spans: readonly { start: number; end: number }[]): Window {
  let start = Infinity;
  let end = -Infinity;
  for (const h of hours) {
    if (!weekdays.includes(h.weekday)) continue;
    const open = parseHhmm(h.open);
    const close = parseHhmm(h.close);
    if (open === null || close === null || close <= open) continue;
    start = Math.min(start, open);
    end = Math.max(end, close);
  }
  if (start === Infinity) ({ start, end } = defaultWindow);
  for (const s of spans) {
    start = Math.min(start, s.start);
    end = Math.max(end, s.end);
  }
  return { start: Math.max(0, Math.floor(start / 60) * 60), end: Math.min(24 * 60, Math.ceil(end / 60) * 60) };
}

/** The minutes at which rows start, every `step` minutes. */
export function timeRows(window: Window, step: number): number[] {
  const rows: number[] = [];
  for (let m = window.start; m < window.end; m += step) rows.push(m);
  return rows;
}

export interface Span {
  id: number;
  start: number;
  end: number;
}

export interface Lane {
  lane: number;
  /** Lanes in the card's group of overlapping cards. */
  of: number;
}

/** Side-by-side lanes for overlapping cards in one column: each card takes the first lane free at its
 *  start; cards that overlap (directly or through others) share a lane count. */
export function lanes(spans: readonly Span[]): Map<number, Lane> {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id);
  const out = new Map<number, Lane>();
  let group: { id: number; lane: number }[] = [];
  let laneEnds: number[] = [];
  let groupEnd = -Infinity;
  const close = () => {
    for (const g of group) out.set(g.id, { lane: g.lane, of: laneEnds.length });
    group = [];
    laneEnds = [];
  };
  for (const s of sorted) {
    if (s.start >= groupEnd) close();
    let lane = laneEnds.findIndex((end) => end <= s.start);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(s.end);
    } else laneEnds[lane] = s.end;
    group.push({ id: s.id, lane });
    groupEnd = group.length === 1 ? s.end : Math.max(groupEnd, s.end);
  }
  close();
  return out;
}

export interface Drop {
  /** The card's start before the drag, minutes since midnight. */
  start: number;
  duration: number;
  /** How far the pointer moved vertically, in pixels. */
  deltaY: number;
  pxPerMin: number;
  step: number;
  window: Window;
}

/** The start a card dragged by `deltaY` lands on: moved by whole slot steps, on the step grid, and kept
 *  inside the window. */
export function dropStart({ start, duration, deltaY, pxPerMin, step, window }: Drop): number {
  const moved = start + deltaY / pxPerMin;
  let snapped = Math.round(moved / step) * step;
  const latest = Math.floor((window.end - duration) / step) * step;
  snapped = Math.min(snapped, latest);
  snapped = Math.max(snapped, Math.ceil(window.start / step) * step);
  return snapped;
}

/** Top and height in pixels of a card from `start` to `end` in the window. */
export function placement(start: number, end: number, window: Window, pxPerMin: number): { top: number; height: number } {
  const s = Math.max(start, window.start);
  const e = Math.min(end, window.end);
  return { top: (s - window.start) * pxPerMin, height: Math.max((e - s) * pxPerMin, 18) };
}

export type Period = 'morning' | 'afternoon' | 'evening';

export const periods: readonly Period[] = ['morning', 'afternoon', 'evening'];

export function periodOf(minutes: number): Period {
  if (minutes < 12 * 60) return 'morning';
  return minutes < 18 * 60 ? 'afternoon' : 'evening';
}

/** Items grouped by part of the day (before noon, before 18:00, after), keeping their order. */
export function byPeriod<T>(items: readonly T[], minutesOf: (item: T) => number): Record<Period, T[]> {
  const out: Record<Period, T[]> = { morning: [], afternoon: [], evening: [] };
  for (const item of items) out[periodOf(minutesOf(item))].push(item);
  return out;
}
