import { expect, inject } from 'vitest';
import { json, ORIGIN } from './auth-client.ts';
import { type Consent, type OAuthBrowser, oauthBrowser } from './oauth-browser.ts';
import type { testApp } from './test-app.ts';

type Request = ReturnType<typeof testApp>['request'];

/** The test providers of test/global-setup.ts as AUTH_PROVIDERS. */
export function testProviders(): string {
  const oidc = inject('oidc');
  const client = { clientId: oidc.clientId, clientSecret: oidc.clientSecret };
  return JSON.stringify([
    { id: 'corp', type: 'oidc', name: 'Corp SSO', issuer: oidc.issuer, ...client },
    { id: 'impostor', type: 'oidc', name: 'Impostor', issuer: oidc.impostorIssuer, ...client },
    { id: 'github', type: 'github', clientId: 'github-client', clientSecret: 'github-secret' },
  ]);
}

/** A login name for the test provider, unique per call (suites share one Redis); the prefix picks a story. */
export function uniqueLogin(prefix = 'user'): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 12)}`;
}

/** The email the test provider gives a login (test/oidc-provider.ts). */
export const emailOf = (login: string) => `${login}@corp.test`;

export interface Landing {
  browser: OAuthBrowser;
  /** The callback's answer (a 302). */
  response: Response;
  /** Where the callback sent the browser. */
  location: string;
}

/** What a browser does with the provider buttons and the security page's "Connect". */
export function oauthClient(request: Request) {
  /** The provider button: start → provider login and consent → the callback on the app. */
  async function signIn(
    login: string,
    options: { provider?: string; next?: string; consent?: Consent; browser?: OAuthBrowser } = {},
  ): Promise<Landing> {
    const browser = options.browser ?? oauthBrowser(request);
    const query = options.next === undefined ? '' : `?next=${encodeURIComponent(options.next)}`;
    const start = await browser.go(`/api/auth/oauth/${options.provider ?? 'corp'}/start${query}`);
    expect(start.status).toBe(302);
    const back = await browser.throughProvider(browser.locationOf(start, ORIGIN), login, options.consent);
    return land(browser, back);
  }

  /** The security page's "Connect": the link URL, then the provider, then the callback. */
  async function link(accessToken: string, login: string, provider = 'corp'): Promise<Landing> {
    const browser = oauthBrowser(request);
    const started = await browser.go(
      `/api/auth/oauth/${provider}/link`,
      json({}, { Authorization: `Bearer ${accessToken}` }),
    );
    expect(started.status).toBe(200);
    const { url } = (await started.json()) as { url: string };
    return land(browser, await browser.throughProvider(url, login));
  }

  async function land(browser: OAuthBrowser, url: string): Promise<Landing> {
    const response = await browser.go(url);
    expect(response.status).toBe(302);
    return { browser, response, location: response.headers.get('Location') ?? '' };
  }

  /** The SPA's silent refresh after a landing: the access token of the session the callback started. */
  async function accessTokenOf(browser: OAuthBrowser): Promise<string> {
    const response = await browser.go(
      '/api/auth/refresh',
      json({}, { Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' }),
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  async function identities(accessToken: string): Promise<{ id: string; provider: string; email: string | null }[]> {
    const response = await request('/api/auth/identities', { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { identities: { id: string; provider: string; email: string | null }[] })
      .identities;
  }

  function unlink(accessToken: string, id: string) {
    return request(`/api/auth/identities/${id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${accessToken}` },
    });
  }

  return { signIn, link, land, accessTokenOf, identities, unlink };
}
