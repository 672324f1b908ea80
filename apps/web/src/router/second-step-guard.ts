import type { NavigationGuardReturn, RouteLocationNormalized } from 'vue-router';
import { useSessionStore } from '../stores/session-store.ts';
import { handedTicket } from './handed-ticket.ts';

/**
 * The second step needs the ticket the password step left in this tab's memory: a reload, a
 * bookmark or another tab has none, and starts again at the password. A provider sign-in hands
 * its ticket over in the fragment instead: it moves into the store, and out of the address bar
 * and the history entry (the navigation is replaced).
 */
export function secondStepGuard(to: RouteLocationNormalized): NavigationGuardReturn {
  const session = useSessionStore();
  const handed = handedTicket(to.hash);
  if (handed) {
    session.adoptSecondFactor(handed);
    return { path: to.path, query: to.query, hash: '', replace: true };
  }
  if (session.secondFactor) return true;
  return { path: '/login', query: to.query.next ? { next: to.query.next } : {} };
}
