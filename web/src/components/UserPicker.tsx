// Picks an active staff user by name (the first 500 users of the organisation, searched in the browser).
// Users who may not list users (no user.read) see the error instead of an empty list.
import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { request } from '../api/client';
import type { Page, UserRow } from '../api/types';
import { errorMessage } from './formErrors';

export interface PickedUser {
  id: number;
  name: string;
}

let cache: Promise<Page<UserRow>> | null = null;

/** The organisation's users, loaded once per page view. */
export function loadUsers(): Promise<Page<UserRow>> {
  cache ??= request<Page<UserRow>>('GET', '/users', { query: { limit: 500 } }).catch((error: unknown) => {
    cache = null;
    throw error;
  });
  return cache;
}

export function useUsers(): { users: UserRow[]; error: string | null } {
  const [users, setUsers] = useState<UserRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadUsers().then(
      (page) => live && setUsers(page.items),
      (caught: unknown) => live && setError(errorMessage(caught)),
    );
    return () => {
      live = false;
    };
  }, []);
  return { users, error };
}

export default function UserPicker({ value, onChange, placeholder, testId }: {
  value: number | null | undefined;
  onChange: (user: PickedUser | null) => void;
  placeholder?: string;
  testId?: string;
}) {
  const { users, error } = useUsers();
  const options = users
    .filter((u) => u.status === 'active' || u.id === value)
    .map((u) => ({ value: u.id, label: `${u.display_name}（${u.username}）` }));
  return (
    <Select<number>
      showSearch
      allowClear
      optionFilterProp="label"
      value={value ?? undefined}
      onChange={(id) => {
        const user = users.find((u) => u.id === id);
        onChange(user ? { id: user.id, name: user.display_name } : null);
      }}
      options={options}
      placeholder={placeholder}
      status={error ? 'error' : undefined}
      notFoundContent={error ?? undefined}
      style={{ minWidth: 200 }}
      data-testid={testId}
    />
  );
}
