import { describe, expect, it } from 'vitest';
import { roleName, UNKNOWN_ROLE_NAME } from './role-name.ts';

describe('roleName', () => {
  it('names built-in roles from the permissions package, capitalised', () => {
    expect(['owner', 'admin', 'member', 'viewer'].map((id) => roleName(id))).toEqual([
      'Owner',
      'Admin',
      'Member',
      'Viewer',
    ]);
  });

  it('names a custom role from the org’s roles, and never shows its id', () => {
    const known = [{ id: 'l9yvZAeVamI0l-fqPWG9Fw', name: 'Editor' }];
    expect(roleName('l9yvZAeVamI0l-fqPWG9Fw', known)).toBe('Editor');
    expect(roleName('gone-role-id', known)).toBe(UNKNOWN_ROLE_NAME);
  });
});
