// The app's pages as data: each entry is one menu item and one route. A new area is one line here
// (path, menu label key, icon, required permission, page) plus its strings in i18n/<lang>/common.json.
import { lazy } from 'react';
import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import {
  AuditOutlined,
  CalendarOutlined,
  IdcardOutlined,
  MobileOutlined,
  ScheduleOutlined,
  CheckSquareOutlined,
  CustomerServiceOutlined,
  FunnelPlotOutlined,
  MedicineBoxOutlined,
  ShoppingCartOutlined,
  UserOutlined,
  DatabaseOutlined,
  FormOutlined,
  HomeOutlined,
  KeyOutlined,
  MessageOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';
import { hasPermission, hasPermissionUnder } from '../access';
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
  /** Instead of one permission: any permission under this prefix (e.g. "data." for any entity's data). */
  permissionPrefix?: string;
  /** A page reached from another (a record, the designer): routed, but not a menu item. Its menu item is
   *  the nearest listed route whose path is a prefix of it. */
  hidden?: boolean;
  page?: LazyExoticComponent<ComponentType>;
  /** A group: shown when at least one child is allowed; its own path opens the first allowed child. */
  children?: AppRoute[];
}

const HomePage = lazy(() => import('../pages/home'));
const UsersPage = lazy(() => import('../pages/system/users'));
const RolesPage = lazy(() => import('../pages/system/roles'));
const AuditPage = lazy(() => import('../pages/system/audit'));
const ApiKeysPage = lazy(() => import('../pages/system/api-keys'));
const DataHomePage = lazy(() => import('../pages/data'));
const RecordListPage = lazy(() => import('../pages/data/list'));
const RecordPage = lazy(() => import('../pages/data/record'));
const RecordEditPage = lazy(() => import('../pages/data/edit'));
const ImportPage = lazy(() => import('../pages/data/import'));
const FormsPage = lazy(() => import('../pages/forms'));
const DesignerPage = lazy(() => import('../pages/forms/design'));
const TasksPage = lazy(() => import('../pages/tasks'));
const RulesPage = lazy(() => import('../pages/rules'));
const RuleDesignerPage = lazy(() => import('../pages/rules/design'));
const RunsPage = lazy(() => import('../pages/rules/runs'));
const ChannelsPage = lazy(() => import('../pages/notify'));
const CustomersPage = lazy(() => import('../pages/clinic/customers'));
const CustomerPage = lazy(() => import('../pages/clinic/customer'));
const LeadsPage = lazy(() => import('../pages/clinic/leads'));
const CashierPage = lazy(() => import('../pages/clinic/cashier'));
const TreatmentPage = lazy(() => import('../pages/clinic/treatment'));
const FollowUpsPage = lazy(() => import('../pages/clinic/follow-ups'));
const AppointmentBoardPage = lazy(() => import('../pages/appointments'));
const CheckInPage = lazy(() => import('../pages/appointments/check-in'));
const MyDayPage = lazy(() => import('../pages/appointments/my-day'));
const PublicBookingPage = lazy(() => import('../pages/public-booking'));

