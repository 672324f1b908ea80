import { watch } from 'vue';
import type { Router } from 'vue-router';
import { hasUnsavedInput } from '../composables/unsaved-input.ts';
import { useOrgStore } from '../stores/org-store.ts';
import { useSessionStore } from '../stores/session-store.ts';
import { accessLost } from './access-lost.ts';
import { authGuard } from './guards.ts';
import { safeNext } from './safe-next.ts';

/**
 * Keeps the page in step with the session, whatever changed it — this tab, another tab, a failed
 * refresh, a permissions change announced by the API. The one place that navigates on auth
 * changes; pages only call the store.
 */
export function followSession(router: Router): () => void {
  const session = useSessionStore();
  const orgStore = useOrgStore();

  const stopStatus = watch(
    () => session.status,
    (status, previous) => {
      const current = router.currentRoute.value;
      if (status === 'signed-out' && previous === 'signed-in') {
        if (current.meta.guestOnly || current.meta.anyone) return;
        // A deliberate sign-out starts afresh; an ended session returns to where the person was.
        const query = session.endReason === 'signed-out' ? {} : { next: current.fullPath };
        void router.replace({ path: '/login', query });
      } else if (status === 'signed-in' && previous === 'signed-out' && current.meta.guestOnly) {
        void router.replace(safeNext(current.query.next) ?? '/');
      }
    },
  );

  // New permissions: run the guards of the current page again (it may now be forbidden, or no
  // longer), and let v-can / useCan re-render everything else.
  const stopPermissions = watch(
    () => orgStore.permissionsVersion,
    async (version, previous) => {
      // Before the first navigation has finished there is no page to re-check yet.
      const current = router.currentRoute.value;
      if (version === null || previous === null || current.matched.length === 0) return;
      // Typed input is worth more than an instant 403: the page stays, saying what happened,
      // until the person leaves it (the API refuses the save meanwhile).
      if (hasUnsavedInput()) {
        const verdict = await authGuard(current);
        accessLost.value = verdict !== true;
        if (accessLost.value) return;
      }
      void router.replace({ path: current.fullPath, force: true });
    },
  );
  const stopAccessLost = watch(
    () => router.currentRoute.value.fullPath,
    () => {
      accessLost.value = false;
    },
  );

  // An org answered MFA_REQUIRED: the guard of the open page sends the person to set a factor up.
  const stopMfa = watch(
    () => orgStore.mfaRequiredOrgs,
    (orgs) => {
      const orgId = router.currentRoute.value.params.orgId;
      if (typeof orgId === 'string' && orgs.has(orgId)) {
        void router.replace({ path: router.currentRoute.value.fullPath, force: true });
      }
    },
  );
  // Another tab signed in as someone else: nothing on this page belongs to the new person.
  const stopUser = watch(
    () => session.user?.id ?? null,
    (id, previous) => {
      if (id !== null && previous !== null && id !== previous) void router.replace('/');
    },
  );

  return () => {
    stopStatus();
    stopPermissions();
    stopMfa();
    stopUser();
    stopAccessLost();
  };
}
