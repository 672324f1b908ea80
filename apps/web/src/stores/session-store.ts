import { defineStore } from 'pinia';
import { onScopeDispose, ref, shallowRef } from 'vue';
import { api, connectSession } from '../api/api-client.ts';
import { toApiProblem } from '../api/api-problem.ts';
import type {
  LoginRequest,
  LogoutScope,
  RegisterRequest,
  SecondFactorMethod,
  SecondFactorRequest,
  SignedInResponse,
  User,
} from '../api/api-types.ts';
import type { PasskeyAssertion, RequestOptions } from '../api/passkey-ceremony.ts';
import { openTabChannel, type TabMessage } from '../tabs/tab-channel.ts';
import { withTabLock } from '../tabs/with-tab-lock.ts';
import { useOrgStore } from './org-store.ts';
import { refreshDelayMs } from './refresh-delay.ts';

/** Why the session ended, so the login page can say so. */
export type SessionEndReason = 'signed-out' | 'expired' | 'other-tab';
export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out';

/** A sign-in waiting for its second factor: which ones the user has, and until when. */
export interface SecondFactorStep {
  methods: readonly SecondFactorMethod[];
  expiresAt: number;
}

/** An answer to the second step, without the ticket (the store holds it). */
export type SecondFactorAnswer = SecondFactorRequest extends infer R
  ? R extends { mfaToken: string }
    ? Omit<R, 'mfaToken'>
    : never
  : never;

/** Longest a tab waits for another tab's refresh before refreshing on its own. */
const REFRESH_LOCK_TIMEOUT_MS = 10_000;

/**
 * The session of this tab: who is signed in, and the access token that proves it. Signs in and
 * out, refreshes, and keeps the tabs in step; what the person may do lives in the org store,
 * which this one fills from `/api/auth/me`.
 *
 * The access token lives in this closure only — not in the store's state (so not in devtools or
 * any serialised snapshot), never in localStorage, sessionStorage or a readable cookie. A reload
 * gets a new one from the HttpOnly refresh cookie (`ready()`), and a timer renews it shortly
 * before it expires.
 */
