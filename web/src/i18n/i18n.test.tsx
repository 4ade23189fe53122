import { fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adminUser, health, installFetch } from '../test/fetchMock';
import { renderApp } from '../test/renderApp';
import { currentLanguage, languageStorageKey, resources, setLanguage } from './index';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

describe('i18n', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('has the same keys in every language', () => {
    for (const area of Object.keys(resources['zh-CN']) as (keyof (typeof resources)['zh-CN'])[]) {
      expect(keys(resources['en-US'][area]).sort(), area).toEqual(keys(resources['zh-CN'][area]).sort());
    }
  });

  it('switches the UI to English from the header and remembers the choice', async () => {
    const { requests } = installFetch({
      'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 't' } },
      'GET /api/v1/health': { body: health },
    });
    renderApp('/');
    expect(await screen.findByText('欢迎，系统管理员')).toBeTruthy();
    expect(screen.getByTestId('menu-home').textContent).toBe('首页');

    fireEvent.click(screen.getByTestId('lang-switch'));
    fireEvent.click(await screen.findByText('English'));

    expect(await screen.findByText('Welcome, 系统管理员')).toBeTruthy();
    expect(screen.getByTestId('menu-home').textContent).toBe('Home');
    expect(currentLanguage()).toBe('en-US');
    expect(window.localStorage.getItem(languageStorageKey)).toBe('en-US');
    expect(document.documentElement.lang).toBe('en-US');
    expect(requests[0].headers['Accept-Language']).toBe('zh-CN');
  });
});
