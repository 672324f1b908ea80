import { describe, expect, it } from 'vitest';
import { orgClient } from '../../test/org-client.ts';
import { testApp } from '../../test/test-app.ts';

const { request } = testApp();
const orgs = orgClient(request);

const check = (token?: string) =>
  request('/api/auth/permissions-version', token ? { headers: { Authorization: `Bearer ${token}` } } : {});

describe('GET /api/auth/permissions-version', () => {
  it('answers the caller’s permissions version, the same as /me’s, in the body and the header', async () => {
    const who = await orgs.account('pv');
    const response = await check(who.token);
    const body = await orgs.json<{ permissionsVersion: string }>(response, 200);
    expect(body).toEqual({ permissionsVersion: await orgs.permissionsVersion(who) });
    expect(response.headers.get('X-Permissions-Version')).toBe(body.permissionsVersion);
  });

  it('changes when someone else changes the caller’s role', async () => {
    const owner = await orgs.account('pv-owner');
    const orgId = await orgs.createOrg(owner);
    const member = await orgs.member(owner, orgId, 'viewer');
    const before = (await orgs.json<{ permissionsVersion: string }>(await check(member.token), 200)).permissionsVersion;
    await orgs.json(await orgs.call(owner, 'PATCH', `/orgs/${orgId}/members/${member.userId}`, { role: 'admin' }), 200);
    const after = (await orgs.json<{ permissionsVersion: string }>(await check(member.token), 200)).permissionsVersion;
    expect(after).not.toBe(before);
  });

  it('answers 401 without a token, and SESSION_REVOKED once the session has ended', async () => {
    expect((await check()).status).toBe(401);
    const who = await orgs.account('pv-out');
    await orgs.call(who, 'POST', '/auth/logout', {});
    const response = await check(who.token);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'SESSION_REVOKED' });
  });
});
