import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../i18n';
import { adminUser, health, installFetch } from '../../test/fetchMock';
import { renderApp } from '../../test/renderApp';
import NotFoundPage from './404';

describe('exception pages', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('the 404 page says the page does not exist and links home', () => {
    render(
      <MemoryRouter>
        <NotFoundPage />
      </MemoryRouter>,
    );
    expect(screen.getByText('404')).toBeTruthy();
    expect(screen.getByText('抱歉，您访问的页面不存在。')).toBeTruthy();
    expect(screen.getByRole('link').getAttribute('href')).toBe('/');
  });

  it('an unknown path after sign-in shows 404 inside the layout', async () => {
    installFetch({ 'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 't' } }, 'GET /api/v1/health': { body: health } });
    renderApp('/no/such/page');
    expect(await screen.findByTestId('page-404')).toBeTruthy();
    expect(screen.getByTestId('org-name').textContent).toBe('牡丹医美');
  });

  it('a page the user may not see shows 403, and the system menu is hidden', async () => {
    const frontDesk = { ...adminUser, username: 'wang', roles: ['front_desk'], permissions: [] };
    installFetch({ 'GET /api/v1/auth/me': { body: { user: frontDesk, csrf_token: 't' } } });
    renderApp('/system/users');
    expect(await screen.findByTestId('page-403')).toBeTruthy();
    expect(screen.queryByTestId('menu-system')).toBeNull();
    expect(screen.getByTestId('menu-home')).toBeTruthy();
  });
});
