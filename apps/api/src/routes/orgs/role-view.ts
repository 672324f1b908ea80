import type { BuiltInRole } from '@portcullis/permissions';
import type { CustomRole } from '../../orgs/custom-role.ts';

/** A custom role as the API returns it. */
export type CustomRoleView = Omit<CustomRole, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };

/** A role as the API returns it: times as ISO strings, like every time in the API. */
export function roleView(role: BuiltInRole | CustomRole): BuiltInRole | CustomRoleView {
  if (role.builtIn) return role;
  return {
    ...role,
    createdAt: new Date(role.createdAt).toISOString(),
    updatedAt: new Date(role.updatedAt).toISOString(),
  };
}
