// One function per server endpoint, typed by the aliases in types.ts (derived from the generated schema).
import { request } from './client';
import type {
  ApiKeyList,
  AuditEntry,
  BranchList,
  ChangePasswordRequest,
  CreateApiKeyRequest,
  CreateUserRequest,
  Health,
  LoginRequest,
  NewApiKey,
  Page,
  PermissionList,
  Role,
  SessionReply,
  SetPasswordRequest,
  UpdateUserRequest,
  UserRow,
} from './types';

export const defaultPageSize = 50;

export const login = (body: LoginRequest) => request<SessionReply>('POST', '/auth/login', { body });

/** The start-up probe: a 401 here just means "not signed in yet". */
export const me = () => request<SessionReply>('GET', '/auth/me', { redirectOn401: false });

export const logout = () => request<void>('POST', '/auth/logout');

/** 401 auth.wrong_password is an answer about the old password, not a lost session. */
export const changePassword = (body: ChangePasswordRequest) =>
  request<void>('POST', '/auth/password', { body, handledCodes: ['auth.wrong_password'] });

export const health = () => request<Health>('GET', '/health');

export const listUsers = (cursor?: string | null) =>
  request<Page<UserRow>>('GET', '/users', { query: { limit: defaultPageSize, cursor } });

export const getUser = (id: number) => request<UserRow>('GET', `/users/${id}`);

export const createUser = (body: CreateUserRequest) => request<UserRow>('POST', '/users', { body });

/** 409 user.version_conflict when the row changed since it was read; 409 user.last_admin when the change
 *  would leave no active administrator. */
export const updateUser = (id: number, body: UpdateUserRequest) =>
  request<UserRow>('PATCH', `/users/${id}`, { body });

/** Sets another user's password (clears a lockout, signs them out); 422 auth.weak_password. */
export const setUserPassword = (id: number, body: SetPasswordRequest) =>
  request<void>('POST', `/users/${id}/password`, { body });

export const listRoles = () => request<{ items: Role[] }>('GET', '/roles');

/** Every grantable permission with its label in the UI language. */
export const listPermissions = () => request<PermissionList>('GET', '/permissions');

export const listBranches = () => request<BranchList>('GET', '/branches');

export const listAudit = (cursor?: string | null) =>
  request<Page<AuditEntry>>('GET', '/audit', { query: { limit: defaultPageSize, cursor } });

export const listApiKeys = () => request<ApiKeyList>('GET', '/api-keys');

/** The reply carries the key itself, which the server never shows again. */
export const createApiKey = (body: CreateApiKeyRequest) => request<NewApiKey>('POST', '/api-keys', { body });

export const revokeApiKey = (id: number) => request<void>('DELETE', `/api-keys/${id}`);
