import { type ComputedRef, computed, type Ref, watch } from 'vue';
import { listMembers } from '../api/org-api.ts';
import { useCan } from '../permissions/use-can.ts';
import { useLoader } from './use-loader.ts';

export interface MemberNames {
  /** User id → name. Empty without `members.read`, or when the members cannot be loaded. */
  names: ComputedRef<ReadonlyMap<string, string>>;
  /** Whether the first answer is in: pages wait for it, so that no line changes under the reader. */
  loaded: ComputedRef<boolean>;
}

/**
 * The names of the org's members, for author and audit lines. Without them the lines fall back on
 * general words ("A member") and the page still works, so a failure here is no failure of the page.
 */
export function useMemberNames(orgId: Ref<string>): MemberNames {
  const { canAny } = useCan();
  const members = useLoader(async (signal) => {
    const listed = canAny('members.read') ? await listMembers(orgId.value, signal).catch(() => null) : null;
    return new Map((listed?.members ?? []).map((member) => [member.userId, member.name]));
  });
  watch(orgId, () => void members.reload());
  return {
    names: computed(() => members.data.value ?? new Map()),
    loaded: computed(() => members.data.value !== null),
  };
}
