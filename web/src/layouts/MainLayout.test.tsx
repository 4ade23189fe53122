import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../i18n';
import { adminUser, health, installFetch } from '../test/fetchMock';
import { renderApp } from '../test/renderApp';

function signedInAs(user: object) {
  installFetch({
    'GET /api/v1/auth/me': { body: { user, csrf_token: 't' } },
    'GET /api/v1/health': { body: health },
  });
  renderApp('/');
}

describe('header', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("shows the signed-in user's branch by name", async () => {
    signedInAs({ ...adminUser, branch_id: 1, branch: { id: 1, code: 'HQ', name: '静安旗舰店' } });
    expect((await screen.findByTestId('branch-name')).textContent).toBe('静安旗舰店');
    expect(screen.getByTestId('org-name').textContent).toBe('牡丹医美');
  });

  it('shows head office for a user without a branch', async () => {
    signedInAs({ ...adminUser, branch_id: null, branch: null });
    expect((await screen.findByTestId('branch-name')).textContent).toBe('总部（全部门店）');
  });

  it('falls back to the branch number when the server sends no branch object', async () => {
    const { branch: _omitted, ...older } = { ...adminUser, branch_id: 2 };
    signedInAs(older);
    expect((await screen.findByTestId('branch-name')).textContent).toBe('门店 #2');
  });
});
