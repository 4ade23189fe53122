// The list page's state: the view (columns, filter, sort, search) and the records it selects, one keyset
// page at a time. Changing the view reloads from the first page.
import { useCallback, useMemo, useState } from 'react';
import * as records from '../../../api/records';
import type { ListQuery } from '../../../api/records';
import type { Entity } from '../../../api/schema';
import { useCursorList } from '../../../components/useCursorList';
import { buildFilter, emptyFilter, filterableFields, sortParam } from '../../../forms/filter';
import type { FilterGroup } from '../../../forms/filter';
import type { ListView, SortKey } from '../../../forms/savedViews';

/** The columns shown before the person chooses: the first six live fields that fit in a table cell. */
export function defaultColumns(entity: Entity): string[] {
  return entity.fields
    .filter((f) => !f.retired && !['sub_form', 'json', 'rich_text', 'textarea'].includes(f.type))
    .slice(0, 6)
    .map((f) => f.name);
}

export function useRecordList(entity: Entity, targets: Record<string, Entity | undefined>) {
  const [columns, setColumns] = useState<string[]>(() => defaultColumns(entity));
  const [filter, setFilter] = useState<FilterGroup>(emptyFilter);
  const [sort, setSort] = useState<SortKey[]>([]);
  const [q, setQ] = useState('');

  const fields = useMemo(() => filterableFields(entity, targets), [entity, targets]);
  const built = useMemo(() => buildFilter(filter, fields), [filter, fields]);
  const query = useMemo<ListQuery>(
    () => ({ filter: built.filter, sort: sortParam(sort) || undefined, q: q || undefined }),
    [built.filter, sort, q],
  );
  const queryKey = JSON.stringify(query);
  const name = entity.name;
  const fetchPage = useCallback(
    (cursor: string | null) => records.listRecords(name, JSON.parse(queryKey) as ListQuery, cursor),
    [name, queryKey],
  );
  const list = useCursorList(fetchPage);

  const view: ListView = { name: '', columns, filter, sort, q };
  const applyView = useCallback((v: ListView) => {
    setColumns(v.columns);
    setFilter(v.filter);
    setSort(v.sort);
    setQ(v.q);
  }, []);

  return { list, query, fields, columns, setColumns, filter, setFilter, sort, setSort, q, setQ, view, applyView, incomplete: built.incomplete };
}
