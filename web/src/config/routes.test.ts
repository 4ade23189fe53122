import { describe, expect, it } from 'vitest';
import { appRoutes, routeTrail, visibleRoutes } from './routes';

const paths = (routes: ReturnType<typeof visibleRoutes>): string[] =>
  routes.flatMap((route) => [route.path, ...paths(route.children ?? [])]);

describe('menu routes', () => {
  it('shows only 首页 and 我的待办 without system permissions', () => {
    expect(paths(visibleRoutes(appRoutes, []))).toEqual(['/', '/tasks']);
  });

  it('shows the system group with only the allowed children', () => {
    expect(paths(visibleRoutes(appRoutes, ['audit.read']))).toEqual(['/', '/tasks', '/system', '/system/audit']);
  });

  it('shows everything for "*"', () => {
    expect(paths(visibleRoutes(appRoutes, ['*']))).toEqual([
      '/',
      '/tasks',
      '/customers',
      '/leads',
      '/appointments',
      '/appointments/board',
      '/appointments/check-in',
      '/appointments/my-day',
      '/cashier',
      '/treatments/new',
      '/follow-ups',
      '/data',
      '/forms',
      '/automation',
      '/automation/rules',
      '/automation/channels',
      '/system',
      '/system/users',
      '/system/roles',
      '/system/audit',
      '/system/api-keys',
    ]);
  });

  it('shows 数据 for any data permission and 表单 for schema.manage, never the pages behind them', () => {
    expect(paths(visibleRoutes(appRoutes, ['data.kehu.read']))).toEqual(['/', '/tasks', '/data']);
    expect(paths(visibleRoutes(appRoutes, ['schema.manage']))).toEqual(['/', '/tasks', '/forms']);
  });

  it('shows 自动化 with 规则 for rules.manage and 消息通道 for notify.manage', () => {
    expect(paths(visibleRoutes(appRoutes, ['rules.manage']))).toEqual(['/', '/tasks', '/automation', '/automation/rules']);
    expect(paths(visibleRoutes(appRoutes, ['notify.manage']))).toEqual(['/', '/tasks', '/automation', '/automation/channels']);
    expect(routeTrail(appRoutes, '/automation/rules/7/runs').map((route) => route.path)).toEqual(['/automation', '/automation/rules']);
    expect(routeTrail(appRoutes, '/automation/rules/new').map((route) => route.path)).toEqual(['/automation', '/automation/rules']);
  });

  it('selects the menu item of a page reached from it', () => {
    expect(routeTrail(appRoutes, '/data/kehu/12').map((route) => route.path)).toEqual(['/data']);
    expect(routeTrail(appRoutes, '/forms/kehu/design').map((route) => route.path)).toEqual(['/forms']);
    expect(routeTrail(appRoutes, '/').map((route) => route.path)).toEqual(['/']);
  });

  it('finds the menu trail of a page', () => {
    expect(routeTrail(appRoutes, '/system/roles').map((route) => route.path)).toEqual(['/system', '/system/roles']);
    expect(routeTrail(appRoutes, '/nowhere')).toEqual([]);
  });
});
