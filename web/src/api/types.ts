// Wire types of the Peony HTTP API (/api/v1): short aliases over web/generated/schema.d.ts, which `npm run gen:api`
// generates from openapi.json (the server's /api/v1/openapi.json). Never edit schema.d.ts by hand;
// when the server changes, refresh openapi.json, regenerate, and fix what no longer type-checks.
import type { components, paths } from '../../generated/schema';

type Method = 'get' | 'post' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = Exclude<paths[P][M], undefined>;
type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** The document's reply schemas mark no property `required`, yet the server always sends every documented
 *  field (null where the document says nullable). Sent<T> says so, so pages need not test for undefined. */
type Sent<T> = T extends (infer Item)[] ? Sent<Item>[] : T extends object ? { [K in keyof T]-?: Sent<T[K]> } : T;

/** A JSON reply of `M P` with status `S`, e.g. Reply<'/api/v1/users', 'get'>. */
export type Reply<P extends keyof paths, M extends Method, S extends number = 200> =
  Operation<P, M> extends { responses: Record<S, infer R> } ? Sent<JsonOf<R>> : never;

/** The JSON request body of `M P`, exactly as documented (optional fields stay optional). */
export type Body<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;

/** A reply the document gives only as {"type": "object"} (generated as Record<string, never>): `Shape` is
 *  written from the server's actual reply until the document describes it; then the generated type wins. */
type Undocumented<Generated, Shape> = string extends keyof Generated ? Shape : Generated;

/** Body of every error reply: HTTP status + {"error": {...}}; `message` is localised by Accept-Language. */
export type ErrorBody = components['schemas']['Error'];

/** A cursor-paginated list: pass `next_cursor` back as `cursor` until it is null. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

// Session
export type SessionReply = Reply<'/api/v1/auth/me', 'get'>;
/** The signed-in user. `permissions` holds names such as "user.read"; "*" grants everything. */
export type User = SessionReply['user'];
export type Org = User['org'];
/** The user's branch; null for head-office users, who see every branch. */
export type UserBranch = User['branch'];
export type LoginRequest = Body<'/api/v1/auth/login', 'post'>;
export type ChangePasswordRequest = Body<'/api/v1/auth/password', 'post'>;
export type Health = Reply<'/api/v1/health', 'get'>;

// Staff accounts
export type UserList = Reply<'/api/v1/users', 'get'>;
export type UserRow = UserList['items'][number];
export type UserStatus = UserRow['status'];
export type CreateUserRequest = Body<'/api/v1/users', 'post'>;
/** Send the `version` read with the row: 409 user.version_conflict when someone changed it since. */
export type UpdateUserRequest = Body<'/api/v1/users/{id}', 'patch'>;
export type SetPasswordRequest = Body<'/api/v1/users/{id}/password', 'post'>;

// Roles and permissions
export type Role = Reply<'/api/v1/roles', 'get'>['items'][number];
export type Grant = Role['grants'][number];
/** How far a grant reaches: the user's own records, department, branch, or all. */
export type GrantScope = Grant['scope'];
export interface Permission {
  name: string;
  /** Localised by Accept-Language. */
  label: string;
}
export type PermissionList = Undocumented<Reply<'/api/v1/permissions', 'get'>, { items: Permission[] }>;

// Organisation
export interface Branch {
  id: number;
  code: string;
  name: string;
}
export type BranchList = Undocumented<Reply<'/api/v1/branches', 'get'>, { items: Branch[] }>;

// Audit
export type AuditEntry = Reply<'/api/v1/audit', 'get'>['items'][number];

// API keys
export interface ApiKey {
  id: number;
  name: string;
  /** The key's first characters, enough to recognise it; the key itself is never shown again. */
  prefix: string;
  user_id: number;
  /** RFC 3339 */
  created_at: string;
  last_used_at: string | null;
  /** Set once the key is revoked; a revoked key no longer signs in. */
  revoked_at: string | null;
}
export type ApiKeyList = Undocumented<Reply<'/api/v1/api-keys', 'get'>, { items: ApiKey[] }>;
/** The answer to creating a key: the only time `key` itself is sent. */
export type NewApiKey = Undocumented<Reply<'/api/v1/api-keys', 'post', 201>, ApiKey & { key: string }>;
export type CreateApiKeyRequest = Body<'/api/v1/api-keys', 'post'>;
