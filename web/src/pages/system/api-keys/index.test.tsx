import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../../i18n';
import { adminUser, installFetch } from '../../../test/fetchMock';
import { renderApp } from '../../../test/renderApp';

const oldKey = {
  id: 1,
  name: '小程序对接',
  prefix: 'pk_old1234',
  user_id: 1,
  created_at: '2025-03-01T06:05:09Z',
  last_used_at: null,
  revoked_at: null,
};
const secret = 'pk_new5678-the-whole-secret-key';
const newKey = { ...oldKey, id: 2, name: '报表导出', prefix: 'pk_new5678', key: secret };

function keysServer() {
  let keys: object[] = [oldKey];
  return installFetch({
    'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 'csrf-k' } },
    'GET /api/v1/api-keys': () => ({ body: { items: keys } }),
    'POST /api/v1/api-keys': () => {
      const { key: _shownOnce, ...listed } = newKey;
      keys = [...keys, listed];
      return { status: 201, body: newKey };
    },
    'DELETE /api/v1/api-keys/1': () => {
      keys = keys.map((key) => (key === oldKey ? { ...oldKey, revoked_at: '2025-03-02T00:00:00Z' } : key));
      return { status: 204 };
    },
  });
}

describe('API keys page', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows a new key once, with a warning, and never again after closing', async () => {
    const { requests } = keysServer();
    renderApp('/system/api-keys');
    const table = await screen.findByTestId('api-keys-table');
    expect(await within(table).findByText('小程序对接')).toBeTruthy();
    expect(within(table).getByText('从未使用')).toBeTruthy();

    fireEvent.click(screen.getByTestId('create-api-key'));
    const form = await screen.findByTestId('create-api-key-form');
    fireEvent.change(within(form).getByLabelText('名称'), { target: { value: ' 报表导出 ' } });
    const createModal = form.closest('.ant-modal-content') as HTMLElement;
    fireEvent.click(within(createModal).getByRole('button', { name: /保\s*存/ }));

    const shown = (await screen.findByTestId('api-key-value')) as HTMLInputElement;
    expect(shown.value).toBe(secret);
    expect(screen.getByText(/关闭本窗口后将无法再次查看/)).toBeTruthy();
    expect(screen.getByTestId('api-key-copy')).toBeTruthy();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ name: '报表导出' });
    expect(await within(table).findByText('报表导出')).toBeTruthy();

    fireEvent.click(screen.getByTestId('api-key-saved'));
    await waitFor(() => expect(screen.queryByTestId('api-key-value')).toBeNull());
    expect(document.body.innerHTML).not.toContain(secret);
    expect(within(table).getByText('pk_new5678…')).toBeTruthy();
  });

  it('revokes a key only after confirmation', async () => {
    const { requests } = keysServer();
    renderApp('/system/api-keys');
    fireEvent.click(await screen.findByTestId('api-key-1-revoke'));
    const question = await screen.findByText(/撤销密钥“小程序对接”？/);
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    const popup = question.closest('.ant-popover') as HTMLElement;
    fireEvent.click(within(popup).getByRole('button', { name: /撤\s*销/ }));
    expect(await screen.findByText('已撤销密钥“小程序对接”')).toBeTruthy();
    expect(requests.find((r) => r.method === 'DELETE')?.headers['X-CSRF-Token']).toBe('csrf-k');
    await waitFor(() => expect(screen.queryByTestId('api-key-1-revoke')).toBeNull());
    expect(screen.getByText(/^已于 .* 撤销$/)).toBeTruthy();
  });

  it('is forbidden without apikey.manage', async () => {
    installFetch({
      'GET /api/v1/auth/me': { body: { user: { ...adminUser, permissions: ['user.read'] }, csrf_token: 't' } },
    });
    renderApp('/system/api-keys');
    expect(await screen.findByTestId('page-403')).toBeTruthy();
  });
});
