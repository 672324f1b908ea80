import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/api-client.ts';
import { problem } from '../testing/fake-api.ts';
import { type TestApp, testApp } from '../testing/signed-in.ts';

let app: TestApp;

afterEach(() => {
  app?.stop();
  vi.unstubAllGlobals();
});

const at = () => ({ name: app.router.currentRoute.value.name, path: app.router.currentRoute.value.fullPath });

describe('an org that requires a second factor', () => {
  it('shows the set-up page at the same address once the API answers MFA_REQUIRED, and opens after set-up', async () => {
    app = await testApp({
      configure: (fake) => {
        fake.authenticated('GET /api/orgs/org-1/posts', () => problem(403, 'MFA_REQUIRED'));
      },
    });
    await app.router.push('/orgs/org-1/posts');
    expect(at().name).toBe('posts');

    // What the posts page asks for when it opens.
    await expect(api.get('/api/orgs/:orgId/posts', { params: { orgId: 'org-1' } })).rejects.toMatchObject({
      code: 'MFA_REQUIRED',
    });

    await vi.waitFor(() => expect(at()).toEqual({ name: 'mfa-required', path: '/orgs/org-1/posts' }));
    // Other orgs' pages and the rest of the app are not affected.
    expect(app.orgStore.needsMfa('org-2')).toBe(false);

    app.orgStore.mfaSetUp();
    await app.router.push('/orgs/org-1/posts');
    expect(at().name).toBe('posts');
  });
});
