import { Button, Result, Spin } from 'antd';
import { Suspense } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useAuth } from './auth/AuthContext';
import type { LoginLocationState } from './auth/AuthContext';
import RequirePermission from './components/RequirePermission';
import { appRoutes, flattenRoutes, isAllowed, publicRoutes } from './config/routes';
import type { AppRoute } from './config/routes';
import MainLayout from './layouts/MainLayout';
import ForbiddenPage from './pages/exception/403';
import NotFoundPage from './pages/exception/404';
import LoginPage from './pages/login';

/** Waits for the session probe; sends visitors without a session to /login (and back afterwards). */
function RequireAuth({ children }: { children: ReactNode }) {
  const { status, probeError, reload } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  if (status === 'loading') return <Spin size="large" fullscreen tip={t('loading')} />;
  if (status === 'failed') {
    return (
      <Result
        status="error"
        title={t('error.loadFailed')}
        subTitle={probeError}
        extra={<Button onClick={() => void reload()}>{t('action.retry')}</Button>}
      />
    );
  }
  if (status === 'signedOut') {
    const state: LoginLocationState = { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={state} />;
  }
  return <>{children}</>;
}

/** A group's own path opens its first child the user may see. */
function GroupRedirect({ group }: { group: AppRoute }) {
  const { user } = useAuth();
  const first = group.children?.find((child) => isAllowed(child, user?.permissions ?? []));
  return first ? <Navigate to={first.path} replace /> : <ForbiddenPage />;
}

function routeElement(route: AppRoute): ReactNode {
  if (route.children) return <GroupRedirect group={route} />;
  const Page = route.page;
  if (!Page) return <NotFoundPage />;
  return (
    <RequirePermission permission={route.permission}>
      <Page />
    </RequirePermission>
  );
}

export default function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {publicRoutes.map(({ path, page: Page }) => (
        <Route
          key={path}
          path={path}
          element={
            <Suspense fallback={<Spin size="large" fullscreen />}>
              <Page />
            </Suspense>
          }
        />
      ))}
      <Route
        element={
          <RequireAuth>
            <MainLayout />
          </RequireAuth>
        }
      >
        {flattenRoutes(appRoutes).map((route) => (
          <Route key={route.path} path={route.path} element={routeElement(route)} />
        ))}
        <Route path="/403" element={<ForbiddenPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
