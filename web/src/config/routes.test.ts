import { describe, expect, it } from 'vitest';
import { appRoutes, routeTrail, visibleRoutes } from './routes';

const paths = (routes: ReturnType<typeof visibleRoutes>): string[] =>
  routes.flatMap((route) => [route.path, ...paths(route.children ?? [])]);

describe('menu routes', () => {
  it('shows only 首页 without system permissions', () => {
    expect(paths(visibleRoutes(appRoutes, []))).toEqual(['/']);
  });

  it('shows the system group with only the allowed children', () => {
    expect(paths(visibleRoutes(appRoutes, ['audit.read']))).toEqual(['/', '/system', '/system/audit']);
  });

  it('shows everything for "*"', () => {
    expect(paths(visibleRoutes(appRoutes, ['*']))).toEqual([
      '/',
      '/data',
      '/forms',
      '/system',
      '/system/users',
      '/system/roles',
      '/system/audit',
      '/system/api-keys',
    ]);
  });

  it('shows 数据 for any data permission and 表单 for schema.manage, never the pages behind them', () => {
    expect(paths(visibleRoutes(appRoutes, ['data.kehu.read']))).toEqual(['/', '/data']);
    expect(paths(visibleRoutes(appRoutes, ['schema.manage']))).toEqual(['/', '/forms']);
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
