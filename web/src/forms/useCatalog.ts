// Hooks that load the catalog: field types (once per page view and language), the entity list, one entity,
// and the entities its relations point at (for relation labels and related-field filters).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as schema from '../api/schema';
import type { Entity, FieldType } from '../api/schema';
import { errorMessage } from '../components/formErrors';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** The server's error code when the load failed (e.g. schema.entity_not_found). */
  code: string | null;
  loading: boolean;
  reload: () => Promise<void>;
}

function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const reload = useCallback(async () => {
    setLoading(true);
    setError(null);
    setCode(null);
    try {
      setData(await load());
    } catch (caught) {
      setError(errorMessage(caught));
      setCode((caught as { code?: string }).code ?? null);
    } finally {
      setLoading(false);
    }
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, code, loading, reload };
}

/** The field types with labels in the UI language. */
export function useFieldTypes(): FieldType[] {
  const { i18n } = useTranslation();
  const [types, setTypes] = useState<FieldType[]>([]);
  useEffect(() => {
    let live = true;
    schema.listFieldTypes().then(
      (reply) => live && setTypes(reply.items),
      () => undefined, // pages still work with the types they know; the entity load shows errors
    );
    return () => {
      live = false;
    };
  }, [i18n.language]);
  return types;
}

export function useEntities(): Loaded<Entity[]> {
  return useLoad(useCallback(async () => (await schema.listEntities()).items, []));
}

export function useEntity(name: string | undefined): Loaded<Entity> {
  return useLoad(
    useCallback(async () => {
      if (!name) throw new Error('no entity');
      return schema.getEntity(name);
    }, [name]),
  );
}

/** The entities that `entity`'s relation fields point at, by name, as they load. */
export function useRelationTargets(entity: Entity | null): Record<string, Entity | undefined> {
  const [targets, setTargets] = useState<Record<string, Entity | undefined>>({});
  const names = [
    ...new Set(
      (entity?.fields ?? []).filter((f) => f.type === 'relation' && f.options.target).map((f) => f.options.target as string),
    ),
  ]
    .sort()
    .join(',');
  useEffect(() => {
    let live = true;
    for (const name of names ? names.split(',') : []) {
      schema.getEntity(name).then(
        (target) => live && setTargets((previous) => ({ ...previous, [name]: target })),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [names]);
  return targets;
}
