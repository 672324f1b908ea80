import type { NavigationGuardReturn, RouteLocationNormalized } from 'vue-router';
import { useSessionStore } from '../stores/session-store.ts';

/**
 * The second step needs the ticket the password step left in this tab's memory: a reload, a
 * bookmark or another tab has none, and starts again at the password.
 */
export function secondStepGuard(to: RouteLocationNormalized): NavigationGuardReturn {
  if (useSessionStore().secondFactor) return true;
  return { path: '/login', query: to.query.next ? { next: to.query.next } : {} };
}
