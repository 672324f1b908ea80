import { ofetch } from 'ofetch';
import { type ApiProblem, toApiProblem } from './api-problem.ts';
import type { ApiAnswer, ApiPath, Method, PathParams } from './api-routes.ts';
import { stepUp } from './step-up.ts';

/** What the client needs from whoever holds the session (the session store). */
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
  /** An org's route answered MFA_REQUIRED: the org asks for a second factor the caller lacks. */
  mfaRequired(orgId: string): void;
}

const noSession: SessionHooks = {
  token: () => null,
  refresh: async () => false,
  sessionLost: () => {},
  permissionsVersion: () => {},
  mfaRequired: () => {},
};

let hooks: SessionHooks = noSession;

/** Called once by the session store when it is created; tests get a fresh store, so a fresh binding. */
export function connectSession(next: SessionHooks): void {
  hooks = next;
}

// The endpoints that create or end credentials. A 401 from them is an answer about the
// credentials sent (wrong password, dead cookie), never a reason to refresh — and refreshing on
// /refresh itself would loop. Authenticated reads under /api/auth (me, events, password change)
// are ordinary calls.
const credentialEndpoints: ReadonlySet<string> = new Set<ApiPath<'post'>>([
  '/api/auth/login',
  '/api/auth/register',
  '/api/auth/refresh',
  '/api/auth/logout',
  '/api/auth/password/forgot',
  '/api/auth/password/reset',
  '/api/auth/verify-email',
  '/api/auth/mfa/verify',
  '/api/auth/mfa/webauthn/options',
  '/api/auth/passkeys/login/options',
  '/api/auth/passkeys/login',
]);

// Proving who you are never asks you to prove who you are first (the API does not ask, and if it
// ever did, the dialog must not open a second dialog).
const stepUpEndpoints: ReadonlySet<string> = new Set<ApiPath<'post'>>(['/api/auth/reauth', '/api/auth/reauth/options']);

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

export interface RequestOptions {
  body?: Record<string, unknown>;
  query?: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Send no bearer token: the call is authenticated by the refresh cookie, or not at all. */
  anonymous?: boolean;
}

/** The options of a call to `path`: `params` fills its `:name` segments, and is required when it has any. */
type RequestTo<P extends string> = RequestOptions & PathParams<P>;

/** Options may be left out where the path has nothing to fill in. */
type OptionsArg<P extends string> = object extends PathParams<P> ? [options?: RequestTo<P>] : [options: RequestTo<P>];

/** `/api/orgs/:orgId/members` with `{ orgId: 'o 1' }` → `/api/orgs/o%201/members`. */
function fillPath(path: string, params: Readonly<Record<string, string>> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`No value for :${name} in ${path}`);
    return encodeURIComponent(value);
  });
}

async function send<T>(
  method: Method,
  url: string,
  { anonymous, body, query, signal }: RequestOptions,
  token: string | null,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (token && !anonymous) headers.Authorization = `Bearer ${token}`;
  // A write always carries a JSON body, `{}` when it has nothing to say: the API's validators read one.
  const payload = body ?? (method === 'post' || method === 'patch' ? {} : undefined);
  try {
    return await raw<T>(url, {
      method: method.toUpperCase(),
      headers,
      ...(payload ? { body: payload } : {}),
      ...(query ? { query } : {}),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    throw toApiProblem(error);
  }
}

/**
 * Sends with the current token; on a 401 from an ordinary endpoint it waits for the one shared
 * refresh and replays the request once with the new token. If the session cannot be renewed — or
 * a freshly refreshed token is refused too — the session is dropped (follow-session.ts routes to
 * /login).
 */
async function sendRefreshing<T>(method: Method, path: string, url: string, options: RequestOptions): Promise<T> {
  const token = hooks.token();
  try {
    return await send<T>(method, url, options, token);
  } catch (problem) {
    const failure = toApiProblem(problem);
    if (failure.status !== 401 || credentialEndpoints.has(path) || failure.code === 'INVALID_CREDENTIALS') {
      throw failure;
    }
    if (!(await hooks.refresh(token))) {
      hooks.sessionLost();
      throw failure;
    }
    try {
      return await send<T>(method, url, options, hooks.token());
    } catch (replayed) {
      const again = toApiProblem(replayed);
      // A token minted a moment ago and still refused: the session is gone, not stale.
      if (again.status === 401 && again.code !== 'INVALID_CREDENTIALS') hooks.sessionLost();
      throw again;
    }
  }
}

/** Tells the session about an org that wants a second factor, and hands the problem back to throw. */
function noted(problem: ApiProblem, orgId: string | undefined): ApiProblem {
  if (problem.code === 'MFA_REQUIRED' && orgId !== undefined) hooks.mfaRequired(orgId);
  return problem;
}

/**
 * The one way the app talks to the API. Attaches the bearer token and renews it on a 401 (see
 * `sendRefreshing`). A sensitive call that answers 403 REAUTH_REQUIRED opens the
 * re-authentication dialog (step-up.ts) and, once the person has proved who they are, is replayed
 * once; when they cancel — or the replay is refused again — it fails with that problem, so no page
 * handles step-up itself. Every failure is thrown as an `ApiProblem`.
 *
 * @example
 * const { members } = await apiRequest('get', '/api/orgs/:orgId/members', { params: { orgId } })
 */
export async function apiRequest<M extends Method, P extends ApiPath<M>>(
  method: M,
  path: P,
  ...[options]: OptionsArg<P>
): Promise<ApiAnswer<M, P>> {
  type Answer = ApiAnswer<M, P>;
  const params: Readonly<Record<string, string>> | undefined = options?.params;
  const url = fillPath(path, params);
  try {
    return await sendRefreshing<Answer>(method, path, url, options ?? {});
  } catch (problem) {
    const failure = noted(toApiProblem(problem), params?.orgId);
    if (failure.code !== 'REAUTH_REQUIRED' || stepUpEndpoints.has(path) || !(await stepUp(failure))) throw failure;
  }
  // Replayed once only: a second REAUTH_REQUIRED is thrown, never a second dialog.
  try {
    return await sendRefreshing<Answer>(method, path, url, options ?? {});
  } catch (problem) {
    throw noted(toApiProblem(problem), params?.orgId);
  }
}

const withMethod =
  <M extends Method>(method: M) =>
  <P extends ApiPath<M>>(path: P, ...options: OptionsArg<P>): Promise<ApiAnswer<M, P>> =>
    apiRequest<M, P>(method, path, ...options);

/** `api.get('/api/sessions')`, `api.delete('/api/sessions/:id', { params: { id } })`. */
export const api = {
  get: withMethod('get'),
  post: withMethod('post'),
  patch: withMethod('patch'),
  delete: withMethod('delete'),
};
