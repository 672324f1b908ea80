import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/api-client.ts';
import { type TestApp, testApp } from '../testing/signed-in.ts';

let app: TestApp;

afterEach(() => {
  app?.stop();
  vi.unstubAllGlobals();
});

const at = () => ({ name: app.router.currentRoute.value.name, path: app.router.currentRoute.value.fullPath });

describe('route guards', () => {
  it('sends a signed-out person to /login with where they were going', async () => {
    app = await testApp({ signedIn: false });
    await app.router.push('/devices');
    expect(at().path).toBe('/login?next=/devices');
  });

  it('sends a signed-in person away from the guest pages, to a safe next', async () => {
    app = await testApp();
    await app.router.push('/login?next=/devices');
    expect(at().path).toBe('/devices');
    await app.router.push('/register?next=//evil.example');
    expect(at().path).toBe('/');
  });

  it('shows the 403 page at the same address when the role lacks the permission', async () => {
    app = await testApp(); // a member: no audit.read
    await app.router.push('/orgs/org-1/audit');
    expect(at()).toEqual({ name: 'forbidden', path: '/orgs/org-1/audit' });
  });

  it('lets a member reach what the role allows, and makes that org the active one', async () => {
    app = await testApp({
      configure: (fake) => {
        fake.me = {
          ...fake.me,
          orgs: [
            { id: 'org-1', name: 'Acme', role: 'member' },
            { id: 'org-2', name: 'Beta', role: 'member' },
          ],
        };
      },
    });
    await app.router.push('/orgs/org-2/posts');
    expect(at()).toEqual({ name: 'posts', path: '/orgs/org-2/posts' });
    expect(app.orgStore.activeOrgId).toBe('org-2');
  });

  it('answers an org the person is not in with the 404 page, like the API does', async () => {
    app = await testApp();
    await app.router.push('/orgs/someone-elses/posts');
    expect(at()).toEqual({ name: 'not-found', path: '/orgs/someone-elses/posts' });
  });

  it('keeps platform administration for platform admins', async () => {
    app = await testApp();
    await app.router.push('/admin/users');
    expect(at().name).toBe('forbidden');

    app.stop();
    app = await testApp({
      configure: (fake) => {
        fake.me = { ...fake.me, platformRole: 'admin' };
      },
    });
    await app.router.push('/admin/users');
    expect(at().path).toBe('/admin/users');
    expect(at().name).not.toBe('forbidden');
  });

  it('uses the grants of a custom role, read from the org', async () => {
    app = await testApp({
      configure: (fake) => {
        fake.me = { ...fake.me, orgs: [{ id: 'org-1', name: 'Acme', role: 'auditor' }] };
        fake.authenticated('GET /api/orgs/org-1', () =>
          Response.json({
            org: { id: 'org-1', name: 'Acme', createdAt: '2026-01-01T00:00:00.000Z' },
            membership: { role: 'auditor', roleName: 'Auditor', permissions: ['org.read', 'audit.read'] },
          }),
        );
      },
    });
    await app.router.push('/orgs/org-1/audit');
    expect(at().name).toBe('audit');
    await app.router.push('/orgs/org-1/posts');
    expect(at().name).toBe('forbidden');
  });

  it('re-checks the open page when the API announces new permissions', async () => {
    app = await testApp({
      configure: (fake) => {
        fake.me = { ...fake.me, orgs: [{ id: 'org-1', name: 'Acme', role: 'admin' }] };
      },
    });
    await app.router.push('/orgs/org-1/roles');
    expect(at().name).toBe('roles');

    // Demoted elsewhere: the next answer carries a new version.
    app.api.permissionsVersion = 'v2';
    app.api.me = { ...app.api.me, orgs: [{ id: 'org-1', name: 'Acme', role: 'member' }] };
    await api.get('/api/sessions');

    await vi.waitFor(() => expect(at()).toEqual({ name: 'forbidden', path: '/orgs/org-1/roles' }));
  });
});
