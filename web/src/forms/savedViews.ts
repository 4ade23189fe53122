// Saved list views (columns, filter, sort, search) per entity, kept in this browser's localStorage only —
// the UI says so. Malformed stored data is ignored rather than breaking the page.
import type { FilterGroup } from './filter';

export interface SortKey {
  field: string;
  descending: boolean;
}

export interface ListView {
  name: string;
  columns: string[];
  filter: FilterGroup;
  sort: SortKey[];
  q: string;
}

const storageKey = (entity: string) => `peony.views.${entity}`;

function isView(value: unknown): value is ListView {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ListView>;
  return (
    typeof v.name === 'string' &&
    Array.isArray(v.columns) &&
    typeof v.filter === 'object' &&
    v.filter !== null &&
    Array.isArray(v.filter.rules) &&
    Array.isArray(v.sort) &&
    typeof v.q === 'string'
  );
}

export function loadViews(entity: string, storage: Storage = window.localStorage): ListView[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(storageKey(entity)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isView) : [];
  } catch {
    return [];
  }
}

/** Saves `view`, replacing one of the same name; returns the list as stored. */
export function saveView(entity: string, view: ListView, storage: Storage = window.localStorage): ListView[] {
  const views = [...loadViews(entity, storage).filter((v) => v.name !== view.name), view];
  try {
    storage.setItem(storageKey(entity), JSON.stringify(views));
  } catch {
    // Storage full or disabled: the view still applies now.
  }
  return views;
}

export function deleteView(entity: string, name: string, storage: Storage = window.localStorage): ListView[] {
  const views = loadViews(entity, storage).filter((v) => v.name !== name);
  try {
    storage.setItem(storageKey(entity), JSON.stringify(views));
  } catch {
    // As above.
  }
  return views;
}
