import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../../i18n';
import { adminUser, installFetch } from '../../../test/fetchMock';
import { renderApp } from '../../../test/renderApp';

const roles = {
  items: [
    { id: 1, name: 'admin', label: '系统管理员', builtin: true, permissions: ['*'], grants: [{ permission: '*', scope: 'all' }], version: 1 },
    {
      id: 2,
      name: 'manager',
      label: '店长',
      builtin: true,
      permissions: ['user.read', 'audit.read'],
      grants: [
        { permission: 'user.read', scope: 'branch' },
        { permission: 'audit.read', scope: 'own' },
      ],
      version: 1,
    },
  ],
  next_cursor: null,
};

describe('roles page', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("shows each grant as the permission's label with its scope", async () => {
    const { requests } = installFetch({
      'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 't' } },
      'GET /api/v1/roles': { body: roles },
      'GET /api/v1/permissions': {
        body: { items: [{ name: 'user.read', label: '查看员工账号' }, { name: 'audit.read', label: '查看操作日志' }] },
      },
    });
    renderApp('/system/roles');
    const table = await screen.findByTestId('roles-table');
    expect(await within(table).findByText('查看员工账号 · 门店')).toBeTruthy();
    expect(within(table).getByText('查看操作日志 · 本人')).toBeTruthy();
    expect(within(table).getByText('全部权限 · 全部')).toBeTruthy();
    expect(requests.find((r) => r.path === '/api/v1/permissions')?.headers['Accept-Language']).toBe('zh-CN');
  });
});
