import { type ComputedRef, computed } from 'vue';
import { useRoute } from 'vue-router';

/** The `:orgId` of the current route ('' outside org pages). */
export function useOrgId(): ComputedRef<string> {
  const route = useRoute();
  return computed(() => (typeof route.params.orgId === 'string' ? route.params.orgId : ''));
}
