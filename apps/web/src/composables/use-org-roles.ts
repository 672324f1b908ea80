import { builtInRoleIds, builtInRoles, canAssignRole, type Role } from '@portcullis/permissions';
import { type ComputedRef, computed, type Ref, ref, watch } from 'vue';
import { listRoles } from '../api/org-api.ts';
import { useOrgStore } from '../stores/org-store.ts';
import { roleName } from '../utils/role-name.ts';

export interface OrgRoles {
  roles: Ref<readonly Role[]>;
  /** Roles the caller may hand out (or take away) — the escalation rule of the shared package. */
  assignable: ComputedRef<readonly Role[]>;
  /** Whether the org's own list is in (or known to be out of reach): custom names are known. */
  loaded: Ref<boolean>;
  nameOf(roleId: string): string;
  mayManage(roleId: string): boolean;
  /** Asks for the list again (a page's "Try again"). */
  reload(): Promise<void>;
}

const builtIns: readonly Role[] = builtInRoleIds.map((id) => builtInRoles[id]);

/**
 * The org's roles: the built-in ones always, custom ones when the caller may read roles.
 */
export function useOrgRoles(orgId: Ref<string>): OrgRoles {
  const orgStore = useOrgStore();
  const roles = ref<readonly Role[]>(builtIns);
  const loaded = ref(false);

  async function load(): Promise<void> {
    roles.value = builtIns;
    loaded.value = false;
    try {
      if (orgId.value && orgStore.canAnyIn(orgId.value, 'roles.read')) {
        roles.value = (await listRoles(orgId.value)).roles;
      }
    } catch {
      // Built-in roles still let the page work.
    } finally {
      loaded.value = true;
    }
  }
  watch(orgId, () => void load(), { immediate: true });

  const grants = computed(() => orgStore.grantsIn(orgId.value));
  const find = (roleId: string) => roles.value.find((role) => role.id === roleId);
  return {
    roles,
    loaded,
    reload: load,
    assignable: computed(() => roles.value.filter((role) => canAssignRole(grants.value, role))),
    nameOf: (roleId) => roleName(roleId, roles.value),
    mayManage: (roleId) => {
      const role = find(roleId);
      return role ? canAssignRole(grants.value, role) : false;
    },
  };
}
