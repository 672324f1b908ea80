import { describe, expect, it } from 'vitest';
import { uniqueEmail } from '../../../test/auth-client.ts';
import { orgClient } from '../../../test/org-client.ts';
import { manualClock, testApp } from '../../../test/test-app.ts';

const clock = manualClock(Date.now());
const { request } = testApp({ now: clock.now });
const org = orgClient(request);

interface AuditEventView {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  ip: string;
  details: Record<string, string>;
}

interface AuditPage {
  events: AuditEventView[];
  nextCursor: string | null;
}

describe('org audit log', () => {
  it('records every change to posts, members, invitations and roles with actor, target, time and IP', async () => {
    const owner = await org.account('owner');
    const invitee = await org.account('invitee');
    const ip = (n: number) => `203.0.113.${n}`;
    const expected: Omit<AuditEventView, 'id' | 'details'>[] = [];
    const step = async (
      who: typeof owner,
      n: number,
      method: string,
      path: string,
      body: unknown,
      status: number,
      action: string,
      target: (response: Record<string, { id: string }>) => string,
    ) => {
      clock.advance(1000);
      const response = await org.json<Record<string, { id: string }>>(
        await org.call(who, method, path, body, ip(n)),
        status,
      );
      expected.unshift({
        at: new Date(clock.now()).toISOString(),
        actor: who.userId,
        action,
        target: target(response),
        ip: ip(n),
      });
      return response;
    };

    clock.advance(1000);
    const created = await org.json<{ org: { id: string } }>(
      await org.call(owner, 'POST', '/orgs', { name: 'Audited' }, ip(1)),
      201,
    );
    const orgId = created.org.id;
    expected.unshift({
      at: new Date(clock.now()).toISOString(),
      actor: owner.userId,
      action: 'org.created',
      target: orgId,
      ip: ip(1),
    });
    const base = `/orgs/${orgId}`;

    await step(owner, 2, 'PATCH', base, { name: 'Audited Inc' }, 200, 'org.updated', () => orgId);
    const invitation = await step(
      owner,
      3,
      'POST',
      `${base}/invitations`,
      { email: invitee.email, role: 'member' },
      201,
      'invitation.created',
      (r) => r.invitation?.id ?? '',
    );
    const token = await org.invitationToken(invitee.email);
    await step(invitee, 4, 'POST', '/invitations/accept', { token }, 200, 'member.added', () => invitee.userId);
    await step(
      owner,
      5,
      'PATCH',
      `${base}/members/${invitee.userId}`,
      { role: 'admin' },
      200,
      'member.updated',
      () => invitee.userId,
    );
    const role = await step(
      invitee,
      6,
      'POST',
      `${base}/roles`,
      { name: 'Readers', permissions: ['posts.read'] },
      201,
      'role.created',
      (r) => r.role?.id ?? '',
    );
    const roleId = role.role?.id ?? '';
    await step(invitee, 7, 'PATCH', `${base}/roles/${roleId}`, { name: 'Reading' }, 200, 'role.updated', () => roleId);
    await step(owner, 8, 'DELETE', `${base}/roles/${roleId}`, undefined, 204, 'role.deleted', () => roleId);
    const post = await step(
      invitee,
      9,
      'POST',
      `${base}/posts`,
      { title: 'Hi' },
      201,
      'post.created',
      (r) => r.post?.id ?? '',
    );
    const postId = post.post?.id ?? '';
    await step(owner, 10, 'PATCH', `${base}/posts/${postId}`, { title: 'Hey' }, 200, 'post.updated', () => postId);
    await step(invitee, 11, 'DELETE', `${base}/posts/${postId}`, undefined, 204, 'post.deleted', () => postId);
    const second = await step(
      owner,
      12,
      'POST',
      `${base}/invitations`,
      { email: uniqueEmail('never'), role: 'viewer' },
      201,
      'invitation.created',
      (r) => r.invitation?.id ?? '',
    );
    const secondId = second.invitation?.id ?? '';
    await step(
      invitee,
      13,
      'DELETE',
      `${base}/invitations/${secondId}`,
      undefined,
      204,
      'invitation.revoked',
      () => secondId,
    );
    await step(
      owner,
      14,
      'DELETE',
      `${base}/members/${invitee.userId}`,
      undefined,
      204,
      'member.removed',
      () => invitee.userId,
    );
    expect(invitation.invitation?.id).toBeTruthy();

    const page = await org.json<AuditPage>(await org.call(owner, 'GET', `${base}/audit`), 200);
    expect(page.events.map(({ at, actor, action, target, ip }) => ({ at, actor, action, target, ip }))).toEqual(
      expected,
    );
    expect(page.nextCursor).toBeNull();
    expect(page.events.find((event) => event.action === 'member.updated')?.details).toEqual({
      from: 'member',
      to: 'admin',
    });
    expect(page.events.find((event) => event.action === 'member.added')?.details).toMatchObject({
      role: 'member',
      invitedBy: owner.userId,
    });
  });

  it('does not record refused changes', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const viewer = await org.member(owner, orgId, 'viewer');
    const before = await org.json<AuditPage>(await org.call(owner, 'GET', `/orgs/${orgId}/audit`), 200);
    expect((await org.call(viewer, 'POST', `/orgs/${orgId}/posts`, { title: 'No' })).status).toBe(403);
    expect((await org.call(owner, 'DELETE', `/orgs/${orgId}/members/${owner.userId}`)).status).toBe(409);
    const after = await org.json<AuditPage>(await org.call(owner, 'GET', `/orgs/${orgId}/audit`), 200);
    expect(after.events).toEqual(before.events);
  });

  it('pages newest first with a cursor', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    for (let i = 0; i < 4; i += 1) await org.post(owner, orgId, `Post ${i}`);
    const first = await org.json<AuditPage>(await org.call(owner, 'GET', `/orgs/${orgId}/audit?limit=3`), 200);
    expect(first.events.map((event) => event.action)).toEqual(['post.created', 'post.created', 'post.created']);
    expect(first.nextCursor).toEqual(first.events[2]?.id);
    const second = await org.json<AuditPage>(
      await org.call(owner, 'GET', `/orgs/${orgId}/audit?limit=3&cursor=${first.nextCursor}`),
      200,
    );
    expect(second.events.map((event) => event.action)).toEqual(['post.created', 'org.created']);
    expect(second.nextCursor).toBeNull();
    for (const bad of ['not-a-cursor', '99999999999999999999-0', '1-2-3', `${'1'.repeat(30)}-0`]) {
      expect((await org.call(owner, 'GET', `/orgs/${orgId}/audit?cursor=${bad}`)).status, bad).toBe(400);
    }
  });
});
