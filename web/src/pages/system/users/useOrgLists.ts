// Lists the users page needs only for labels and pickers.
import { useEffect, useState } from 'react';
import * as api from '../../../api/endpoints';
import type { Branch, Role } from '../../../api/types';

/** Loads `fetchList` once; empty while loading, on failure (the page still works, showing names or ids),
 *  and when `enabled` is false because the user may not read it. */
function useList<T>(fetchList: () => Promise<{ items: T[] }>, enabled: boolean): T[] {
  const [items, setItems] = useState<T[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    fetchList()
      .then((reply) => live && setItems(reply.items))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [fetchList, enabled]);
  return items;
}

/** Role definitions for labels and the role picker. */
export const useRoles = (enabled: boolean): Role[] => useList(api.listRoles, enabled);

/** The organisation's branches (any signed-in user may read them). */
export const useBranches = (): Branch[] => useList(api.listBranches, true);
