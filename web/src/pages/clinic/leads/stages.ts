// The lead pipeline, pure: the board's columns, leads grouped into them, and what a move between two
// columns sends (PATCH /data/lead/{id} {"stage","version"}; to "lost" with the reason asked for).
import type { RecordRow } from '../../../api/records';

export const stages = ['new', 'contacted', 'booked', 'visited', 'won', 'lost'] as const;
export type Stage = (typeof stages)[number];

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (stages as readonly string[]).includes(value);
}

/** A lead's column; a lead without a (known) stage is new. */
export function stageOf(lead: Record<string, unknown>): Stage {
  return isStage(lead.stage) ? lead.stage : 'new';
}

/** Leads per column, each column in the order given. */
export function groupByStage<T extends RecordRow>(leads: readonly T[]): Record<Stage, T[]> {
  const out = Object.fromEntries(stages.map((s) => [s, [] as T[]])) as Record<Stage, T[]>;
  for (const lead of leads) out[stageOf(lead)].push(lead);
  return out;
}

export type Move =
  | { kind: 'none' }
  /** Moving to lost: ask for the reason, then send with it. */
  | { kind: 'needReason' }
  | { kind: 'patch'; body: { stage: Stage; version: number; lost_reason?: string | null } };

/** What dropping `lead` on column `to` does. Leaving "lost" clears the lost reason. */
export function planMove(lead: Record<string, unknown> & { version: number }, to: Stage, lostReason?: string | null): Move {
  const from = stageOf(lead);
  if (from === to) return { kind: 'none' };
  if (to === 'lost') {
    if (!lostReason) return { kind: 'needReason' };
    return { kind: 'patch', body: { stage: to, version: lead.version, lost_reason: lostReason } };
  }
  const body: { stage: Stage; version: number; lost_reason?: null } = { stage: to, version: lead.version };
  if (from === 'lost') body.lost_reason = null;
  return { kind: 'patch', body };
}

/** The leads with `saved` in place of the row with its id (after a move), or moved optimistically. */
export function replaceLead<T extends RecordRow>(leads: readonly T[], saved: T): T[] {
  return leads.map((l) => (l.id === saved.id ? saved : l));
}

/** A lead may be turned into a customer until it has one (lead.customer set). */
export function canConvert(lead: Record<string, unknown>): boolean {
  return lead.customer === null || lead.customer === undefined;
}
