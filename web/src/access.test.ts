import { describe, expect, it } from 'vitest';
import { deriveAccess, hasPermission } from './access';

describe('access', () => {
  it('grants everything for "*"', () => {
    expect(deriveAccess({ permissions: ['*'] })).toEqual({
      canReadUsers: true,
      canManageUsers: true,
      canReadRoles: true,
      canReadAudit: true,
      canManageApiKeys: true,
      canSeeSystem: true,
    });
  });

  it('grants nothing without permissions or without a user', () => {
    const none = { canReadUsers: false, canManageUsers: false, canReadRoles: false, canReadAudit: false, canManageApiKeys: false, canSeeSystem: false };
    expect(deriveAccess({ permissions: [] })).toEqual(none);
    expect(deriveAccess(null)).toEqual(none);
  });

  it('derives each flag from its permission', () => {
    expect(deriveAccess({ permissions: ['user.read'] })).toMatchObject({
      canReadUsers: true,
      canManageUsers: false,
      canReadAudit: false,
      canSeeSystem: true,
    });
    expect(deriveAccess({ permissions: ['audit.read'] })).toMatchObject({ canReadAudit: true, canSeeSystem: true });
    expect(deriveAccess({ permissions: ['user.read', 'user.write'] }).canManageUsers).toBe(true);
    expect(deriveAccess({ permissions: ['apikey.manage'] })).toMatchObject({ canManageApiKeys: true, canSeeSystem: true });
  });

  it('needs read to manage users: write alone does not show the page', () => {
    expect(deriveAccess({ permissions: ['user.write'] })).toMatchObject({ canReadUsers: false, canManageUsers: false });
  });

  it('understands area wildcards but not prefixes of other names', () => {
    expect(hasPermission(['user.*'], 'user.write')).toBe(true);
    expect(hasPermission(['user.*'], 'users.read')).toBe(false);
    expect(hasPermission(['user.read'], 'user.readwrite')).toBe(false);
  });
});
