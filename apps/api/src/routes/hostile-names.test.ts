import { describe, expect, it } from 'vitest';
import { json, PASSWORD, uniqueEmail } from '../../test/auth-client.ts';
import { orgClient } from '../../test/org-client.ts';
import { outboxOf } from '../../test/outbox.ts';
import { testApp } from '../../test/test-app.ts';
import { keys } from '../keys/keys.ts';

const { request, deps } = testApp();
const org = orgClient(request);

/** Names an attacker would try: header injection, NUL, terminal escapes, invisible line breaks, spoofed direction. */
const HOSTILE = [
  'Acme\r\nBcc: victim@example.test',
  'Acme\nX-Injected: 1',
  'Acme\rX',
  'Acme\u0000',
  '\u0000',
  'Acme\tCorp',
  'Acme\u001B[31m',
  'Acme\u007F',
  'Acme\u0085Corp',
  'Acme\u2028Corp',
  'Acme\u2029Corp',
  'Acme\u202Egnp.exe',
  'Acme\u2066Corp\u2069',
];

async function expectRefused(response: Response, field: string): Promise<void> {
  const text = await response.text();
  expect(response.status, text).toBe(400);
  expect(JSON.parse(text)).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: field }] });
}

// Broke: control characters, CR/LF and direction overrides were accepted in names and titles.
describe('names and titles are single-line, printable text', () => {
  it.each(HOSTILE)('refuses the user name %j at registration with 400 on name', async (name) => {
    const email = uniqueEmail('hostile');
    await expectRefused(await request('/api/auth/register', json({ email, password: PASSWORD, name })), 'name');
    // Nothing was written: the address is still free.
    expect((await request('/api/auth/register', json({ email, password: PASSWORD, name: 'Ada' }))).status).toBe(201);
  });

  it('refuses a hostile org name on create and rename, and keeps the old name', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner, 'Acme');
    for (const name of HOSTILE) {
      await expectRefused(await org.call(owner, 'POST', '/orgs', { name }), 'name');
      await expectRefused(await org.call(owner, 'PATCH', `/orgs/${orgId}`, { name }), 'name');
    }
    const me = await org.json<{ orgs: { name: string }[] }>(await org.call(owner, 'GET', '/auth/me'), 200);
    expect(me.orgs.map((entry) => entry.name)).toEqual(['Acme']);
  });

  it('refuses a hostile role name on create and update', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const roleId = await org.customRole(owner, orgId, ['posts.read'], 'Readers');
    for (const name of HOSTILE) {
      await expectRefused(
        await org.call(owner, 'POST', `/orgs/${orgId}/roles`, { name, permissions: ['posts.read'] }),
        'name',
      );
      await expectRefused(await org.call(owner, 'PATCH', `/orgs/${orgId}/roles/${roleId}`, { name }), 'name');
    }
  });

  it('refuses a hostile post title on create and update', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const postId = await org.post(owner, orgId, 'Hello');
    for (const title of HOSTILE) {
      await expectRefused(await org.call(owner, 'POST', `/orgs/${orgId}/posts`, { title, body: 'x' }), 'title');
      await expectRefused(await org.call(owner, 'PATCH', `/orgs/${orgId}/posts/${postId}`, { title }), 'title');
    }
  });

  it('still accepts names in any script, with accents, punctuation and emoji', async () => {
    const owner = await org.account('owner');
    for (const name of ['Zoë’s Café — Ünïcødé', 'שלום', '東京チーム', 'Team 👩‍👩‍👧 🚀']) {
      expect((await org.call(owner, 'POST', '/orgs', { name })).status).toBe(201);
    }
  });

  // Broke: an org name with CR/LF (stored before names were checked) went into the invitation's subject header.
  it('sends an invitation for an org whose stored name holds CR/LF with a one-line subject', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner, 'Acme');
    await deps.store.send(['HSET', keys.org(orgId), 'name', 'Acme\r\nBcc: victim@example.test']);
    const email = uniqueEmail('invitee');
    await org.invite(owner, orgId, email, 'member');
    const [message] = await outboxOf(request, email);
    expect(message?.subject).toBe('Join Acme Bcc: victim@example.test on Portcullis');
  });
});