// Planned areas, in menu order: 首页, 客户, 线索, 预约, 收银/订单, 会员卡, 库存, 报表, 自动化, 系统管理.
// Only built pages are listed.
export const appRoutes: AppRoute[] = [
  { path: '/', labelKey: 'home', icon: <HomeOutlined />, page: HomePage },
  { path: '/tasks', labelKey: 'tasks', icon: <CheckSquareOutlined />, page: TasksPage },
  { path: '/customers', labelKey: 'customers', icon: <UserOutlined />, permission: 'data.customer.read', page: CustomersPage },
  { path: '/customers/:id', labelKey: 'customers', permission: 'data.customer.read', page: CustomerPage, hidden: true },
  { path: '/leads', labelKey: 'leads', icon: <FunnelPlotOutlined />, permission: 'data.lead.read', page: LeadsPage },
  {
    path: '/appointments',
    labelKey: 'appointments',
    icon: <CalendarOutlined />,
    children: [
      { path: '/appointments/board', labelKey: 'appointmentBoard', icon: <ScheduleOutlined />, permission: 'appointment.view', page: AppointmentBoardPage },
      { path: '/appointments/check-in', labelKey: 'checkIn', icon: <IdcardOutlined />, permission: 'appointment.manage', page: CheckInPage },
      { path: '/appointments/my-day', labelKey: 'myDay', icon: <MobileOutlined />, permission: 'appointment.view', page: MyDayPage },
    ],
  },
  { path: '/cashier', labelKey: 'cashier', icon: <ShoppingCartOutlined />, permission: 'order.create', page: CashierPage },
  { path: '/treatments/new', labelKey: 'treatment', icon: <MedicineBoxOutlined />, permission: 'treatment.record', page: TreatmentPage },
  { path: '/follow-ups', labelKey: 'followUps', icon: <CustomerServiceOutlined />, permission: 'data.follow_up.read', page: FollowUpsPage },
  { path: '/data', labelKey: 'data', icon: <DatabaseOutlined />, permissionPrefix: 'data.', page: DataHomePage },
  { path: '/data/:entity', labelKey: 'data', permissionPrefix: 'data.', page: RecordListPage, hidden: true },
  { path: '/data/:entity/new', labelKey: 'data', permissionPrefix: 'data.', page: RecordEditPage, hidden: true },
  { path: '/data/:entity/import', labelKey: 'data', permissionPrefix: 'data.', page: ImportPage, hidden: true },
  { path: '/data/:entity/:id', labelKey: 'data', permissionPrefix: 'data.', page: RecordPage, hidden: true },
  { path: '/data/:entity/:id/edit', labelKey: 'data', permissionPrefix: 'data.', page: RecordEditPage, hidden: true },
  { path: '/forms', labelKey: 'forms', icon: <FormOutlined />, permission: 'schema.manage', page: FormsPage },
  { path: '/forms/:entity/design', labelKey: 'forms', permission: 'schema.manage', page: DesignerPage, hidden: true },
  {
    path: '/automation',
    labelKey: 'automation',
    icon: <ThunderboltOutlined />,
    children: [
      { path: '/automation/rules', labelKey: 'rules', icon: <ThunderboltOutlined />, permission: 'rules.manage', page: RulesPage },
      { path: '/automation/rules/new', labelKey: 'rules', permission: 'rules.manage', page: RuleDesignerPage, hidden: true },
      { path: '/automation/rules/:id', labelKey: 'rules', permission: 'rules.manage', page: RuleDesignerPage, hidden: true },
      { path: '/automation/rules/:id/runs', labelKey: 'rules', permission: 'rules.manage', page: RunsPage, hidden: true },
      { path: '/automation/channels', labelKey: 'channels', icon: <MessageOutlined />, permission: 'notify.manage', page: ChannelsPage },
    ],
  },
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

/** Pages without a staff login, outside the app's layout (the public self-booking page of a branch). */
export const publicRoutes: { path: string; page: LazyExoticComponent<ComponentType> }[] = [
  { path: '/book/:branchId', page: PublicBookingPage },
];

export function isAllowed(route: AppRoute, permissions: readonly string[]): boolean {
  if (route.children) return route.children.some((child) => isAllowed(child, permissions));
  if (route.permissionPrefix !== undefined) return hasPermissionUnder(permissions, route.permissionPrefix);
  return route.permission === undefined || hasPermission(permissions, route.permission);
}

/** The routes the user may see, groups pruned to their allowed children. */
export function visibleRoutes(routes: readonly AppRoute[], permissions: readonly string[]): AppRoute[] {
  return routes
    .filter((route) => !route.hidden && isAllowed(route, permissions))
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
  for (const route of routes.filter((r) => !r.hidden)) {
    if (route.path === pathname) return [route];
    if (!route.children && route.path !== '/' && pathname.startsWith(`${route.path}/`)) return [route];
    if (route.children && pathname.startsWith(`${route.path}/`)) {
      const trail = routeTrail(route.children, pathname);
      if (trail.length > 0) return [route, ...trail];
    }
  }
  return [];
}
