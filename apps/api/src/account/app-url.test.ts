import { describe, expect, it } from 'vitest';
import { authClient, json, uniqueEmail } from '../../test/auth-client.ts';
import { orgClient } from '../../test/org-client.ts';
import { outboxOf } from '../../test/outbox.ts';
import { testApp } from '../../test/test-app.ts';
import type { Config } from '../config/config.ts';
import { DEVELOPMENT_APP_URL } from '../config/development-app-url.ts';

const HOSTILE = 'evil.example';

/**
 * The app, reached the way a reset-link poisoner reaches it: every request addressed to their
 * host, with every header a proxy might take the host from pointing there too.
 */
function hostileApp(config: Partial<Config>) {
  const base = testApp();
  const { app, request } = testApp({ config: { ...base.deps.config, ...config } });
  const hostile = (path: string, init: RequestInit = {}) =>
    app.request(`http://${HOSTILE}${path}`, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string> | undefined),
        Host: HOSTILE,
        'X-Forwarded-Host': HOSTILE,
        'X-Forwarded-Proto': 'https',
        Forwarded: `host=${HOSTILE};proto=https`,
      },
    });
  return { request, hostile };
}

/** Triggers a verification, a reset and an invitation email through the hostile host; their links. */
async function linksOfEmails(config: Partial<Config>): Promise<string[]> {
  const { request, hostile } = hostileApp(config);
  const org = orgClient(hostile);
  const owner = await org.account('host-owner');
  const orgId = await org.createOrg(owner);
  const invitee = uniqueEmail('host-invitee');
  await org.json(await org.call(owner, 'POST', `/orgs/${orgId}/invitations`, { email: invitee, role: 'member' }), 201);
  const { email } = await authClient(hostile).register();
  expect((await hostile('/api/auth/password/forgot', json({ email }))).status).toBe(202);
  const links = [
    ...(await outboxOf(request, email)).flatMap((message) => message.links),
    ...(await outboxOf(request, invitee)).flatMap((message) => message.links),
  ];
  expect(links.map((link) => new URL(link).pathname).sort()).toEqual([
    '/accept-invitation',
    '/reset-password',
    '/verify-email',
  ]);
  return links;
}

describe('links in emails', () => {
  it('point to APP_URL whatever Host and X-Forwarded-Host the request names', async () => {
    const links = await linksOfEmails({ APP_URL: 'https://app.example.test' });
    for (const link of links) expect(link).toMatch(/^https:\/\/app\.example\.test\/[\w-]+\?token=/);
  });

  // Broke: without APP_URL (development) the links were built on the request's Host: the attacker's.
  it('point to the development URL when APP_URL is not set, never to the request Host', async () => {
    const links = await linksOfEmails({ ENVIRONMENT: 'development', APP_URL: undefined });
    for (const link of links) expect(new URL(link).origin).toBe(DEVELOPMENT_APP_URL);
  });
});
