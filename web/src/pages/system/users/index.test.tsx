import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../../i18n';
import { adminUser, installFetch } from '../../../test/fetchMock';
import type { FakeReply, FakeRoutes, RecordedRequest } from '../../../test/fetchMock';
import { renderApp } from '../../../test/renderApp';

const adminRow = {
  id: 1,
  username: 'admin',
  display_name: '系统管理员',
  status: 'active',
  roles: ['admin'],
  branch_id: null,
  department_id: null,
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
  version: 1,
};
const liRow = { ...adminRow, id: 2, username: 'li', display_name: '李娜', roles: [], branch_id: 2, version: 7 };
const roles = { items: [{ id: 1, name: 'admin', label: '管理员', permissions: ['*'], grants: [] }] };
const branches = { items: [{ id: 1, code: 'HQ', name: '静安旗舰店' }, { id: 2, code: 'PD', name: '浦东分院' }] };

type Handler = (request: RecordedRequest) => FakeReply;

function usersServer(onCreate: Handler, more: FakeRoutes = {}) {
  return installFetch({
    'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 'csrf-9' } },
    'GET /api/v1/roles': { body: roles },
    'GET /api/v1/branches': { body: branches },
    'GET /api/v1/users': (request) =>
      request.url.includes('cursor=')
        ? { body: { items: [liRow], next_cursor: null } }
        : { body: { items: [adminRow], next_cursor: 'c2' } },
    'POST /api/v1/users': onCreate,
    ...more,
  });
}

/** A server whose list is admin (the signed-in user) and 李娜, with `more` routes. */
async function showLi(more: FakeRoutes) {
  const server = usersServer(() => ({ status: 500 }), {
    'GET /api/v1/users': { body: { items: [adminRow, liRow], next_cursor: null } },
    ...more,
  });
  renderApp('/system/users');
  await screen.findByTestId('user-li-edit');
  return server;
}

/** Clicks 保存 in the modal that holds `form`. */
function save(form: HTMLElement) {
  const modal = form.closest('.ant-modal-content') as HTMLElement;
  fireEvent.click(within(modal).getByRole('button', { name: /保\s*存/ }));
}

async function openCreateForm(username: string, password: string) {
  fireEvent.click(await screen.findByTestId('create-user'));
  const form = await screen.findByTestId('create-user-form');
  fireEvent.change(within(form).getByLabelText('用户名'), { target: { value: username } });
  fireEvent.change(within(form).getByLabelText('姓名'), { target: { value: '张丽' } });
  fireEvent.change(within(form).getByLabelText('初始密码'), { target: { value: password } });
  save(form);
  return form;
}

describe('users page', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('lists users with role labels and branch names and loads the next page on demand', async () => {
    usersServer(() => ({ status: 500, body: {} }));
    renderApp('/system/users');
    const table = await screen.findByTestId('users-table');
    expect(await within(table).findByText('系统管理员')).toBeTruthy();
    expect(await within(table).findByText('管理员')).toBeTruthy();
    fireEvent.click(screen.getByTestId('load-more'));
    expect(await within(table).findByText('李娜')).toBeTruthy();
    expect(await within(table).findByText('浦东分院')).toBeTruthy();
    expect(screen.getByText('已全部加载')).toBeTruthy();
  });

  it('locks a user only after confirmation, sending the version read', async () => {
    const { requests } = await showLi({
      'PATCH /api/v1/users/2': { body: { ...liRow, status: 'locked', version: 8 } },
    });
    expect(screen.queryByTestId('user-admin-lock')).toBeNull(); // not on one's own row
    fireEvent.click(screen.getByTestId('user-li-lock'));
    const confirm = await screen.findByText('锁定用户 李娜？锁定后该用户无法登录，直到解锁。');
    expect(requests.some((r) => r.method === 'PATCH')).toBe(false);
    const popup = confirm.closest('.ant-popover') as HTMLElement;
    fireEvent.click(within(popup).getByRole('button', { name: /锁\s*定/ }));
    expect(await screen.findByTestId('user-li-unlock')).toBeTruthy();
    const patch = requests.find((r) => r.method === 'PATCH');
    expect(patch?.path).toBe('/api/v1/users/2');
    expect(patch?.body).toEqual({ status: 'locked', version: 7 });
    expect(patch?.headers['X-CSRF-Token']).toBe('csrf-9');
  });

  it('asks to reload when the user changed since it was read', async () => {
    const { requests } = await showLi({
      'PATCH /api/v1/users/2': {
        status: 409,
        body: { error: { code: 'user.version_conflict', message: '数据已被他人修改', details: {} } },
      },
    });
    fireEvent.click(screen.getByTestId('user-li-edit'));
    const form = await screen.findByTestId('edit-user-form');
    fireEvent.change(within(form).getByLabelText('姓名'), { target: { value: '李娜娜' } });
    save(form);
    const advice = await screen.findByText('请刷新列表，确认最新内容后再试。');
    const dialog = advice.closest('.ant-modal-content') as HTMLElement;
    expect(within(dialog).getAllByText('该用户刚被其他人修改过').length).toBeGreaterThan(0);
    const listCalls = () => requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/users').length;
    expect(listCalls()).toBe(1);
    fireEvent.click(within(dialog).getByRole('button', { name: /刷\s*新/ }));
    await waitFor(() => expect(listCalls()).toBe(2));
  });

  it("shows the server's message when the change would leave no administrator", async () => {
    await showLi({
      'PATCH /api/v1/users/2': {
        status: 409,
        body: { error: { code: 'user.last_admin', message: '不能停用或锁定最后一个管理员', details: {} } },
      },
    });
    fireEvent.click(screen.getByTestId('user-li-disable'));
    const popup = (await screen.findByText(/停用用户 李娜？/)).closest('.ant-popover') as HTMLElement;
    fireEvent.click(within(popup).getByRole('button', { name: /停\s*用/ }));
    expect(await screen.findByText('不能停用或锁定最后一个管理员')).toBeTruthy();
  });

  it("shows the server's message when a reset password is too weak", async () => {
    const { requests } = await showLi({
      'POST /api/v1/users/2/password': {
        status: 422,
        body: { error: { code: 'auth.weak_password', message: '密码至少 8 位，且必须同时包含字母和数字', details: {} } },
      },
    });
    fireEvent.click(screen.getByTestId('user-li-password'));
    const form = await screen.findByTestId('reset-password-form');
    fireEvent.change(within(form).getByLabelText('新密码'), { target: { value: 'abcdefgh' } });
    save(form);
    expect(await within(form).findByText('密码至少 8 位，且必须同时包含字母和数字')).toBeTruthy();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ password: 'abcdefgh' });
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
