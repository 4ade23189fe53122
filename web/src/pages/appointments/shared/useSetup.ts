// What every appointments page needs first: the organisation's zone and slot step, the branches the
// caller can pick (kept in the URL as ?branch=), that branch's opening hours, and the practitioners and
// rooms to show as columns. Loaded once per page view; failures fall back to sensible defaults.
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import * as appts from '../../../api/appointments';
import type { OpeningHours } from '../../../api/appointments';
import { listBranches } from '../../../api/endpoints';
import * as records from '../../../api/records';
import type { RecordRow } from '../../../api/records';
import type { Branch } from '../../../api/types';
import { useAuth } from '../../../auth/AuthContext';
import { hasPermission } from '../../../access';
import { practitionersOf, roomsOf } from './resources';
import type { Resource } from './resources';

export interface Setup {
  timeZone: string;
  step: number;
  branches: Branch[];
  branchId: number | null;
  setBranchId: (id: number) => void;
  hours: OpeningHours['days'];
  practitioners: Resource[];
  rooms: Resource[];
  /** Every staff record the caller may read (to find the signed-in practitioner's own). */
  staffRows: RecordRow[];
  ready: boolean;
}

export function useSetup(): Setup {
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const [settings, setSettings] = useState<{ timeZone: string; step: number } | null>(null);
  const [branches, setBranches] = useState<Branch[] | null>(null);
  const [hours, setHours] = useState<OpeningHours['days']>([]);
  const [staffRows, setStaffRows] = useState<RecordRow[]>([]);
  const [roomRows, setRoomRows] = useState<RecordRow[]>([]);
  const permissions = user?.permissions ?? [];
  const canReadRooms = hasPermission(permissions, 'data.room.read');
  const fallbackZone = user?.org.time_zone ?? 'Asia/Shanghai';

  useEffect(() => {
    let live = true;
    appts.settings().then(
      (s) => live && setSettings({ timeZone: s.time_zone || fallbackZone, step: s.slot_step_min || 15 }),
      () => live && setSettings({ timeZone: fallbackZone, step: 15 }),
    );
    listBranches().then(
      (r) => live && setBranches(r.items),
      () => live && setBranches(user?.branch ? [{ id: user.branch.id, code: user.branch.code, name: user.branch.name }] : []),
    );
    records.listRecords('staff', { limit: 500, sort: 'name' }).then(
      (p) => live && setStaffRows(p.items),
      () => undefined,
    );
    if (canReadRooms) records.listRecords('room', { limit: 500, sort: 'name' }).then((p) => live && setRoomRows(p.items), () => undefined);
    return () => {
      live = false;
    };
  }, [fallbackZone, canReadRooms, user?.branch]);

  const fromUrl = Number(params.get('branch'));
  const branchId =
    Number.isInteger(fromUrl) && fromUrl > 0 ? fromUrl : (user?.branch_id ?? branches?.[0]?.id ?? null);
  const setBranchId = (id: number) =>
    setParams(
      (p) => {
        p.set('branch', String(id));
        return p;
      },
      { replace: true },
    );

  useEffect(() => {
    if (branchId === null) return;
    let live = true;
    appts.openingHours(branchId).then(
      (h) => live && setHours(h.days),
      () => live && setHours([]),
    );
    return () => {
      live = false;
    };
  }, [branchId]);

  const practitioners = useMemo(() => practitionersOf(staffRows, branchId), [staffRows, branchId]);
  const rooms = useMemo(() => roomsOf(roomRows, branchId), [roomRows, branchId]);
  return {
    timeZone: settings?.timeZone ?? fallbackZone,
    step: settings?.step ?? 15,
    branches: branches ?? [],
    branchId,
    setBranchId,
    hours,
    practitioners,
    rooms,
    staffRows,
    ready: settings !== null && branches !== null,
  };
}
