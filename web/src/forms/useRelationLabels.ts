// Labels of the records that relation fields point at, fetched in one list call per target entity for
// the ids on screen ({"field":"id","op":"in"}), and kept while the page lives.
import { useEffect, useState } from 'react';
import * as records from '../api/records';
import type { RecordRow } from '../api/records';
import type { Entity } from '../api/schema';
import { recordTitle } from './display';

export type RelationLabels = Record<string, Record<number, string>>;

function idOf(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null && 'id' in value) return Number((value as { id: unknown }).id);
  return null;
}

export function useRelationLabels(
  entity: Entity | null,
  rows: readonly RecordRow[],
  targets: Record<string, Entity | undefined>,
): RelationLabels {
  const [labels, setLabels] = useState<RelationLabels>({});
  const relations = (entity?.fields ?? []).filter((f) => f.type === 'relation' && !f.retired);
  const wanted = relations
    .map((f) => {
      const ids = [...new Set(rows.map((r) => idOf(r[f.name])).filter((id): id is number => id !== null))];
      return { field: f, ids: ids.filter((id) => labels[f.name]?.[id] === undefined) };
    })
    .filter((w) => w.ids.length > 0 && w.field.options.target && targets[w.field.options.target]);
  const key = wanted.map((w) => `${w.field.name}:${w.ids.join('.')}`).join('|');

  useEffect(() => {
    if (!key) return;
    let live = true;
    for (const { field, ids } of wanted) {
      const target = targets[field.options.target as string];
      if (!target) continue;
      records
        .listRecords(target.name, { filter: { field: 'id', op: 'in', value: ids.slice(0, 500) }, limit: 500 })
        .then(
          (page) => {
            if (!live) return;
            const found: Record<number, string> = {};
            for (const id of ids) found[id] = `#${id}`;
            for (const row of page.items) found[row.id] = recordTitle(target, row, field.options.display_field);
            setLabels((previous) => ({ ...previous, [field.name]: { ...previous[field.name], ...found } }));
          },
          () => undefined,
        );
    }
    return () => {
      live = false;
    };
    // `wanted` is derived from `key`'s inputs; the key says when it changed.
  }, [key]);
  return labels;
}
