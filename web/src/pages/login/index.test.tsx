import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getCsrfToken } from '../../api/client';
import { setLanguage } from '../../i18n';
import { adminUser, health, installFetch, unauthenticated } from '../../test/fetchMock';
import { renderApp } from '../../test/renderApp';

async function submit(username: string, password: string) {
  fireEvent.change(await screen.findByLabelText('用户名'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('密码'), { target: { value: password } });
  fireEvent.click(screen.getByTestId('login-submit'));
}

describe('login page', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('sends a visitor without a session to /login', async () => {
    installFetch({ 'GET /api/v1/auth/me': unauthenticated });
    const app = renderApp('/system/users');
    await screen.findByTestId('login-submit');
    expect(app.path()).toBe('/login');
  });

  it('signs in with a success message, keeps the CSRF token and shows the home page', async () => {
    const { requests } = installFetch({
      'GET /api/v1/auth/me': unauthenticated,
      'POST /api/v1/auth/login': { body: { user: adminUser, csrf_token: 'csrf-1' } },
      'GET /api/v1/health': { body: health },
      'GET /api/v1/roles': { body: { items: [] } },
      'GET /api/v1/users': { body: { items: [], next_cursor: null } },
    });
    const app = renderApp('/');
    await submit('admin', 'Secret123');
    expect(await screen.findByText('登录成功')).toBeTruthy();
    expect(await screen.findByText('欢迎，系统管理员')).toBeTruthy();
    expect(app.path()).toBe('/');
    expect(getCsrfToken()).toBe('csrf-1');
    expect(requests.find((r) => r.path === '/api/v1/auth/login')?.body).toEqual({
      username: 'admin',
      password: 'Secret123',
    });
    expect(await screen.findByTestId('server-version')).toHaveProperty('textContent', '0.1.0');
  });

  it('returns to the page first asked for after signing in', async () => {
    installFetch({
      'GET /api/v1/auth/me': unauthenticated,
      'POST /api/v1/auth/login': { body: { user: adminUser, csrf_token: 'csrf-2' } },
      'GET /api/v1/audit': {
        body: {
          items: [{ id: 7, at: '2025-03-01T06:05:09Z', actor: 'admin', action: 'auth.login', target: 'admin', ip: '127.0.0.1' }],
          next_cursor: null,
        },
      },
    });
    const app = renderApp('/system/audit');
    await submit('admin', 'Secret123');
    // 06:05 UTC is 14:05 in the organisation's Asia/Shanghai.
    expect(await screen.findByText('2025/03/01 14:05:09')).toBeTruthy();
    expect(app.path()).toBe('/system/audit');
  });

  it('shows the server message on failure and stays on /login', async () => {
    installFetch({
      'GET /api/v1/auth/me': unauthenticated,
      'POST /api/v1/auth/login': {
        status: 401,
        body: { error: { code: 'auth.invalid_credentials', message: '用户名或密码错误', details: {} } },
      },
    });
    const app = renderApp('/login');
    await submit('admin', 'wrong');
    const alert = await screen.findByTestId('login-error');
    expect(alert.textContent).toContain('用户名或密码错误');
    expect(app.path()).toBe('/login');
  });

  it('goes to /login when the session expires mid-visit', async () => {
    installFetch({
      'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 'csrf-3' } },
      'GET /api/v1/roles': unauthenticated,
    });
    const app = renderApp('/system/roles');
    await screen.findByTestId('login-submit');
    expect(app.path()).toBe('/login');
    expect(getCsrfToken()).toBeNull();
  });

  it('asks for both fields before calling the server', async () => {
    const { requests } = installFetch({ 'GET /api/v1/auth/me': unauthenticated });
    renderApp('/login');
    fireEvent.click(await screen.findByTestId('login-submit'));
    expect(await screen.findByText('请输入用户名')).toBeTruthy();
    expect(screen.getByText('请输入密码')).toBeTruthy();
    await waitFor(() => expect(requests.every((r) => r.path !== '/api/v1/auth/login')).toBe(true));
  });
});
