import { type Grant, type Role, storedGrantsSchema } from '@portcullis/permissions';
import * as z from 'zod';

/** A custom role of one org, as the API returns it. */
export interface CustomRole extends Role {
  readonly builtIn: false;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * What the roles hash stores per custom role (JSON serialised in the Worker; scripts compare the
 * string, never parse it). Grants go through the package's lenient schema: a permission removed
 * from the catalogue in a later release stops granting instead of breaking the role.
 */
const storedRoleSchema = z.object({
  name: z.string(),
  permissions: storedGrantsSchema,
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** The stored form of a custom role. */
export function serialiseRole(role: {
  name: string;
  permissions: readonly Grant[];
  createdAt: number;
  updatedAt: number;
}): string {
  return JSON.stringify({
    name: role.name,
    permissions: role.permissions,
    createdAt: role.createdAt,
    updatedAt: role.updatedAt,
  });
}

/** A stored custom role, or null when the value is not one (never half-trusted). */
export function parseStoredRole(id: string, stored: string): CustomRole | null {
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return null;
  }
  const parsed = storedRoleSchema.safeParse(value);
  if (!parsed.success) return null;
  return { id, builtIn: false, ...parsed.data };
}
