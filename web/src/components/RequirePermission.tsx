import type { ReactNode } from 'react';
import { hasPermission } from '../access';
import { useAuth } from '../auth/AuthContext';
import ForbiddenPage from '../pages/exception/403';

/** Shows the 403 page instead of `children` when the user lacks `permission`. */
export default function RequirePermission({ permission, children }: { permission?: string; children: ReactNode }) {
  const { user } = useAuth();
  if (permission !== undefined && !hasPermission(user?.permissions ?? [], permission)) {
    return <ForbiddenPage />;
  }
  return <>{children}</>;
}
