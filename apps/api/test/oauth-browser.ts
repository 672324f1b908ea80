import { expect } from 'vitest';
import { ORIGIN } from './auth-client.ts';
import type { testApp } from './test-app.ts';

type Request = ReturnType<typeof testApp>['request'];

/** What the user does on the provider's pages. */
export type Consent = 'accept' | 'deny';

/**
 * A browser, as far as a redirect flow needs one: a cookie jar per host and manual redirects.
 * Requests to the app go to the app under test (in this workerd); everything else — the OpenID
 * Provider — over real HTTP. It fills in the provider's development login and consent forms the
 * way a user would.
 */
export function oauthBrowser(request: Request) {
  const jars = new Map<string, Map<string, string>>();

  function jarOf(host: string): Map<string, string> {
    const jar = jars.get(host) ?? new Map<string, string>();
    jars.set(host, jar);
    return jar;
  }

  function keep(host: string, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const gone = attributes.some((attribute) => {
        const [key = '', setting = ''] = attribute.trim().split('=');
        if (key.toLowerCase() === 'max-age') return Number(setting) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(setting) <= Date.now();
        return false;
      });
      if (gone) jarOf(host).delete(name);
      else jarOf(host).set(name, value);
    }
  }

  function cookieHeader(host: string): string {
    return [...jarOf(host)].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** One request, no redirect followed; cookies kept. */
  async function go(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url, ORIGIN);
    const headers = new Headers(init.headers);
    const cookies = cookieHeader(target.host);
    if (cookies) headers.set('Cookie', cookies);
    const response =
      target.origin === ORIGIN
        ? await request(`${target.pathname}${target.search}`, { ...init, headers })
        : await fetch(target, { ...init, headers, redirect: 'manual' });
    keep(target.host, response);
    return response;
  }

  const locationOf = (response: Response, base: string) => {
    const location = response.headers.get('Location');
    expect(location, `a redirect from ${base} (${response.status})`).toBeTruthy();
    return new URL(location ?? '', base).toString();
  };

  /**
   * Follows the provider's redirects from `url`, signing in as `login` and answering the consent
   * page, until the provider sends the browser back to the app; answers that app URL (not yet visited).
   */
  async function throughProvider(url: string, login: string, consent: Consent = 'accept'): Promise<string> {
    let current = url;
    for (let hop = 0; hop < 20; hop += 1) {
      if (current.startsWith(ORIGIN)) return current;
      const response = await go(current);
      if (response.status >= 300 && response.status < 400) {
        current = locationOf(response, current);
        continue;
      }
      const page = await response.text();
      expect(response.status, page).toBe(200);
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      if (consent === 'deny') {
        current = new URL(`${new URL(current).pathname}/abort`, current).toString();
        continue;
      }
      const form = new URLSearchParams(
        prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt: prompt ?? 'consent' },
      );
      const submitted = await go(current, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      current = locationOf(submitted, current);
    }
    throw new Error('the provider did not send the browser back');
  }

  return { go, throughProvider, jarOf, locationOf };
}

export type OAuthBrowser = ReturnType<typeof oauthBrowser>;
