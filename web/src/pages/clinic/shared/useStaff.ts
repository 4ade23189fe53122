// The clinic's staff as pickers need them: staff records (/data/staff, readable by every clinic role,
// unlike the user list) with their login account, name and position. Loaded once per page view.
import { useEffect, useState } from 'react';
import * as records from '../../../api/records';
import type { RecordRow } from '../../../api/records';
import type { Page } from '../../../api/types';
import { errorMessage } from '../../../components/formErrors';

export interface StaffMember {
  /** The login account (user id): what orders and treatments name. */
  userId: number;
  name: string;
  position: string | null;
}

let cache: Promise<Page<RecordRow>> | null = null;

export function staffFrom(rows: readonly RecordRow[]): StaffMember[] {
  return rows
    .filter((r) => typeof r.account === 'number' && r.active !== false)
    .map((r) => ({ userId: r.account as number, name: String(r.name ?? `#${r.id}`), position: typeof r.position === 'string' ? r.position : null }));
}

export function useStaff(): { staff: StaffMember[]; error: string | null } {
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    cache ??= records.listRecords('staff', { limit: 500, sort: 'name' }).catch((e: unknown) => {
      cache = null;
      throw e;
    });
    cache.then(
      (page) => live && setStaff(staffFrom(page.items)),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, []);
  return { staff, error };
}

/** The name of user `id` among the staff, or "#id". */
export function staffName(staff: readonly StaffMember[], id: unknown): string {
  if (typeof id !== 'number') return '';
  return staff.find((s) => s.userId === id)?.name ?? `#${id}`;
}
