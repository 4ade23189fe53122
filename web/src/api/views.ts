// Saved list views (/api/v1/data/{entity}/views): shared ones (from templates or managers) and the
// caller's own. Typed by hand from docs/API.md until the OpenAPI document is regenerated.
import { request } from './client';
import type { FilterNode } from './schema';

export interface SavedView {
  id: number;
  name: string;
  columns: string[];
  filter: FilterNode | null;
  /** Field names, "-" first for descending. */
  sort: string[];
  q: string;
  shared: boolean;
  /** Null for shared views. */
  owner_id: number | null;
  /** The solution template that brought it, if any. */
  template: string | null;
}

export interface ViewInput {
  name?: string;
  columns?: string[];
  filter?: FilterNode | null;
  sort?: string[];
  q?: string;
  /** Create only: a shared view (needs schema.manage or views.manage). */
  shared?: boolean;
}

const base = (entity: string) => `/data/${encodeURIComponent(entity)}/views`;

export async function listViews(entity: string): Promise<SavedView[]> {
  const page = await request<{ items: SavedView[] }>('GET', base(entity));
  return page.items;
}

export function createView(entity: string, input: ViewInput): Promise<SavedView> {
  return request<SavedView>('POST', base(entity), { body: input });
}

export function updateView(entity: string, id: number, input: ViewInput): Promise<SavedView> {
  return request<SavedView>('PATCH', `${base(entity)}/${id}`, { body: input });
}

export function deleteView(entity: string, id: number): Promise<void> {
  return request<void>('DELETE', `${base(entity)}/${id}`);
}
