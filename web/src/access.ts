// Access flags derived from the signed-in user's permissions, in one place.
// Routes and menu entries name the permission they need; pages ask for flags.
import type { User } from './api/types';

export const allPermissions = '*';

/** True when `permissions` grants `needed`: "*" grants all, "user.*" grants every "user.…". */
export function hasPermission(permissions: readonly string[], needed: string): boolean {
  return permissions.some(
    (granted) =>
      granted === allPermissions ||
      granted === needed ||
      (granted.endsWith('.*') && needed.startsWith(granted.slice(0, -1))),
  );
}

/** True when `permissions` grants anything under `prefix` ("data." for any entity's data): "*", "data.*",
 *  or any permission starting with the prefix. */
export function hasPermissionUnder(permissions: readonly string[], prefix: string): boolean {
  return permissions.some((granted) => granted === allPermissions || granted.startsWith(prefix));
}

export interface Access {
  canReadUsers: boolean;
  canManageUsers: boolean;
  canReadRoles: boolean;
  canReadAudit: boolean;
  canManageApiKeys: boolean;
  /** Any page under 系统管理 is visible. */
  canSeeSystem: boolean;
}

export function deriveAccess(user: Pick<User, 'permissions'> | null): Access {
  const permissions = user?.permissions ?? [];
  const can = (needed: string) => hasPermission(permissions, needed);
  const access = {
    canReadUsers: can('user.read'),
    canManageUsers: can('user.read') && can('user.write'),
    canReadRoles: can('role.read'),
    canReadAudit: can('audit.read'),
    canManageApiKeys: can('apikey.manage'),
  };
  return {
    ...access,
    canSeeSystem: access.canReadUsers || access.canReadRoles || access.canReadAudit || access.canManageApiKeys,
  };
}
