import {
  allPermissions,
  type BuiltInRoleId,
  builtInRoleIds,
  builtInRoles,
  can,
  type OwnershipContext,
  type Permission,
} from '@portcullis/permissions';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueEmail } from '../../../test/auth-client.ts';
import { type Account, orgClient } from '../../../test/org-client.ts';
import { testApp } from '../../../test/test-app.ts';
import { resourceDefinitions } from '../../resources/index.ts';

const { app, request } = testApp();
const org = orgClient(request);

/** Everyone the matrix acts as: one account per built-in role, and one that is not a member. */
type Caller = BuiltInRoleId | 'outsider';

interface Fixture {
  orgId: string;
  owner: Account;
  as: Record<Caller, Account>;
  /** Three posts by each member, for the "own post" cases (GET, PATCH, DELETE). */
  ownPosts: Record<BuiltInRoleId, string[]>;
  /** A member who writes the "someone else's post" posts. */
  bystander: Account;
}

interface Prepared {
  path: string;
  body?: unknown;
}

/**
 * One way to call one org route. `route` is the route as registered (checked against the app
 * below, so a new route without a case fails); `permissions` are what it needs, all of them —
 * the expected status of every role is derived from them and the catalogue, never written down.
 */
interface RouteCase {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  route: string;
  permissions: readonly Permission[];
  /** Whose post the call acts on, for the `:own` grants. */
  ownership?: 'own' | 'other';
  success: number;
  prepare(fx: Fixture, caller: Caller): Promise<Prepared>;
}

const ORG = '/api/orgs/:orgId';

/**
 * Generated resources other than posts have their own matrix (test/resource-suite.ts, run by each
 * one's generated test); this one covers the org's own routes and posts.
 */
const elsewhere = resourceDefinitions.map(({ name }) => name as string).filter((name) => name !== 'posts');
const coveredHere = (routeOrPermission: string) =>
  !elsewhere.some((name) => routeOrPermission.startsWith(`${name}.`) || routeOrPermission.includes(`${ORG}/${name}`));

/** A fresh account that joined the fixture org with `role`. */
const freshMember = (fx: Fixture, role: BuiltInRoleId) => org.member(fx.owner, fx.orgId, role, `target-${role}`);

