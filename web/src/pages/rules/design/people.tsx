// Pickers for people in actions: a user field of the record, a role, or a fixed user.
import { useEffect, useState } from 'react';
import { Select } from 'antd';
import * as endpoints from '../../../api/endpoints';
import type { Role } from '../../../api/types';
import type { Entity } from '../../../api/schema';
import UserPicker from '../../../components/UserPicker';
import { fieldsOfTypes, userFieldTypes } from '../draft';

let rolesCache: Promise<Role[]> | null = null;

export function useRoles(): Role[] {
  const [roles, setRoles] = useState<Role[]>([]);
  useEffect(() => {
    let live = true;
    rolesCache ??= endpoints.listRoles().then((reply) => reply.items, () => {
      rolesCache = null;
      return [];
    });
    void rolesCache.then((items) => live && setRoles(items));
    return () => {
      live = false;
    };
  }, []);
  return roles;
}

export function RolePicker({ value, onChange, testId }: { value: string; onChange: (role: string) => void; testId?: string }) {
  const roles = useRoles();
  return (
    <Select
      showSearch
      optionFilterProp="label"
      value={value || undefined}
      onChange={onChange}
      options={roles.map((r) => ({ value: r.name, label: r.label }))}
      style={{ minWidth: 160 }}
      data-testid={testId}
    />
  );
}

export function UserFieldPicker({ entity, value, onChange, testId }: { entity: Entity | undefined; value: string; onChange: (field: string) => void; testId?: string }) {
  return (
    <Select
      value={value || undefined}
      onChange={onChange}
      options={fieldsOfTypes(entity, userFieldTypes).map((f) => ({ value: f.name, label: f.label }))}
      style={{ minWidth: 160 }}
      data-testid={testId}
    />
  );
}

export function FixedUserPicker({ value, onChange, testId }: { value: number | undefined; onChange: (id: number | undefined) => void; testId?: string }) {
  return <UserPicker value={value} onChange={(user) => onChange(user?.id)} testId={testId} />;
}
