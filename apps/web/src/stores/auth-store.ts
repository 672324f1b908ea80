import {
  builtInRoles,
  canAny as canAnyWith,
  canPlatform as canPlatformRole,
  can as canWith,
  type Grant,
  isBuiltInRoleId,
  type Permission,
  type PlatformPermission,
} from '@portcullis/permissions';
import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref, shallowRef } from 'vue';
import { api, apiRequest, connectSession } from '../api/api-client.ts';
import { toApiProblem } from '../api/api-problem.ts';
import type {
  LoginRequest,
  LoginResponse,
  LogoutScope,
  MeResponse,
  RefreshResponse,
  RegisterRequest,
  RegisterResponse,
} from '../api/api-types.ts';
import { getOrg } from '../api/org-api.ts';
import { openTabChannel, type TabMessage } from '../tabs/tab-channel.ts';
import { withTabLock } from '../tabs/with-tab-lock.ts';
import { refreshDelayMs } from './refresh-delay.ts';

/** Why the session ended, so the login page can say so. */
export type SessionEndReason = 'signed-out' | 'expired' | 'other-tab';
export type AuthStatus = 'unknown' | 'signed-in' | 'signed-out';

const LAST_ORG_KEY = 'portcullis.lastOrg';
/** Longest a tab waits for another tab's refresh before refreshing on its own. */
const REFRESH_LOCK_TIMEOUT_MS = 10_000;

function remembered(): string | null {
  try {
    return localStorage.getItem(LAST_ORG_KEY);
  } catch {
    return null;
  }
}

function remember(orgId: string): void {
  try {
    // Only which org was open last — never anything secret.
    localStorage.setItem(LAST_ORG_KEY, orgId);
  } catch {
    // Storage disabled: the first org is a fine default.
  }
}

/**
 * The session of this tab: who is signed in, in which org, with which permissions.
 *
 * The access token lives in this closure only — not in the store's state (so not in devtools or
 * any serialised snapshot), never in localStorage, sessionStorage or a readable cookie. A reload
 * gets a new one from the HttpOnly refresh cookie (`ready()`), and a timer renews it shortly
 * before it expires.
 */
