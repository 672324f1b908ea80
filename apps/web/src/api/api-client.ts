import { ofetch } from 'ofetch';
import { toApiProblem } from './api-problem.ts';

/** What the client needs from whoever holds the session (the auth store). */
export interface SessionHooks {
  /** The access token to send, or null. */
  token(): string | null;
  /**
   * Get a fresh access token. `staleToken` is the token the failed request carried, so that a
   * caller whose token was already replaced (by a refresh that finished meanwhile) does not
   * refresh again. Shared: concurrent callers wait on one refresh. Resolves false when the
   * session cannot be renewed.
   */
  refresh(staleToken: string | null): Promise<boolean>;
  /** The session is gone (refresh failed, or a fresh token is refused): clear it and go to login. */
  sessionLost(): void;
  /** Every authenticated answer says which permissions it was computed with. */
  permissionsVersion(version: string): void;
}

const noSession: SessionHooks = {
  token: () => null,
  refresh: async () => false,
  sessionLost: () => {},
  permissionsVersion: () => {},
};

let hooks: SessionHooks = noSession;

/** Called once by the auth store when it is created; tests get a fresh store, so a fresh binding. */
export function connectSession(next: SessionHooks): void {
  hooks = next;
}

// The endpoints that create or end credentials. A 401 from them is an answer about the
// credentials sent (wrong password, dead cookie), never a reason to refresh — and refreshing on
// /refresh itself would loop. Authenticated reads under /api/auth (me, events, password change)
// are ordinary calls.
const credentialEndpoints =
  /^\/api\/auth\/(?:login|register|refresh|logout|password\/forgot|password\/reset|verify-email)(?:\?|$)/;

export function isCredentialEndpoint(path: string): boolean {
  return credentialEndpoints.test(path);
}

const raw = ofetch.create({
  // ofetch retries GETs on 408/409/425/429/5xx by default: a retried 409 or 429 is never what a
  // person wants, and a retried refresh would spend the rotated cookie.
  retry: 0,
  timeout: 20_000,
  credentials: 'same-origin',
  headers: { Accept: 'application/json, application/problem+json' },
  onResponse({ response }) {
    const version = response.headers.get('X-Permissions-Version');
    if (version) hooks.permissionsVersion(version);
  },
});

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: Record<string, unknown>;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  /** Send no bearer token: the call is authenticated by the refresh cookie, or not at all. */
  anonymous?: boolean;
};

async function send<T>(path: string, { anonymous, ...options }: RequestOptions, token: string | null): Promise<T> {
  const headers: Record<string, string> = {};
  if (token && !anonymous) headers.Authorization = `Bearer ${token}`;
  try {
    return await raw<T>(path, { ...options, headers });
  } catch (error) {
    throw toApiProblem(error);
  }
}

/**
 * The one way the app talks to the API. Attaches the bearer token; on a 401 from an ordinary
 * endpoint it waits for the one shared refresh and replays the request once with the new token.
 * If the session cannot be renewed — or a freshly refreshed token is refused too — the session is
 * dropped (the auth store routes to /login). Every failure is thrown as an `ApiProblem`.
 *
 * @example
 * const { sessions } = await apiRequest<SessionsResponse>('/api/sessions')
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const token = hooks.token();
  try {
    return await send<T>(path, options, token);
  } catch (problem) {
    const failure = toApiProblem(problem);
    if (failure.status !== 401 || isCredentialEndpoint(path) || failure.code === 'INVALID_CREDENTIALS') throw failure;
    if (!(await hooks.refresh(token))) {
      hooks.sessionLost();
      throw failure;
    }
    try {
      return await send<T>(path, options, hooks.token());
    } catch (replayed) {
      const again = toApiProblem(replayed);
      // A token minted a moment ago and still refused: the session is gone, not stale.
      if (again.status === 401 && again.code !== 'INVALID_CREDENTIALS') hooks.sessionLost();
      throw again;
    }
  }
}

/** Shorthands that keep call sites to one line. */
export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal): Promise<T> =>
    apiRequest<T>(path, { method: 'GET', ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
  post: <T>(path: string, body: Record<string, unknown> = {}): Promise<T> =>
    apiRequest<T>(path, { method: 'POST', body }),
  patch: <T>(path: string, body: Record<string, unknown>): Promise<T> => apiRequest<T>(path, { method: 'PATCH', body }),
  delete: <T = void>(path: string): Promise<T> => apiRequest<T>(path, { method: 'DELETE' }),
};
