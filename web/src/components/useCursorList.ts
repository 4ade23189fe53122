import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../api/types';
import { errorMessage } from './formErrors';

export interface CursorList<T> {
  items: T[];
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore: () => Promise<void>;
  reload: () => Promise<void>;
  /** Puts `next` in place of the loaded row it `matches` (after a save), keeping the pages loaded so far. */
  replace: (matches: (item: T) => boolean, next: T) => void;
}

/** Keeps the rows of a cursor-paginated list: loads the first page on mount, then one page per loadMore. */
export function useCursorList<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>): CursorList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  const load = useCallback(
    async (from: string | null) => {
      const mine = ++generation.current;
      setLoading(true);
      setError(null);
      try {
        const page = await fetchPage(from);
        if (mine !== generation.current) return;
        setItems((previous) => (from === null ? page.items : [...previous, ...page.items]));
        setCursor(page.next_cursor);
        setHasMore(page.next_cursor !== null);
      } catch (caught) {
        if (mine === generation.current) setError(errorMessage(caught));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [fetchPage],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const loadMore = useCallback(() => load(cursor), [load, cursor]);
  const reload = useCallback(() => load(null), [load]);
  const replace = useCallback((matches: (item: T) => boolean, next: T) => {
    setItems((previous) => previous.map((item) => (matches(item) ? next : item)));
  }, []);
  return { items, loading, error, hasMore, loadMore, reload, replace };
}
