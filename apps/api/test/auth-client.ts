import { expect } from 'vitest';
import type { testApp } from './test-app.ts';

type Request = ReturnType<typeof testApp>['request'];

export const ORIGIN = 'http://portcullis.test';

let counter = 0;
/** A unique email per call: suites share one Redis. */
export function uniqueEmail(label = 'user'): string {
  counter += 1;
  return `${label}-${crypto.randomUUID().slice(0, 8)}-${counter}@example.test`;
}

export const PASSWORD = 'correct horse battery staple';

export interface Device {
  ip: string;
  userAgent: string;
}

export const laptop: Device = {
  ip: '203.0.113.10',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
};
export const phone: Device = {
  ip: '198.51.100.7',
  userAgent:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
};

export function json(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** The refresh token from a response's Set-Cookie, or null when it set none. */
export function refreshCookieOf(response: Response): string | null {
  for (const cookie of response.headers.getSetCookie()) {
    const match = /^__Secure-refresh=([^;]*)/.exec(cookie);
    if (match) return match[1] ?? null;
  }
  return null;
}

export interface LoggedIn {
  userId: string;
  accessToken: string;
  refreshToken: string;
  device: Device;
}

/** Everything a browser on `device` would do to get signed in. */
export function authClient(request: Request) {
  const deviceHeaders = (device: Device) => ({ 'CF-Connecting-IP': device.ip, 'User-Agent': device.userAgent });

  async function register(email = uniqueEmail(), password = PASSWORD, name = 'Test User') {
    const response = await request('/api/auth/register', json({ email, password, name }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { user: { id: string; createdAt: string } };
    return { email, password, userId: body.user.id, createdAt: body.user.createdAt };
  }

  async function login(email: string, device: Device = laptop, password = PASSWORD): Promise<LoggedIn> {
    const response = await request('/api/auth/login', json({ email, password }, deviceHeaders(device)));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { accessToken: string; user: { id: string } };
    const refreshToken = refreshCookieOf(response);
    expect(refreshToken).toBeTruthy();
    return { userId: body.user.id, accessToken: body.accessToken, refreshToken: refreshToken ?? '', device };
  }

  function refresh(refreshToken: string, headers: Record<string, string> = {}) {
    return request(
      '/api/auth/refresh',
      json(
        {},
        { Cookie: `__Secure-refresh=${refreshToken}`, Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin', ...headers },
      ),
    );
  }

  function me(accessToken: string) {
    return request('/api/auth/me', { headers: { Authorization: `Bearer ${accessToken}` } });
  }

  return { register, login, refresh, me, deviceHeaders };
}
