import { builtInRoleIds, builtInRoles, canAssignRole, type Role } from '@portcullis/permissions';
import { type ComputedRef, computed, type Ref, ref, watch } from 'vue';
import { listRoles } from '../api/org-api.ts';
import { useOrgStore } from '../stores/org-store.ts';

export interface OrgRoles {
  roles: Ref<readonly Role[]>;
  /** Roles the caller may hand out (or take away) — the escalation rule of the shared package. */
  assignable: ComputedRef<readonly Role[]>;
  nameOf(roleId: string): string;
  mayManage(roleId: string): boolean;
}

const builtIns: readonly Role[] = builtInRoleIds.map((id) => builtInRoles[id]);

/**
 * The org's roles: the built-in ones always, custom ones when the caller may read roles.
 */
export function useOrgRoles(orgId: Ref<string>): OrgRoles {
  const orgStore = useOrgStore();
  const roles = ref<readonly Role[]>(builtIns);

  async function load(): Promise<void> {
    roles.value = builtIns;
    if (!orgId.value || !orgStore.canAnyIn(orgId.value, 'roles.read')) return;
    try {
      const { roles: listed } = await listRoles(orgId.value);
      roles.value = listed;
    } catch {
      // Built-in roles still let the page work.
    }
  }
  watch(orgId, () => void load(), { immediate: true });

  const grants = computed(() => orgStore.grantsIn(orgId.value));
  const find = (roleId: string) => roles.value.find((role) => role.id === roleId);
  return {
    roles,
    assignable: computed(() => roles.value.filter((role) => canAssignRole(grants.value, role))),
    nameOf: (roleId) => find(roleId)?.name ?? roleId,
    mayManage: (roleId) => {
      const role = find(roleId);
      return role ? canAssignRole(grants.value, role) : false;
    },
  };
}