export const useAuthStore = defineStore('auth', () => {
  let accessToken: string | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let refreshing: Promise<boolean> | null = null;
  let restoring: Promise<void> | null = null;
  let reloadingMe: Promise<void> | null = null;
  const loadingGrants = new Map<string, Promise<void>>();
  /** The newest permissions version any answer carried, so one change triggers one reload. */
  let knownVersion: string | null = null;

  const status = ref<AuthStatus>('unknown');
  const endReason = ref<SessionEndReason | null>(null);
  const me = shallowRef<MeResponse | null>(null);
  const tokenExpiresAt = ref<number | null>(null);
  const activeOrgId = ref<string | null>(null);
  /** Grants of custom roles, per org (built-in roles are known to the shared package). */
  const customGrants = shallowRef<ReadonlyMap<string, readonly Grant[]>>(new Map());

  const user = computed(() => me.value?.user ?? null);
  const orgs = computed(() => me.value?.orgs ?? []);
  const activeOrg = computed(() => orgs.value.find((org) => org.id === activeOrgId.value) ?? null);
  const permissionsVersion = computed(() => me.value?.permissionsVersion ?? null);
  const isPlatformAdmin = computed(() => me.value?.platformRole === 'admin');

  const channel = openTabChannel(onTabMessage);
  // Browsers throttle timers in background tabs (to once a minute, or less): a tab coming back
  // into view renews a token that is about to expire, or already has, before the person acts.
  const onVisible = () => {
    const expiresAt = tokenExpiresAt.value;
    if (document.visibilityState === 'visible' && expiresAt !== null && expiresAt - Date.now() < 60_000) {
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
    permissionsVersion: onPermissionsVersion,
  });

  function setToken(token: string, expiresInSeconds: number): void {
    accessToken = token;
    tokenExpiresAt.value = Date.now() + expiresInSeconds * 1000;
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
        const result = await apiRequest<RefreshResponse>('/api/auth/refresh', {
          method: 'POST',
          body: {},
          anonymous: true,
        });
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
    const next = await api.get<MeResponse>('/api/auth/me');
    knownVersion = next.permissionsVersion;
    // New permissions: what was known about custom roles may be stale.
    customGrants.value = new Map();
    me.value = next;
    if (!next.orgs.some((org) => org.id === activeOrgId.value)) {
      const last = remembered();
      activeOrgId.value = next.orgs.find((org) => org.id === last)?.id ?? next.orgs[0]?.id ?? null;
    }
    await loadGrants(activeOrgId.value);
  }

  /**
   * Learns the caller's grants in `orgId` when they hold a custom role there (`GET /api/orgs/:id`
   * answers them). A role without `org.read` cannot ask; it is treated as granting nothing, and
   * the API still decides every request.
   */
  function loadGrants(orgId: string | null): Promise<void> {
    const org = orgs.value.find((entry) => entry.id === orgId);
    if (!org || isBuiltInRoleId(org.role) || customGrants.value.has(org.id)) return Promise.resolve();
    let pending = loadingGrants.get(org.id);
    if (!pending) {
      pending = getOrg(org.id)
        .then(
          ({ membership }) => membership.permissions,
          (error: unknown): readonly Grant[] => {
            if (toApiProblem(error).status !== 403) throw error;
            return [];
          },
        )
        .then((grants) => {
          customGrants.value = new Map([...customGrants.value, [org.id, grants]]);
        })
        .finally(() => loadingGrants.delete(org.id));
      loadingGrants.set(org.id, pending);
    }
    return pending;
  }

  /** Reload who-am-I once, however many answers announce the same change. */
  function reloadMe(): Promise<void> {
    reloadingMe ??= loadMe().finally(() => {
      reloadingMe = null;
    });
    return reloadingMe;
  }

  function onPermissionsVersion(version: string): void {
    if (status.value !== 'signed-in' || version === knownVersion) return;
    knownVersion = version;
    channel.post({ type: 'permissions-changed', version });
    void reloadMe().catch(() => {});
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

  async function login(credentials: LoginRequest): Promise<void> {
    const result = await api.post<LoginResponse>('/api/auth/login', credentials);
    setToken(result.accessToken, result.expiresIn);
    await loadMe();
    status.value = 'signed-in';
    endReason.value = null;
    restoring = Promise.resolve();
    channel.post({ type: 'signed-in', userId: result.user.id });
  }

  async function register(details: RegisterRequest): Promise<void> {
    await api.post<RegisterResponse>('/api/auth/register', details);
    await login({ email: details.email, password: details.password });
  }

  /**
   * `current` and `all` end this tab's session (and tell the other tabs); `others` keeps it.
   * Logout presents the refresh cookie rather than the bearer token: the access token may have
   * expired while the tab slept, and the cookie is what keeps this browser signed in.
   */
  async function logout(scope: LogoutScope = 'current'): Promise<void> {
    try {
      await apiRequest('/api/auth/logout', { method: 'POST', body: { scope }, anonymous: true });
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
    tokenExpiresAt.value = null;
    me.value = null;
    customGrants.value = new Map();
    knownVersion = null;
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
    } else if (status.value === 'signed-in' && message.version !== knownVersion) {
      knownVersion = message.version;
      void reloadMe().catch(() => {});
    }
  }

  function selectOrg(orgId: string): void {
    activeOrgId.value = orgId;
    remember(orgId);
    void loadGrants(orgId).catch(() => {});
  }

  /** The caller's grants in an org (nothing until a custom role's grants are loaded). */
  function grantsIn(orgId: string | null): readonly Grant[] {
    const org = orgs.value.find((entry) => entry.id === orgId);
    if (!org) return [];
    return isBuiltInRoleId(org.role) ? builtInRoles[org.role].permissions : (customGrants.value.get(org.id) ?? []);
  }

  /** Whether the caller may do `permission` in `orgId` (on `ownerId`'s instance, for owned resources). */
  function canIn(orgId: string | null, permission: Permission, ownerId?: string | null): boolean {
    const userId = user.value?.id ?? '';
    return canWith(grantsIn(orgId), permission, ownerId === undefined ? undefined : { userId, ownerId });
  }

  /** Whether the caller may do `permission` in `orgId` on at least their own instances. */
  function canAnyIn(orgId: string | null, permission: Permission): boolean {
    return canAnyWith(grantsIn(orgId), permission);
  }

  function canPlatform(permission: PlatformPermission): boolean {
    const role = me.value?.platformRole;
    return role === 'admin' || role === 'user' ? canPlatformRole(role, permission) : false;
  }

  return {
    status,
    endReason,
    me,
    user,
    orgs,
    activeOrgId,
    activeOrg,
    permissionsVersion,
    isPlatformAdmin,
    tokenExpiresAt,
    ready,
    login,
    register,
    logout,
    refresh,
    reloadMe,
    endSession,
    selectOrg,
    loadGrants,
    grantsIn,
    canIn,
    canAnyIn,
    canPlatform,
  };
});

export type AuthStore = ReturnType<typeof useAuthStore>;
