import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../../i18n';
import { adminUser, installFetch } from '../../../test/fetchMock';
import type { RecordedRequest } from '../../../test/fetchMock';
import { renderApp } from '../../../test/renderApp';

const adminRow = {
  id: 1,
  username: 'admin',
  display_name: '系统管理员',
  status: 'active',
  roles: ['admin'],
  branch_id: null,
  created_at: '2025-01-01T00:00:00Z',
};
const roles = { items: [{ id: 1, name: 'admin', label: '管理员', permissions: ['*'] }] };

function usersServer(onCreate: (request: RecordedRequest) => { status: number; body: unknown }) {
  return installFetch({
    'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 'csrf-9' } },
    'GET /api/v1/roles': { body: roles },
    'GET /api/v1/users': (request) =>
      request.url.includes('cursor=')
        ? { body: { items: [{ ...adminRow, id: 2, username: 'li', display_name: '李娜', roles: [] }], next_cursor: null } }
        : { body: { items: [adminRow], next_cursor: 'c2' } },
    'POST /api/v1/users': onCreate,
  });
}

async function openCreateForm(username: string, password: string) {
  fireEvent.click(await screen.findByTestId('create-user'));
  const form = await screen.findByTestId('create-user-form');
  fireEvent.change(within(form).getByLabelText('用户名'), { target: { value: username } });
  fireEvent.change(within(form).getByLabelText('姓名'), { target: { value: '张丽' } });
  fireEvent.change(within(form).getByLabelText('初始密码'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
  return form;
}

describe('users page', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('lists users with role labels and loads the next page on demand', async () => {
    usersServer(() => ({ status: 500, body: {} }));
    renderApp('/system/users');
    const table = await screen.findByTestId('users-table');
    expect(await within(table).findByText('系统管理员')).toBeTruthy();
    expect(await within(table).findByText('管理员')).toBeTruthy();
    fireEvent.click(screen.getByTestId('load-more'));
    expect(await within(table).findByText('李娜')).toBeTruthy();
    expect(screen.getByText('已全部加载')).toBeTruthy();
  });

  it('shows a taken username under the field', async () => {
    usersServer(() => ({
      status: 409,
      body: { error: { code: 'user.username_taken', message: '用户名已被占用', details: {} } },
    }));
    renderApp('/system/users');
    const form = await openCreateForm('admin', 'Secret123');
    expect(await within(form).findByText('用户名已被占用')).toBeTruthy();
  });

  it('puts validation details on their fields', async () => {
    usersServer(() => ({
      status: 422,
      body: { error: { code: 'validation.failed', message: '请检查', details: { fields: { password: '密码太弱' } } } },
    }));
    renderApp('/system/users');
    const form = await openCreateForm('zhang', 'abc');
    expect(await within(form).findByText('密码太弱')).toBeTruthy();
  });

  it('creates a user with the CSRF token and reloads the list', async () => {
    const { requests } = usersServer(() => ({ status: 201, body: { ...adminRow, id: 3, username: 'zhang' } }));
    renderApp('/system/users');
    await openCreateForm('zhang', 'Secret123');
    expect(await screen.findByText('已创建用户 zhang')).toBeTruthy();
    const create = requests.find((r) => r.method === 'POST');
    expect(create?.headers['X-CSRF-Token']).toBe('csrf-9');
    expect(create?.body).toEqual({ username: 'zhang', display_name: '张丽', password: 'Secret123', roles: [], branch_id: null });
  });

  it('hides the create button without user.write', async () => {
    installFetch({
      'GET /api/v1/auth/me': { body: { user: { ...adminUser, permissions: ['user.read'] }, csrf_token: 't' } },
      'GET /api/v1/users': { body: { items: [adminRow], next_cursor: null } },
    });
    renderApp('/system/users');
    expect(await screen.findByText('系统管理员', { selector: 'td' })).toBeTruthy();
    expect(screen.queryByTestId('create-user')).toBeNull();
  });
});
