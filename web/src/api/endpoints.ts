// One function per server endpoint. Replaced by the generated client once /api/v1/openapi.json exists.
import { request } from './client';
import type {
  AuditEntry,
  ChangePasswordRequest,
  CreateUserRequest,
  Health,
  LoginRequest,
  Page,
  Role,
  SessionReply,
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

export const createUser = (body: CreateUserRequest) => request<UserRow>('POST', '/users', { body });

export const listRoles = () => request<{ items: Role[] }>('GET', '/roles');

export const listAudit = (cursor?: string | null) =>
  request<Page<AuditEntry>>('GET', '/audit', { query: { limit: defaultPageSize, cursor } });
