export { can, canAny, permissionScope } from './can.ts';
export {
  type Action,
  allPermissions,
  type CatalogueEntry,
  catalogue,
  isPermission,
  type OrgCatalogue,
  type OwnableAction,
  type OwnedResource,
  type Permission,
  type Resource,
  resources,
} from './catalogue.ts';
export type {
  CatalogueSpec,
  OwnershipContext,
  PermissionScope,
} from './catalogue-spec.ts';
export { allGrants, type Grant, isGrant, isSubset, type OwnGrant } from './grants.ts';
export {
  allPlatformPermissions,
  canPlatform,
  isPlatformPermission,
  type PlatformCatalogue,
  type PlatformGrant,
  type PlatformPermission,
  type PlatformResource,
  type PlatformRole,
  platformCatalogue,
  platformPermissionSchema,
  platformResources,
  platformRoleIds,
  platformRoleSchema,
  platformRoles,
} from './platform.ts';
export {
  type BuiltInRole,
  type BuiltInRoleId,
  builtInRoleIds,
  builtInRoles,
  canAssignRole,
  isBuiltInRoleId,
  type Role,
} from './roles.ts';
export {
  builtInRoleIdSchema,
  type CustomRoleInput,
  type CustomRoleUpdate,
  customRoleSchema,
  customRoleUpdateSchema,
  grantListSchema,
  grantSchema,
  permissionSchema,
  roleIdSchema,
  roleNameSchema,
  storedGrantsSchema,
} from './schemas.ts';
export { isSingleLineText, singleLineString, toSingleLine } from './single-line-text.ts';