const cases: RouteCase[] = [
  {
    name: 'read the org',
    method: 'GET',
    route: ORG,
    permissions: ['org.read'],
    success: 200,
    prepare: async (fx) => ({ path: `/orgs/${fx.orgId}` }),
  },
  {
    name: 'rename the org',
    method: 'PATCH',
    route: ORG,
    permissions: ['org.update'],
    success: 200,
    prepare: async (fx) => ({ path: `/orgs/${fx.orgId}`, body: { name: 'Matrix' } }),
  },
  {
    name: 'delete the org',
    method: 'DELETE',
    route: ORG,
    permissions: ['org.delete'],
    success: 204,
    // An org of its own, where the caller holds the same role.
    prepare: async (fx, caller) => {
      const orgId = await org.createOrg(fx.owner, 'Doomed');
      if (caller !== 'outsider' && caller !== 'owner') {
        const { token } = await org.invite(fx.owner, orgId, fx.as[caller].email, caller);
        await org.json(await org.accept(fx.as[caller], token), 200);
      }
      return { path: `/orgs/${orgId}` };
    },
  },
  {
    name: 'list members',
    method: 'GET',
    route: `${ORG}/members`,
    permissions: ['members.read'],
    success: 200,
    prepare: async (fx) => ({ path: `/orgs/${fx.orgId}/members` }),
  },
  {
    name: "change a member's role",
    method: 'PATCH',
    route: `${ORG}/members/:userId`,
    permissions: ['members.update'],
    success: 200,
    prepare: async (fx) => {
      const target = await freshMember(fx, 'member');
      return { path: `/orgs/${fx.orgId}/members/${target.userId}`, body: { role: 'viewer' } };
    },
  },
  {
    name: 'make a member owner',
    method: 'PATCH',
    route: `${ORG}/members/:userId`,
    permissions: ['members.update', 'members.manage-owners'],
    success: 200,
    prepare: async (fx) => {
      const target = await freshMember(fx, 'member');
      return { path: `/orgs/${fx.orgId}/members/${target.userId}`, body: { role: 'owner' } };
    },
  },
  {
    name: 'demote an owner',
    method: 'PATCH',
    route: `${ORG}/members/:userId`,
    permissions: ['members.update', 'members.manage-owners'],
    success: 200,
    prepare: async (fx) => {
      const target = await freshMember(fx, 'owner');
      return { path: `/orgs/${fx.orgId}/members/${target.userId}`, body: { role: 'admin' } };
    },
  },
  {
    name: 'remove a member',
    method: 'DELETE',
    route: `${ORG}/members/:userId`,
    permissions: ['members.remove'],
    success: 204,
    prepare: async (fx) => {
      const target = await freshMember(fx, 'viewer');
      return { path: `/orgs/${fx.orgId}/members/${target.userId}` };
    },
  },
  {
    name: 'remove an owner',
    method: 'DELETE',
    route: `${ORG}/members/:userId`,
    permissions: ['members.remove', 'members.manage-owners'],
    success: 204,
    prepare: async (fx) => {
      const target = await freshMember(fx, 'owner');
      return { path: `/orgs/${fx.orgId}/members/${target.userId}` };
    },
  },
  {
    name: 'list invitations',
    method: 'GET',
    route: `${ORG}/invitations`,
    permissions: ['invitations.read'],
    success: 200,
    prepare: async (fx) => ({ path: `/orgs/${fx.orgId}/invitations` }),
  },
  {
    name: 'invite',
    method: 'POST',
    route: `${ORG}/invitations`,
    permissions: ['invitations.create'],
    success: 201,
    prepare: async (fx) => ({
      path: `/orgs/${fx.orgId}/invitations`,
      body: { email: uniqueEmail('invitee'), role: 'viewer' },
    }),
  },
  {
    name: 'revoke an invitation',
    method: 'DELETE',
    route: `${ORG}/invitations/:invitationId`,
    permissions: ['invitations.revoke'],
    success: 204,
    prepare: async (fx) => {
      const { id } = await org.invite(fx.owner, fx.orgId, uniqueEmail('revoked'), 'member');
      return { path: `/orgs/${fx.orgId}/invitations/${id}` };
    },
  },
  {
    name: 'list roles',
    method: 'GET',
    route: `${ORG}/roles`,
    permissions: ['roles.read'],
    success: 200,
    prepare: async (fx) => ({ path: `/orgs/${fx.orgId}/roles` }),
  },
  {
    name: 'create a role',
    method: 'POST',
    route: `${ORG}/roles`,
    permissions: ['roles.create'],
    success: 201,
    prepare: async (fx) => ({
      path: `/orgs/${fx.orgId}/roles`,
      body: { name: `Readers ${crypto.randomUUID().slice(0, 8)}`, permissions: ['posts.read'] },
    }),
  },
  {
    name: 'edit a role',
    method: 'PATCH',
    route: `${ORG}/roles/:roleId`,
    permissions: ['roles.update'],
    success: 200,
    prepare: async (fx) => {
      const roleId = await org.customRole(fx.owner, fx.orgId, ['posts.read']);
      return { path: `/orgs/${fx.orgId}/roles/${roleId}`, body: { permissions: ['posts.read', 'members.read'] } };
    },
  },
  {
    name: 'delete a role',
    method: 'DELETE',
    route: `${ORG}/roles/:roleId`,
    permissions: ['roles.delete'],
    success: 204,
    prepare: async (fx) => {
      const roleId = await org.customRole(fx.owner, fx.orgId, ['posts.read']);
      return { path: `/orgs/${fx.orgId}/roles/${roleId}` };
    },
  },
  {
    name: 'read the audit log',
    method: 'GET',
    route: `${ORG}/audit`,
    permissions: ['audit.read'],
    success: 200,
    prepare: async (fx) => ({ path: `/orgs/${fx.orgId}/audit` }),
  },
  {
    name: 'list posts',
    method: 'GET',
    route: `${ORG}/posts`,
    permissions: ['posts.read'],
    success: 200,
    prepare: async (fx) => ({ path: `/orgs/${fx.orgId}/posts` }),
  },
  {
    name: 'write a post',
    method: 'POST',
    route: `${ORG}/posts`,
    permissions: ['posts.create'],
    success: 201,
    prepare: async (fx) => ({ path: `/orgs/${fx.orgId}/posts`, body: { title: 'New', body: 'text' } }),
  },
  ...(['own', 'other'] as const).flatMap((ownership): RouteCase[] => {
    const postOf = async (fx: Fixture, caller: Caller, index: number) =>
      ownership === 'own' && caller !== 'outsider'
        ? (fx.ownPosts[caller][index] ?? '')
        : await org.post(fx.bystander, fx.orgId, 'Not yours');
    const route = `${ORG}/posts/:id`;
    return [
      {
        name: `read ${ownership === 'own' ? 'their own' : "someone else's"} post`,
        method: 'GET',
        route,
        permissions: ['posts.read'],
        ownership,
        success: 200,
        prepare: async (fx, caller) => ({ path: `/orgs/${fx.orgId}/posts/${await postOf(fx, caller, 0)}` }),
      },
      {
        name: `edit ${ownership === 'own' ? 'their own' : "someone else's"} post`,
        method: 'PATCH',
        route,
        permissions: ['posts.update'],
        ownership,
        success: 200,
        prepare: async (fx, caller) => ({
          path: `/orgs/${fx.orgId}/posts/${await postOf(fx, caller, 1)}`,
          body: { title: 'Edited' },
        }),
      },
      {
        name: `delete ${ownership === 'own' ? 'their own' : "someone else's"} post`,
        method: 'DELETE',
        route,
        permissions: ['posts.delete'],
        ownership,
        success: 204,
        prepare: async (fx, caller) => ({ path: `/orgs/${fx.orgId}/posts/${await postOf(fx, caller, 2)}` }),
      },
    ];
  }),
];

