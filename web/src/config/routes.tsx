// The app's pages as data: each entry is one menu item and one route. A new area is one line here
// (path, menu label key, icon, required permission, page) plus its strings in i18n/<lang>/common.json.
import { lazy } from 'react';
import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import {
  AuditOutlined,
  HomeOutlined,
  KeyOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { hasPermission } from '../access';
import type zhCommon from '../i18n/zh-CN/common.json';

export type MenuLabelKey = keyof (typeof zhCommon)['menu'];

export interface AppRoute {
  /** Absolute path; also the menu item's key. */
  path: string;
  /** Key under common:menu. */
  labelKey: MenuLabelKey;
  icon?: ReactNode;
  /** Permission needed to see the page; absent means any signed-in user. */
  permission?: string;
  page?: LazyExoticComponent<ComponentType>;
  /** A group: shown when at least one child is allowed; its own path opens the first allowed child. */
  children?: AppRoute[];
}

const HomePage = lazy(() => import('../pages/home'));
const UsersPage = lazy(() => import('../pages/system/users'));
const RolesPage = lazy(() => import('../pages/system/roles'));
const AuditPage = lazy(() => import('../pages/system/audit'));
const ApiKeysPage = lazy(() => import('../pages/system/api-keys'));

// Planned areas, in menu order: 首页, 客户, 线索, 预约, 收银/订单, 会员卡, 库存, 报表, 自动化, 系统管理.
// Only built pages are listed.
export const appRoutes: AppRoute[] = [
  { path: '/', labelKey: 'home', icon: <HomeOutlined />, page: HomePage },
  {
    path: '/system',
    labelKey: 'system',
    icon: <SettingOutlined />,
    children: [
      { path: '/system/users', labelKey: 'users', icon: <TeamOutlined />, permission: 'user.read', page: UsersPage },
      { path: '/system/roles', labelKey: 'roles', icon: <SafetyCertificateOutlined />, permission: 'role.read', page: RolesPage },
      { path: '/system/audit', labelKey: 'audit', icon: <AuditOutlined />, permission: 'audit.read', page: AuditPage },
      { path: '/system/api-keys', labelKey: 'apiKeys', icon: <KeyOutlined />, permission: 'apikey.manage', page: ApiKeysPage },
    ],
  },
];

export function isAllowed(route: AppRoute, permissions: readonly string[]): boolean {
  if (route.children) return route.children.some((child) => isAllowed(child, permissions));
  return route.permission === undefined || hasPermission(permissions, route.permission);
}

/** The routes the user may see, groups pruned to their allowed children. */
export function visibleRoutes(routes: readonly AppRoute[], permissions: readonly string[]): AppRoute[] {
  return routes
    .filter((route) => isAllowed(route, permissions))
    .map((route) =>
      route.children ? { ...route, children: visibleRoutes(route.children, permissions) } : route,
    );
}

/** Every route, groups included, depth first. */
export function flattenRoutes(routes: readonly AppRoute[]): AppRoute[] {
  return routes.flatMap((route) => [route, ...flattenRoutes(route.children ?? [])]);
}

/** The chain of routes from the top down to the one that owns `pathname`, for menu selection. */
export function routeTrail(routes: readonly AppRoute[], pathname: string): AppRoute[] {
  for (const route of routes) {
    if (route.path === pathname) return [route];
    if (route.children && pathname.startsWith(`${route.path}/`)) {
      const trail = routeTrail(route.children, pathname);
      if (trail.length > 0) return [route, ...trail];
    }
  }
  return [];
}