export const useSessionStore = defineStore('session', () => {
  const orgStore = useOrgStore();
  let accessToken: string | null = null;
  let tokenExpiresAt: number | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let refreshing: Promise<boolean> | null = null;
  let restoring: Promise<void> | null = null;
  let reloadingMe: Promise<void> | null = null;
  // The login ticket (`mfaToken`) lives in this closure like the access token: it stands for a
  // password that was just proved.
  let mfaToken: string | null = null;

  const status = ref<SessionStatus>('unknown');
  const endReason = ref<SessionEndReason | null>(null);
  const user = shallowRef<User | null>(null);
  const secondFactor = shallowRef<SecondFactorStep | null>(null);

  const channel = openTabChannel(onTabMessage);
  // Browsers throttle timers in background tabs (to once a minute, or less): a tab coming back
  // into view renews a token that is about to expire, or already has, before the person acts.
  const onVisible = () => {
    if (document.visibilityState === 'visible' && tokenExpiresAt !== null && tokenExpiresAt - Date.now() < 60_000) {
      void renewSoon();
    }
  };
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisible);
  onScopeDispose(() => {
    channel.close();
    clearTimeout(refreshTimer);
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisible);
  });

  connectSession({
    token: () => accessToken,
    refresh,
    sessionLost: () => endSession('expired', true),
    mfaRequired: (orgId) => orgStore.markMfaRequired(orgId),
    permissionsVersion(version) {
      if (status.value !== 'signed-in' || !orgStore.isNewVersion(version)) return;
      channel.post({ type: 'permissions-changed', version });
      void reloadMe().catch(() => {});
    },
  });

  function setToken(token: string, expiresInSeconds: number): void {
    accessToken = token;
    tokenExpiresAt = Date.now() + expiresInSeconds * 1000;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void renewSoon(), refreshDelayMs(expiresInSeconds));
  }

  async function renewSoon(): Promise<void> {
    try {
      if (!(await refresh(accessToken))) endSession('expired', true);
    } catch {
      // Offline or the API is down: try again shortly; a request made meanwhile refreshes on 401.
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => void renewSoon(), 30_000);
    }
  }

  /**
   * One refresh for every caller in this tab, and one tab at a time (Web Lock). Resolves false
   * when the API refuses the cookie; throws an `ApiProblem` when it cannot be asked.
   */
  function refresh(staleToken: string | null = accessToken): Promise<boolean> {
    // Someone refreshed after `staleToken` was sent: replay with the current token.
    if (accessToken !== null && staleToken !== accessToken) return Promise.resolve(true);
    refreshing ??= withTabLock('portcullis-refresh', REFRESH_LOCK_TIMEOUT_MS, async () => {
      try {
        const result = await api.post('/api/auth/refresh', { anonymous: true });
        setToken(result.accessToken, result.expiresIn);
        return true;
      } catch (error) {
        const problem = toApiProblem(error);
        if (problem.status === 401 || problem.status === 403) return false;
        throw problem;
      }
    }).finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function loadMe(): Promise<void> {
    const me = await api.get('/api/auth/me');
    user.value = me.user;
    await orgStore.apply(me);
  }

  /**
   * The cheap look a visible tab takes every few seconds (tabs/poll-session.ts): the answer's
   * X-Permissions-Version reloads /me when it changed, and a 401 whose refresh fails ends the
   * session — both through the API client's hooks, so nothing is handled twice.
   */
  async function checkSession(): Promise<void> {
    if (status.value !== 'signed-in') return;
    try {
      await api.get('/api/auth/permissions-version');
    } catch {
      // Offline or the API is down: the next look, or the next request, finds out.
    }
  }

  /**
   * Something about the user changed outside who-am-I's usual triggers (the email was verified):
   * this tab reloads it, and tells the other tabs to, so no banner stays stale.
   */
  async function profileChanged(): Promise<void> {
    channel.post({ type: 'profile-changed' });
    if (status.value === 'signed-in') await reloadMe().catch(() => {});
  }

  /** Reload who-am-I once, however many callers ask at the same time. */
  function reloadMe(): Promise<void> {
    reloadingMe ??= loadMe().finally(() => {
      reloadingMe = null;
    });
    return reloadingMe;
  }

  /** Restores the session from the refresh cookie, once per page load. Guards await it. */
  function ready(): Promise<void> {
    restoring ??= restore();
    return restoring;
  }

  async function restore(): Promise<void> {
    try {
      // The current token (null on page load) as the stale one: always ask the cookie, so that a
      // sign-in in another tab (perhaps as someone else) replaces what this tab holds.
      if (await refresh(accessToken)) {
        await loadMe();
        status.value = 'signed-in';
        return;
      }
    } catch {
      // The API cannot be reached; the login page says so when the person tries.
    }
    accessToken = null;
    status.value = 'signed-out';
  }

  /**
   * Signs in with a password. A user with a second factor gets no session yet: the answer is a
   * ticket for the second step, kept here until `verifySecondFactor` spends it.
   */
  async function login(credentials: LoginRequest): Promise<'signed-in' | 'second-factor'> {
    const result = await api.post('/api/auth/login', { body: credentials });
    if ('mfaRequired' in result) {
      mfaToken = result.mfaToken;
      secondFactor.value = { methods: result.methods, expiresAt: Date.now() + result.expiresIn * 1000 };
      return 'second-factor';
    }
    await signedIn(result);
    return 'signed-in';
  }

  async function signedIn(result: SignedInResponse): Promise<void> {
    forgetSecondFactor();
    setToken(result.accessToken, result.expiresIn);
    await loadMe();
    status.value = 'signed-in';
    endReason.value = null;
    restoring = Promise.resolve();
    channel.post({ type: 'signed-in', userId: result.user.id });
  }

  /**
   * Takes over a login ticket handed to this page in the URL fragment: the provider callback's
   * answer for a user with MFA (a redirect cannot carry a JSON body). From here it lives like one
   * a password earned.
   */
  function adoptSecondFactor(ticket: {
    mfaToken: string;
    methods: readonly SecondFactorMethod[];
    expiresIn: number;
  }): void {
    mfaToken = ticket.mfaToken;
    secondFactor.value = { methods: ticket.methods, expiresAt: Date.now() + ticket.expiresIn * 1000 };
  }

  function forgetSecondFactor(): void {
    mfaToken = null;
    secondFactor.value = null;
  }

  /** A 401 UNAUTHENTICATED on the ticket: expired, used, or dead after too many wrong answers. */
  async function withTicket<T>(call: (ticket: string) => Promise<T>): Promise<T> {
    try {
      return await call(mfaToken ?? '');
    } catch (error) {
      const problem = toApiProblem(error);
      if (problem.status === 401 && problem.code !== 'INVALID_CREDENTIALS') forgetSecondFactor();
      throw problem;
    }
  }

  /** Completes a sign-in with a code, a recovery code or a passkey's signature. */
  function verifySecondFactor(answer: SecondFactorAnswer): Promise<void> {
    return withTicket(async (ticket) => {
      await signedIn(await api.post('/api/auth/mfa/verify', { body: { ...answer, mfaToken: ticket } }));
    });
  }

  /** The challenge for a passkey as the second factor, listing the user's passkeys. */
  function secondFactorPasskeyOptions(): Promise<RequestOptions> {
    return withTicket((ticket) => api.post('/api/auth/mfa/webauthn/options', { body: { mfaToken: ticket } }));
  }

  /** Passwordless: a passkey's signature is a whole sign-in. */
  async function loginWithPasskey(response: PasskeyAssertion): Promise<void> {
    await signedIn(await api.post('/api/auth/passkeys/login', { body: { response } }));
  }

  async function register(details: RegisterRequest): Promise<void> {
    await api.post('/api/auth/register', { body: details });
    await login({ email: details.email, password: details.password });
  }

  /**
   * `current` and `all` end this tab's session (and tell the other tabs); `others` keeps it.
   * Logout presents the refresh cookie rather than the bearer token: the access token may have
   * expired while the tab slept, and the cookie is what keeps this browser signed in.
   */
  async function logout(scope: LogoutScope = 'current'): Promise<void> {
    try {
      await api.post('/api/auth/logout', { body: { scope }, anonymous: true });
    } catch (error) {
      const problem = toApiProblem(error);
      // 401: the session had already ended — which is what was asked for.
      if (problem.status !== 401 || scope === 'others') throw problem;
    }
    if (scope !== 'others') endSession('signed-out', true);
  }

  function endSession(reason: SessionEndReason, tellOtherTabs: boolean): void {
    const wasSignedIn = status.value === 'signed-in';
    accessToken = null;
    clearTimeout(refreshTimer);
    tokenExpiresAt = null;
    user.value = null;
    orgStore.clear();
    status.value = 'signed-out';
    endReason.value = reason;
    restoring = Promise.resolve();
    if (tellOtherTabs && wasSignedIn) channel.post({ type: 'signed-out' });
  }

  function onTabMessage(message: TabMessage): void {
    if (message.type === 'signed-out') {
      if (status.value === 'signed-in') endSession('other-tab', false);
    } else if (message.type === 'signed-in') {
      // Another tab signed in (perhaps as someone else): pick the session up from the shared cookie.
      if (status.value !== 'signed-in' || user.value?.id !== message.userId) {
        restoring = restore();
      }
    } else if (message.type === 'profile-changed') {
      if (status.value === 'signed-in') void reloadMe().catch(() => {});
    } else if (status.value === 'signed-in' && orgStore.isNewVersion(message.version)) {
      void reloadMe().catch(() => {});
    }
  }

  return {
    status,
    endReason,
    user,
    secondFactor,
    ready,
    login,
    verifySecondFactor,
    secondFactorPasskeyOptions,
    loginWithPasskey,
    forgetSecondFactor,
    adoptSecondFactor,
    register,
    logout,
    refresh,
    reloadMe,
    checkSession,
    profileChanged,
    endSession,
  };
});

export type SessionStore = ReturnType<typeof useSessionStore>;
