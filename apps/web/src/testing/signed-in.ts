import { createPinia, setActivePinia } from 'pinia';
import { vi } from 'vitest';
import { createMemoryHistory, type Router } from 'vue-router';
import { createAppRouter } from '../router/create-app-router.ts';
import { followSession } from '../router/follow-session.ts';
import { type OrgStore, useOrgStore } from '../stores/org-store.ts';
import { type SessionStore, useSessionStore } from '../stores/session-store.ts';
import { FakeApi } from './fake-api.ts';

export interface TestApp {
  api: FakeApi;
  session: SessionStore;
  orgStore: OrgStore;
  router: Router;
  stop(): void;
}

/**
 * A fresh Pinia, router (memory history) and fake API per test. `signedIn: true` restores a
 * session through the fake refresh cookie, as a page load does.
 */
export async function testApp({ signedIn = true, configure = (_api: FakeApi) => {} } = {}): Promise<TestApp> {
  const api = new FakeApi();
  api.cookieValid = signedIn;
  configure(api);
  vi.stubGlobal('fetch', api.fetch);
  setActivePinia(createPinia());
  const router = createAppRouter(createMemoryHistory());
  const stop = followSession(router);
  const session = useSessionStore();
  const orgStore = useOrgStore();
  await session.ready();
  return {
    api,
    session,
    orgStore,
    router,
    stop: () => {
      stop();
      session.$dispose();
      orgStore.$dispose();
    },
  };
}

/** Lets pending promise callbacks and Vue's scheduler run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}
