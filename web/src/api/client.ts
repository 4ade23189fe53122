// The one place that talks HTTP to the Peony server. Every call:
//  - sends and expects JSON, with the session cookie (same origin);
//  - sends Accept-Language from the UI language, so error messages come back localised;
//  - sends X-CSRF-Token on every non-GET, using the token from the last login or me reply;
//  - turns any error reply {"error":{code,message,details}} into a thrown ApiError;
//  - on 401 (except from login, or codes the caller says it handles) asks the app to go to /login.
import i18n, { currentLanguage } from '../i18n';
import type { ErrorBody } from './types';

export const apiBase = '/api/v1';

/** A failed call. `code` is the server's stable code (e.g. "auth.invalid_credentials"),
 *  or "network.error" / "http.<status>" when no error body came back. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  body?: unknown;
  /** Sent as is instead of a JSON body (an uploaded file); `contentType` names its type. */
  rawBody?: Blob;
  contentType?: string;
  query?: Record<string, QueryValue>;
  /** Error codes the caller handles itself: a 401 with one of them does not end the session. */
  handledCodes?: readonly string[];
  /** False when the caller itself handles "not signed in" (the session probe at start-up). */
  redirectOn401?: boolean;
  /** Extra request headers (e.g. Idempotency-Key on money and session endpoints). */
  headers?: Record<string, string>;
}

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => {
  if (window.location.pathname !== '/login') window.location.assign('/login');
};

/** Keeps the token from login/me; null after logout. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** The app replaces the default full-page redirect with a router navigation. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

const loginPath = '/auth/login';

/** The URL of an API path with its query (empty values left out), e.g. for a download link. */
export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${apiBase}${path}${search ? `?${search}` : ''}`;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Parses an error reply; falls back to a generic localised message when the body is not ours
 *  (for example a proxy's HTML page). */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const body = await readJson(response);
  if (isErrorBody(body)) {
    const { code, message, details } = body.error;
    return new ApiError(response.status, code, message, details ?? {});
  }
  return new ApiError(
    response.status,
    `http.${response.status}`,
    i18n.t('common:error.http', { status: response.status }),
  );
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    ...options.headers,
    Accept: 'application/json',
    'Accept-Language': currentLanguage(),
  };
  if (options.rawBody !== undefined) headers['Content-Type'] = options.contentType ?? 'application/octet-stream';
  else if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'include',
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
  } catch {
    throw new ApiError(0, 'network.error', i18n.t('common:error.network'));
  }

  if (!response.ok) {
    const error = await errorFromResponse(response);
    const handled = options.handledCodes?.includes(error.code) ?? false;
    if (response.status === 401 && path !== loginPath && !handled) {
      csrfToken = null;
      if (options.redirectOn401 !== false) onUnauthorized();
    }
    throw error;
  }
  return (await readJson(response)) as T;
}
