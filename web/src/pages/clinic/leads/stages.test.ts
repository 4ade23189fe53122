import { describe, expect, it } from 'vitest';
import type { RecordRow } from '../../../api/records';
import { canConvert, groupByStage, planMove, replaceLead, stageOf } from './stages';

const lead = (id: number, stage: unknown, over: Partial<RecordRow> = {}): RecordRow => ({
  id, version: 3, created_at: '', updated_at: '', name: `L${id}`, stage, ...over,
});

describe('lead stages', () => {
  it('groups leads into the six columns, unknown stages under new', () => {
    const groups = groupByStage([lead(1, 'booked'), lead(2, null), lead(3, 'lost'), lead(4, 'weird'), lead(5, 'booked')]);
    expect(Object.keys(groups)).toEqual(['new', 'contacted', 'booked', 'visited', 'won', 'lost']);
    expect(groups.booked.map((l) => l.id)).toEqual([1, 5]);
    expect(groups.new.map((l) => l.id)).toEqual([2, 4]);
    expect(groups.lost.map((l) => l.id)).toEqual([3]);
    expect(stageOf(lead(9, 'won'))).toBe('won');
  });

  it('sends the stage with the version read; dropping on its own column does nothing', () => {
    expect(planMove(lead(1, 'new'), 'contacted')).toEqual({ kind: 'patch', body: { stage: 'contacted', version: 3 } });
    expect(planMove(lead(1, 'booked'), 'booked')).toEqual({ kind: 'none' });
  });

  it('asks for the lost reason before moving to lost, and clears it when leaving lost', () => {
    expect(planMove(lead(1, 'contacted'), 'lost')).toEqual({ kind: 'needReason' });
    expect(planMove(lead(1, 'contacted'), 'lost', 'price')).toEqual({ kind: 'patch', body: { stage: 'lost', version: 3, lost_reason: 'price' } });
    expect(planMove(lead(1, 'lost', { lost_reason: 'price' }), 'contacted')).toEqual({ kind: 'patch', body: { stage: 'contacted', version: 3, lost_reason: null } });
  });

  it('replaces a saved lead and knows which can still be converted', () => {
    const saved = lead(2, 'won', { version: 4, customer: 11 });
    expect(replaceLead([lead(1, 'new'), lead(2, 'visited')], saved)).toEqual([lead(1, 'new'), saved]);
    expect(canConvert(lead(1, 'visited'))).toBe(true);
    expect(canConvert(saved)).toBe(false);
  });
});