const ownershipContext = (ownership: RouteCase['ownership']): OwnershipContext | undefined =>
  ownership === undefined ? undefined : { userId: 'caller', ownerId: ownership === 'own' ? 'caller' : 'someone-else' };

/** What the catalogue says a built-in role gets for a case. */
function expectedStatus(role: BuiltInRoleId, routeCase: RouteCase): number {
  const grants = builtInRoles[role].permissions;
  const context = ownershipContext(routeCase.ownership);
  return routeCase.permissions.every((permission) => can(grants, permission, context)) ? routeCase.success : 403;
}

describe('the org permission matrix', () => {
  it('covers every permission of the catalogue', () => {
    const covered = new Set(cases.flatMap((routeCase) => routeCase.permissions));
    expect(allPermissions.filter((permission) => coveredHere(permission) && !covered.has(permission))).toEqual([]);
  });

  it('covers every org route the app registers', () => {
    const registered = new Set(
      app.routes
        .filter((route) => route.method !== 'ALL' && route.path.startsWith(ORG) && coveredHere(route.path))
        .map((route) => `${route.method} ${route.path}`),
    );
    const tested = new Set(cases.map((routeCase) => `${routeCase.method} ${routeCase.route}`));
    expect([...registered].filter((route) => !tested.has(route))).toEqual([]);
    expect([...tested].filter((route) => !registered.has(route))).toEqual([]);
  });

  let fx: Fixture;
  beforeAll(async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner, 'Matrix');
    const ownPosts = { owner: [], admin: [], member: [], viewer: [] } as Record<BuiltInRoleId, string[]>;
    const as = { owner } as Record<Caller, Account>;
    for (let i = 0; i < 3; i += 1) ownPosts.owner.push(await org.post(owner, orgId, 'Mine'));
    // Everyone joins as a member, writes the posts of the "own post" cases, then gets their role.
    for (const role of ['admin', 'member', 'viewer'] as const) {
      const account = await org.member(owner, orgId, 'member', role);
      for (let i = 0; i < 3; i += 1) ownPosts[role].push(await org.post(account, orgId, 'Mine'));
      if (role !== 'member') {
        await org.json(await org.call(owner, 'PATCH', `/orgs/${orgId}/members/${account.userId}`, { role }), 200);
      }
      as[role] = account;
    }
    as.outsider = await org.account('outsider');
    // The outsider belongs to an org of their own: membership elsewhere grants nothing here.
    await org.createOrg(as.outsider, 'Elsewhere');
    const bystander = await org.member(owner, orgId, 'member', 'bystander');
    fx = { orgId, owner, as, ownPosts, bystander };
  });

  describe.each(builtInRoleIds)('as %s', (role) => {
    it.each(cases.map((routeCase) => [routeCase.name, routeCase] as const))('%s', async (_, routeCase) => {
      const { path, body } = await routeCase.prepare(fx, role);
      const response = await org.call(fx.as[role], routeCase.method, path, body);
      const expected = expectedStatus(role, routeCase);
      expect(response.status, `${routeCase.method} ${path}: ${await response.clone().text()}`).toBe(expected);
      if (expected === 403) expect(await response.json()).toMatchObject({ code: 'FORBIDDEN' });
      expect(response.headers.get('X-Permissions-Version')).toMatch(/\S/);
    });
  });

  describe('as a signed-in non-member', () => {
    it.each(cases.map((routeCase) => [routeCase.name, routeCase] as const))('%s → 404', async (_, routeCase) => {
      const { path, body } = await routeCase.prepare(fx, 'outsider');
      const response = await org.call(fx.as.outsider, routeCase.method, path, body);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('without a token', () => {
    it.each(cases.map((routeCase) => [routeCase.name, routeCase] as const))('%s → 401', async (_, routeCase) => {
      const { path, body } = await routeCase.prepare(fx, 'outsider');
      const response = await org.call(null, routeCase.method, path, body);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    });
  });
});
