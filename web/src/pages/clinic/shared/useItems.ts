// The things a clinic sells and performs, as pickers need them: services, products and card products
// (records of the template's entities), each with its price in fen. Inactive ones are left out.
import { useEffect, useState } from 'react';
import * as records from '../../../api/records';
import type { RecordRow } from '../../../api/records';
import { errorMessage } from '../../../components/formErrors';

export interface Item {
  id: number;
  name: string;
  price_fen: number;
  row: RecordRow;
}

export function itemsFrom(rows: readonly RecordRow[]): Item[] {
  return rows
    .filter((r) => r.active !== false)
    .map((r) => ({ id: r.id, name: String(r.name ?? `#${r.id}`), price_fen: typeof r.price === 'number' ? r.price : 0, row: r }));
}

/** Items of `entity` (service, product, card_product); empty when the caller may not read them. */
export function useItems(entity: 'service' | 'product' | 'card_product'): { items: Item[]; error: string | null; loading: boolean } {
  const [items, setItems] = useState<Item[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    let live = true;
    records.listRecords(entity, { limit: 500, sort: 'name' }).then(
      (page) => {
        if (!live) return;
        setItems(itemsFrom(page.items));
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(errorMessage(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [entity]);
  return { items, error, loading };
}
