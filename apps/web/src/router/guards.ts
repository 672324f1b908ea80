import type { NavigationGuardReturn, RouteLocationNormalized, Router } from 'vue-router';
import { useOrgStore } from '../stores/org-store.ts';
import { useSessionStore } from '../stores/session-store.ts';
import { safeNext } from './safe-next.ts';
import { forbiddenAt, mfaRequiredAt, notFoundAt } from './special-routes.ts';

/**
 * Decides one navigation from route meta. The store is looked up here, per navigation, not at
 * module top: Pinia may not be installed yet when this module is imported.
 */
export async function authGuard(to: RouteLocationNormalized): Promise<NavigationGuardReturn> {
  const session = useSessionStore();
  const orgStore = useOrgStore();
  // The first navigation waits for the silent refresh, so a reload never flashes the login page.
  await session.ready();
  const signedIn = session.status === 'signed-in';

  if (to.meta.guestOnly && signedIn) return safeNext(to.query.next) ?? '/';
  if (to.meta.requiresAuth && !signedIn) return { path: '/login', query: { next: to.fullPath } };

  const orgId = typeof to.params.orgId === 'string' ? to.params.orgId : null;
  if (orgId !== null) {
    // Someone else's org looks exactly like one that does not exist, as it does in the API.
    if (!orgStore.orgs.some((org) => org.id === orgId)) return notFoundAt(to);
    orgStore.selectOrg(orgId);
    // Unreachable grants read as none: the 403 page, never a page the API would refuse.
    await orgStore.loadGrants(orgId).catch(() => {});
    // Known from an earlier answer (MFA_REQUIRED): say what to do instead of showing a failing page.
    if (orgStore.needsMfa(orgId)) return mfaRequiredAt(to);
  }
  if (to.meta.permission && !orgStore.canAnyIn(orgId, to.meta.permission)) return forbiddenAt(to);
  if (to.meta.platformPermission && !orgStore.canPlatform(to.meta.platformPermission)) return forbiddenAt(to);
  return true;
}

export function installGuards(router: Router): void {
  router.beforeEach(authGuard);
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · Portcullis` : 'Portcullis';
  });
}
