import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../i18n';
import { ApiError, request, setCsrfToken, setUnauthorizedHandler } from './client';
import * as api from './endpoints';
import { installFetch, unauthenticated } from '../test/fetchMock';

describe('api client', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
    setCsrfToken(null);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('parses the error body into an ApiError with code, message, status and details', async () => {
    installFetch({
      'POST /api/v1/auth/login': {
        status: 423,
        body: { error: { code: 'auth.locked', message: '账号已锁定', details: { retry_after_s: 900 } } },
      },
    });
    const error = await api.login({ username: 'admin', password: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 423, code: 'auth.locked', message: '账号已锁定' });
    expect((error as ApiError).details).toEqual({ retry_after_s: 900 });
  });

  it('sends X-CSRF-Token on non-GET requests only, with the kept token', async () => {
    const { requests } = installFetch({
      'GET /api/v1/users': { body: { items: [], next_cursor: null } },
      'POST /api/v1/users': { status: 201, body: { id: 2 } },
    });
    setCsrfToken('token-123');
    await api.listUsers();
    await api.createUser({ username: 'li', display_name: '李', password: 'Secret123', roles: [], branch_id: null });
    expect(requests[0].headers['X-CSRF-Token']).toBeUndefined();
    expect(requests[1].headers['X-CSRF-Token']).toBe('token-123');
    expect(requests[1].headers['Content-Type']).toBe('application/json');
    expect(requests[1].body).toMatchObject({ username: 'li' });
  });

  it('sends the UI language as Accept-Language and pagination as query parameters', async () => {
    const { requests } = installFetch({ 'GET /api/v1/audit': { body: { items: [], next_cursor: null } } });
    await setLanguage('en-US');
    await api.listAudit('abc');
    expect(requests[0].headers['Accept-Language']).toBe('en-US');
    expect(requests[0].url).toBe('/api/v1/audit?limit=50&cursor=abc');
  });

  it('asks the app to go to /login on a 401, but not for login itself or a handled code', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    installFetch({
      'GET /api/v1/roles': unauthenticated,
      'POST /api/v1/auth/login': {
        status: 401,
        body: { error: { code: 'auth.invalid_credentials', message: '用户名或密码错误', details: {} } },
      },
      'POST /api/v1/auth/password': {
        status: 401,
        body: { error: { code: 'auth.wrong_password', message: '当前密码不正确', details: {} } },
      },
    });
    await expect(api.login({ username: 'a', password: 'b' })).rejects.toMatchObject({ code: 'auth.invalid_credentials' });
    await expect(api.changePassword({ old_password: 'a', new_password: 'b' })).rejects.toMatchObject({
      code: 'auth.wrong_password',
    });
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(api.listRoles()).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('gives a localised fallback message when the error body is not JSON', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>Bad Gateway</html>', { status: 502 })));
    await expect(request('GET', '/health')).rejects.toMatchObject({
      status: 502,
      code: 'http.502',
      message: '服务器返回错误（HTTP 502）',
    });
  });

  it('reports an unreachable server as network.error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(api.health()).rejects.toMatchObject({ status: 0, code: 'network.error' });
  });

  it('returns undefined for 204 replies', async () => {
    installFetch({ 'POST /api/v1/auth/logout': { status: 204 } });
    await expect(api.logout()).resolves.toBeUndefined();
  });
});
