import { describe, expectTypeOf, it } from 'vitest';
import { api } from './api-client.ts';
import type { MembersResponse } from './api-types.ts';

// Checked by vue-tsc (`pnpm --filter @portcullis/web typecheck`); vitest runs no type tests here.
// Nothing below is called: a line marked @ts-expect-error that type-checks fails the typecheck.
describe('request paths', () => {
  it('takes only the paths the API declares, for the method it declares them with', () => {
    // @ts-expect-error misspelt route
    void api.get('/api/orgs/:orgId/memberz', { params: { orgId: 'org-1' } });
    // @ts-expect-error an id written into the path instead of filling :orgId
    void api.get('/api/orgs/org-1/members');
    // @ts-expect-error a route the API does not have
    void api.get('/api/users');
    // @ts-expect-error login exists, but not as GET
    void api.get('/api/auth/login');
    // @ts-expect-error sessions are ended, never edited
    void api.patch('/api/sessions/:id', { params: { id: 'session-1' } });
  });

  it('asks for every :name of the path, and for nothing else', () => {
    // @ts-expect-error :orgId left out
    void api.get('/api/orgs/:orgId/members');
    // @ts-expect-error :userId left out
    void api.delete('/api/orgs/:orgId/members/:userId', { params: { orgId: 'org-1' } });
    // @ts-expect-error a name the path does not have
    void api.get('/api/orgs/:orgId/members', { params: { orgId: 'org-1', userId: 'user-1' } });
    // @ts-expect-error a path without names takes no params
    void api.get('/api/sessions', { params: { id: 'session-1' } });
  });

  it('answers with the type the route declares', () => {
    expectTypeOf(
      api.get('/api/orgs/:orgId/members', { params: { orgId: 'org-1' } }),
    ).resolves.toEqualTypeOf<MembersResponse>();
    expectTypeOf(api.delete('/api/sessions/:id', { params: { id: 'session-1' } })).resolves.toBeUndefined();
  });
});
