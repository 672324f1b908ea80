import {
  builtInRoles,
  canAny as canAnyWith,
  canPlatform as canPlatformRole,
  can as canWith,
  type Grant,
  isBuiltInRoleId,
  type Permission,
  type PlatformPermission,
} from '@portcullis/permissions';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { toApiProblem } from '../api/api-problem.ts';
import type { MeOrg, MeResponse } from '../api/api-types.ts';
import { getOrg } from '../api/org-api.ts';
import { roleName } from '../utils/role-name.ts';

const LAST_ORG_KEY = 'portcullis.lastOrg';

function remembered(): string | null {
  try {
    return localStorage.getItem(LAST_ORG_KEY);
  } catch {
    return null;
  }
}

function remember(orgId: string): void {
  try {
    // Only which org was open last — never anything secret.
    localStorage.setItem(LAST_ORG_KEY, orgId);
  } catch {
    // Storage disabled: the first org is a fine default.
  }
}

/**
 * Where the signed-in person is and what they may do there: their orgs, the one open, their grants
 * in each, and the permissions version all that was computed with. The session store fills it from
 * `/api/auth/me` and empties it on sign-out; it holds no token.
 */
export const useOrgStore = defineStore('orgs', () => {
  const loadingGrants = new Map<string, Promise<void>>();
  /** The newest permissions version any answer carried, so that one change triggers one reload. */
  let knownVersion: string | null = null;

  const userId = ref<string | null>(null);
  const platformRole = ref<MeResponse['platformRole'] | null>(null);
  const orgs = shallowRef<readonly MeOrg[]>([]);
  /** The version of the permissions below; a change re-runs the open page's guard. */
  const permissionsVersion = ref<string | null>(null);
  const activeOrgId = ref<string | null>(null);
  /** Grants of custom roles, per org (built-in roles are known to the shared package). */
  const customGrants = shallowRef<ReadonlyMap<string, readonly Grant[]>>(new Map());
  /** The names of the caller's custom roles, per org, as `GET /api/orgs/:id` answers them. */
  const customRoleNames = shallowRef<ReadonlyMap<string, string>>(new Map());
  /** Orgs that answered MFA_REQUIRED: they want a second factor the caller has not set up. */
  const mfaRequiredOrgs = shallowRef<ReadonlySet<string>>(new Set());

  const activeOrg = computed(() => orgs.value.find((org) => org.id === activeOrgId.value) ?? null);

  /** Takes in a who-am-I answer; resolves once the active org's grants are known. */
  function apply(me: MeResponse): Promise<void> {
    knownVersion = me.permissionsVersion;
    // New permissions: what was known about custom roles may be stale.
    customGrants.value = new Map();
    customRoleNames.value = new Map();
    userId.value = me.user.id;
    platformRole.value = me.platformRole;
    orgs.value = me.orgs;
    permissionsVersion.value = me.permissionsVersion;
    if (!me.orgs.some((org) => org.id === activeOrgId.value)) {
      const last = remembered();
      activeOrgId.value = me.orgs.find((org) => org.id === last)?.id ?? me.orgs[0]?.id ?? null;
    }
    return loadGrants(activeOrgId.value);
  }

  function clear(): void {
    userId.value = null;
    platformRole.value = null;
    orgs.value = [];
    permissionsVersion.value = null;
    customGrants.value = new Map();
    customRoleNames.value = new Map();
    mfaRequiredOrgs.value = new Set();
    knownVersion = null;
  }

  /** The API refused `orgId` with MFA_REQUIRED; the open page's guard runs again (follow-session.ts). */
  function markMfaRequired(orgId: string): void {
    if (!mfaRequiredOrgs.value.has(orgId)) mfaRequiredOrgs.value = new Set([...mfaRequiredOrgs.value, orgId]);
  }

  /**
   * The caller set up a second factor: every org may open again. Custom roles' grants read while
   * the org refused are dropped too, so they are asked for anew.
   */
  function mfaSetUp(): void {
    mfaRequiredOrgs.value = new Set();
    customGrants.value = new Map();
  }

  function needsMfa(orgId: string | null): boolean {
    return orgId !== null && mfaRequiredOrgs.value.has(orgId);
  }

  /**
   * Notes a permissions version that an answer or another tab announced. True the first time it
   * is heard: the caller reloads who-am-I once, however many answers carry it.
   */
  function isNewVersion(version: string): boolean {
    if (version === knownVersion) return false;
    knownVersion = version;
    return true;
  }

  /**
   * Learns the caller's grants in `orgId` when they hold a custom role there (`GET /api/orgs/:id`
   * answers them). A role without `org.read` cannot ask; it is treated as granting nothing, and
   * the API still decides every request.
   */
  function loadGrants(orgId: string | null): Promise<void> {
    const org = orgs.value.find((entry) => entry.id === orgId);
    if (!org || isBuiltInRoleId(org.role) || customGrants.value.has(org.id)) return Promise.resolve();
    let pending = loadingGrants.get(org.id);
    if (!pending) {
      pending = getOrg(org.id)
        .then(
          ({ membership }) => membership,
          (error: unknown): { permissions: readonly Grant[]; roleName?: string } => {
            if (toApiProblem(error).status !== 403) throw error;
            return { permissions: [] };
          },
        )
        .then(({ permissions, roleName: name }) => {
          customGrants.value = new Map([...customGrants.value, [org.id, permissions]]);
          if (name) customRoleNames.value = new Map([...customRoleNames.value, [org.id, name]]);
        })
        .finally(() => loadingGrants.delete(org.id));
      loadingGrants.set(org.id, pending);
    }
    return pending;
  }

  function selectOrg(orgId: string): void {
    activeOrgId.value = orgId;
    remember(orgId);
    void loadGrants(orgId).catch(() => {});
  }

  /** The caller's grants in an org (nothing until a custom role's grants are loaded). */
  function grantsIn(orgId: string | null): readonly Grant[] {
    const org = orgs.value.find((entry) => entry.id === orgId);
    if (!org) return [];
    return isBuiltInRoleId(org.role) ? builtInRoles[org.role].permissions : (customGrants.value.get(org.id) ?? []);
  }

  /**
   * The name of the caller's role in `orgId`: a built-in role's from the permissions package, a
   * custom role's once `loadGrants` has read it (until then, or without `org.read`, a general
   * phrase — never the id).
   */
  function roleNameIn(orgId: string | null): string {
    const org = orgs.value.find((entry) => entry.id === orgId);
    if (!org) return '';
    const known = customRoleNames.value.get(org.id);
    return roleName(org.role, known ? [{ id: org.role, name: known }] : []);
  }

  /** Whether the caller may do `permission` in `orgId` (on `ownerId`'s instance, for owned resources). */
  function canIn(orgId: string | null, permission: Permission, ownerId?: string | null): boolean {
    const context = ownerId === undefined ? undefined : { userId: userId.value ?? '', ownerId };
    return canWith(grantsIn(orgId), permission, context);
  }

  /** Whether the caller may do `permission` in `orgId` on at least their own instances. */
  function canAnyIn(orgId: string | null, permission: Permission): boolean {
    return canAnyWith(grantsIn(orgId), permission);
  }

  function canPlatform(permission: PlatformPermission): boolean {
    const role = platformRole.value;
    return role === 'admin' || role === 'user' ? canPlatformRole(role, permission) : false;
  }

  return {
    userId,
    platformRole,
    orgs,
    permissionsVersion,
    activeOrgId,
    activeOrg,
    mfaRequiredOrgs,
    apply,
    clear,
    markMfaRequired,
    mfaSetUp,
    needsMfa,
    isNewVersion,
    loadGrants,
    selectOrg,
    grantsIn,
    roleNameIn,
    canIn,
    canAnyIn,
    canPlatform,
  };
});

export type OrgStore = ReturnType<typeof useOrgStore>;
