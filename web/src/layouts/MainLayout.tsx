import { Suspense, useMemo, useState } from 'react';
import { LockOutlined, LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Spin, Tag, theme } from 'antd';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { User } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import LanguageSwitch from '../components/LanguageSwitch';
import { appRoutes, routeTrail, visibleRoutes } from '../config/routes';
import type { AppRoute } from '../config/routes';
import NotificationBell from '../pages/tasks/NotificationBell';
import ChangePasswordModal from './ChangePasswordModal';
import styles from './layout.module.css';

type MenuItem = Required<MenuProps>['items'][number];

function SideMenu({ routes, onNavigate }: { routes: AppRoute[]; onNavigate: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const trail = routeTrail(appRoutes, pathname);
  const toItem = (route: AppRoute): MenuItem => ({
    key: route.path,
    icon: route.icon,
    label: <span data-testid={`menu-${route.labelKey}`}>{t(`menu.${route.labelKey}`)}</span>,
    children: route.children?.map(toItem),
  });
  return (
    <Menu
      mode="inline"
      items={routes.map(toItem)}
      selectedKeys={trail.length > 0 ? [trail[trail.length - 1].path] : []}
      defaultOpenKeys={trail.slice(0, -1).map((route) => route.path)}
      onClick={({ key }) => {
        navigate(key);
        onNavigate();
      }}
      style={{ borderInlineEnd: 'none' }}
      data-testid="side-menu"
    />
  );
}

/** The branch's name; head-office users (no branch) see every branch. A server older than the `branch`
 *  field sends only branch_id: show the number rather than nothing. */
function branchLabel(user: User, t: TFunction): string {
  if (user.branch) return user.branch.name;
  if (user.branch_id === null) return t('layout.allBranches');
  return t('layout.branch', { id: user.branch_id });
}

function Brand({ collapsed }: { collapsed: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={styles.brand}>
      <span className={styles.logo} aria-hidden />
      {!collapsed && <span className={styles.brandName}>{t('appShortName')}</span>}
    </div>
  );
}

/** The signed-in frame: sider menu (a drawer on phones), header with org, branch, language and user menu. */
export default function MainLayout() {
  const { t } = useTranslation();
  const { user, signOut } = useAuth();
  const screens = Grid.useBreakpoint();
  const isPhone = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const routes = useMemo(() => visibleRoutes(appRoutes, user?.permissions ?? []), [user]);
  if (!user) return null;

  const userMenu: MenuProps = {
    items: [
      { key: 'password', icon: <LockOutlined />, label: t('layout.changePassword') },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('layout.logout')}</span> },
    ],
    onClick: ({ key }) => {
      if (key === 'password') setChangingPassword(true);
      if (key === 'logout') void signOut().then(() => message.success(t('layout.loggedOut')));
    },
  };

  return (
    <Layout className={styles.root}>
      {isPhone ? (
        <Drawer
          placement="left"
          width={220}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          closable={false}
          styles={{ body: { padding: 0 } }}
        >
          <Brand collapsed={false} />
          <SideMenu routes={routes} onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      ) : (
        <Layout.Sider theme="light" collapsible collapsed={collapsed} onCollapse={setCollapsed} trigger={null} width={220}>
          <Brand collapsed={collapsed} />
          <SideMenu routes={routes} onNavigate={() => undefined} />
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className={styles.header} style={{ background: token.colorBgContainer }}>
          <Space size="middle" className={styles.headerLeft}>
            <Button
              type="text"
              aria-label={t('layout.toggleMenu')}
              icon={collapsed || isPhone ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => (isPhone ? setDrawerOpen(true) : setCollapsed(!collapsed))}
              data-testid="menu-toggle"
            />
            <span className={styles.org} data-testid="org-name">
              {user.org.name}
            </span>
            {!isPhone && <Tag data-testid="branch-name">{branchLabel(user, t)}</Tag>}
          </Space>
          <Space size="small">
            <NotificationBell />
            <LanguageSwitch />
            <Dropdown menu={userMenu} trigger={['click']}>
              <Button type="text" data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} style={{ background: token.colorPrimary }} />
                {!isPhone && <span>{user.display_name}</span>}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content className={styles.content}>
          <Suspense fallback={<Spin className={styles.pageSpin} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
    </Layout>
  );
}
