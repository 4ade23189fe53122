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
      '/system',
      '/system/users',
      '/system/roles',
      '/system/audit',
      '/system/api-keys',
    ]);
  });

  it('finds the menu trail of a page', () => {
    expect(routeTrail(appRoutes, '/system/roles').map((route) => route.path)).toEqual(['/system', '/system/roles']);
    expect(routeTrail(appRoutes, '/nowhere')).toEqual([]);
  });
});
