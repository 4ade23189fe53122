// Wire types of the Peony HTTP API (/api/v1). Hand-written until the client is generated from
// /api/v1/openapi.json; names and shapes follow the server's snake_case JSON exactly.

/** Body of every error reply: HTTP status + {"error": {...}}; `message` is localised by Accept-Language. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: Record<string, unknown>;
  };
}

export type UserStatus = 'active' | 'locked' | 'disabled';

export interface Org {
  id: number;
  name: string;
  time_zone: string;
}

/** The signed-in user, as returned by login and me. */
export interface User {
  id: number;
  username: string;
  display_name: string;
  status: UserStatus;
  roles: string[];
  /** Permission names such as "user.read"; "*" grants everything. */
  permissions: string[];
  branch_id: number | null;
  org: Org;
}

export interface SessionReply {
  user: User;
  csrf_token: string;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface ChangePasswordRequest {
  old_password: string;
  new_password: string;
}

export interface Health {
  status: string;
  version: string;
  schema_version: number;
  database: { engine: string; ok: boolean };
}

/** A cursor-paginated list: pass `next_cursor` back as `cursor` until it is null. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  status: UserStatus;
  roles: string[];
  branch_id: number | null;
  /** RFC 3339 */
  created_at: string;
}

export interface CreateUserRequest {
  username: string;
  display_name: string;
  password: string;
  roles: string[];
  branch_id: number | null;
}

export interface Role {
  id: number;
  name: string;
  label: string;
  permissions: string[];
}

export interface AuditEntry {
  id: number;
  /** RFC 3339 */
  at: string;
  actor: string;
  action: string;
  target: string;
  ip: string;
}
