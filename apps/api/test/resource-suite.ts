import {
  type BuiltInRoleId,
  builtInRoleIds,
  builtInRoles,
  can,
  canAny,
  type Permission,
  permissionScope,
} from '@portcullis/permissions';
import {
  camelName,
  type FieldSpec,
  kebabLabel,
  type RESOURCE_ACTIONS,
  type ResourceDefinition,
  recordProperty,
} from '@portcullis/permissions/resource';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Account, orgClient } from './org-client.ts';
import { testApp } from './test-app.ts';

type Body = Record<string, unknown>;

/** A value each field type accepts, at its limits where it has them. */
function validValue(field: FieldSpec): unknown {
  switch (field.type) {
    case 'string':
      return 'x'.repeat(field.max ?? Math.max(field.min ?? 1, 1));
    case 'text':
      return field.max === undefined ? 'Some\ntext' : 'y'.repeat(field.max);
    case 'integer':
      return field.max ?? field.min ?? 7;
    case 'enum':
      return field.values.at(-1);
    case 'date':
      return '2028-02-29';
    case 'boolean':
      return !(field.default ?? false);
  }
}

/** Values each field type refuses, named for the test title. */
function invalidValues(field: FieldSpec): [string, unknown][] {
  const common: [string, unknown][] = [['an object', { nested: true }]];
  switch (field.type) {
    case 'string':
      return [
        ...common,
        ['a number', 42],
        ['two lines', 'one\ntwo'],
        ...(field.max !== undefined
          ? [['one character too many', 'x'.repeat(field.max + 1)] as [string, unknown]]
          : []),
        ...(!field.optional || (field.min ?? 0) > 0 ? [['only spaces', '   '] as [string, unknown]] : []),
      ];
    case 'text':
      return [
        ...common,
        ['a number', 42],
        ...(field.max !== undefined
          ? [['one character too many', 'y'.repeat(field.max + 1)] as [string, unknown]]
          : []),
      ];
    case 'integer':
      return [
        ...common,
        ['a fraction', 1.5],
        ['a numeric string', '3'],
        ...(field.min !== undefined ? [['one below min', field.min - 1] as [string, unknown]] : []),
        ...(field.max !== undefined ? [['one above max', field.max + 1] as [string, unknown]] : []),
      ];
    case 'enum':
      return [...common, ['a value not listed', 'not-a-value'], ['a number', 1]];
    case 'date':
      return [
        ...common,
        ['a day that does not exist', '2027-02-29'],
        ['month 13', '2027-13-01'],
        ['a date and time', '2027-01-01T00:00:00Z'],
        ['words', 'tomorrow'],
      ];
    case 'boolean':
      return [...common, ['a string', 'true'], ['a number', 1]];
  }
}

/** A body with every field at a valid value. */
const fullBody = (definition: ResourceDefinition): Body =>
  Object.fromEntries(Object.entries(definition.fields).map(([key, field]) => [key, validValue(field)]));

/** A body with only the fields a create needs (neither optional nor defaulted). */
const minimalBody = (definition: ResourceDefinition): Body =>
  Object.fromEntries(
    Object.entries(definition.fields)
      .filter(([, field]) => !field.optional && !('default' in field))
      .map(([key, field]) => [key, validValue(field)]),
  );

/**
 * The API tests every generated resource gets (`apps/api/src/resources/<name>.test.ts`): the role ×
 * route matrix derived from the catalogue, ownership, validation of each field, audit events and
 * isolation between orgs. Everything is derived from the definition; nothing is written per resource.
 */
export function describeResource(definition: ResourceDefinition): void {
  const { request } = testApp();
  const org = orgClient(request);
  const one = recordProperty(definition.label);
  const many = camelName(definition.name);
  const permission = (action: string) => `${definition.name}.${action}` as Permission;
  const base = (orgId: string) => `/orgs/${orgId}/${definition.name}`;

  async function create(who: Account, orgId: string, body: Body = minimalBody(definition)): Promise<Body> {
    const answer = await org.json<Record<string, Body>>(await org.call(who, 'POST', base(orgId), body), 201);
    return answer[one] as Body;
  }

  describe(`${definition.name} (generated from resources/${definition.name}.resource.ts)`, () => {
    let owner: Account;
    let orgId: string;
    beforeAll(async () => {
      owner = await org.account('owner');
      orgId = await org.createOrg(owner, `${definition.label} org`);
    });

    it('creates, reads, lists, edits and deletes a record with the contract’s shape', async () => {
      const full = fullBody(definition);
      const record = await create(owner, orgId, full);
      expect(Object.keys(record).sort()).toEqual(
        ['id', ...Object.keys(definition.fields), 'authorId', 'createdAt', 'updatedAt'].sort(),
      );
      expect(record).toMatchObject({
        ...full,
        id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
        authorId: owner.userId,
      });
      const path = `${base(orgId)}/${record.id}`;
      expect(await org.json(await org.call(owner, 'GET', path), 200)).toEqual({ [one]: record });
      const list = await org.json<Record<string, Body[]>>(await org.call(owner, 'GET', base(orgId)), 200);
      expect(list[many]?.[0]).toEqual(record);
      expect(list).toHaveProperty('nextCursor');

      const [key, field] = Object.entries(definition.fields)[0] as [string, FieldSpec];
      const changed = field.type === 'string' ? 'Changed' : validValue(field);
      const edited = await org.json<Record<string, Body>>(
        await org.call(owner, 'PATCH', path, { [key]: changed }),
        200,
      );
      expect(edited[one]).toMatchObject({ ...record, [key]: changed, updatedAt: expect.any(String) });

      expect((await org.call(owner, 'DELETE', path)).status).toBe(204);
      expect((await org.call(owner, 'GET', path)).status).toBe(404);
      expect((await org.call(owner, 'PATCH', path, { [key]: changed })).status).toBe(404);
      expect((await org.call(owner, 'DELETE', path)).status).toBe(404);
    });

    it('fills defaults and nulls on create; clears an optional field with null', async () => {
      const record = await create(owner, orgId);
      for (const [key, field] of Object.entries(definition.fields)) {
        if ('default' in field && field.default !== undefined) expect(record[key]).toEqual(field.default);
        else if (field.optional) expect(record[key]).toBeNull();
      }
      const optional = Object.entries(definition.fields).find(([, field]) => field.optional);
      if (!optional) return;
      const [key, field] = optional;
      const path = `${base(orgId)}/${record.id}`;
      await org.json(await org.call(owner, 'PATCH', path, { [key]: validValue(field) }), 200);
      const cleared = await org.json<Record<string, Body>>(await org.call(owner, 'PATCH', path, { [key]: null }), 200);
      expect(cleared[one]?.[key]).toBeNull();
      expect(await org.json(await org.call(owner, 'GET', path), 200)).toEqual(cleared);
    });

    describe('validation', () => {
      const cases = Object.entries(definition.fields).flatMap(([key, field]) =>
        invalidValues(field).map(([what, value]) => [`${key} (${field.type}) as ${what}`, key, value] as const),
      );
      it.each(cases)('refuses %s with 400 naming the field, on create and edit', async (_, key, value) => {
        const created = await org.call(owner, 'POST', base(orgId), { ...minimalBody(definition), [key]: value });
        expect(created.status).toBe(400);
        expect(await created.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: key }] });
        const record = await create(owner, orgId);
        const edited = await org.call(owner, 'PATCH', `${base(orgId)}/${record.id}`, { [key]: value });
        expect(edited.status).toBe(400);
        expect(await edited.json()).toMatchObject({ errors: [{ path: key }] });
      });

      it.each(Object.entries(definition.fields).filter(([, f]) => !f.optional && !('default' in f)))(
        'requires %s on create, and refuses null for it',
        async (key) => {
          const { [key]: _, ...rest } = minimalBody(definition);
          const missing = await org.call(owner, 'POST', base(orgId), rest);
          expect(missing.status).toBe(400);
          expect(await missing.json()).toMatchObject({ errors: [{ path: key }] });
          const nulled = await org.call(owner, 'POST', base(orgId), { ...rest, [key]: null });
          expect(nulled.status).toBe(400);
        },
      );

      it('accepts every field at its limits', async () => {
        await create(owner, orgId, fullBody(definition));
      });

      it('refuses unknown fields by name, an empty edit, and a forged cursor', async () => {
        const response = await org.call(owner, 'POST', base(orgId), {
          ...minimalBody(definition),
          extra: 1,
          authorId: 'x',
        });
        expect(response.status).toBe(400);
        const body = (await response.json()) as { errors: { path: string; message: string }[] };
        expect(body.errors.map((error) => error.path).sort()).toEqual(['authorId', 'extra']);
        expect(body.errors[0]?.message).toMatch(/Unknown field/);
        const record = await create(owner, orgId);
        expect((await org.call(owner, 'PATCH', `${base(orgId)}/${record.id}`, {})).status).toBe(400);
        expect((await org.call(owner, 'GET', `${base(orgId)}?cursor=garbage`)).status).toBe(400);
        expect((await org.call(owner, 'GET', `${base(orgId)}?limit=1000`)).status).toBe(400);
      });
    });

    it(`audits every change as ${kebabLabel(definition.label)}.created|updated|deleted, by whom and on what`, async () => {
      const [key, field] = Object.entries(definition.fields)[0] as [string, FieldSpec];
      const record = await create(owner, orgId);
      const path = `${base(orgId)}/${record.id}`;
      await org.json(await org.call(owner, 'PATCH', path, { [key]: validValue(field) }), 200);
      expect((await org.call(owner, 'DELETE', path)).status).toBe(204);
      const audit = await org.json<{ events: { actor: string; action: string; target: string }[] }>(
        await org.call(owner, 'GET', `/orgs/${orgId}/audit`),
        200,
      );
      const prefix = kebabLabel(definition.label);
      expect(audit.events.filter((event) => event.target === record.id)).toEqual([
        expect.objectContaining({ actor: owner.userId, action: `${prefix}.deleted` }),
        expect.objectContaining({ actor: owner.userId, action: `${prefix}.updated` }),
        expect.objectContaining({ actor: owner.userId, action: `${prefix}.created` }),
      ]);
    });

    it('answers 404 for a record of another org, through an org the caller belongs to', async () => {
      const record = await create(owner, orgId);
      const stranger = await org.account('stranger');
      const elsewhere = await org.createOrg(stranger, 'Elsewhere');
      for (const method of ['GET', 'PATCH', 'DELETE']) {
        const body = method === 'PATCH' ? minimalBody(definition) : undefined;
        const response = await org.call(stranger, method, `${base(elsewhere)}/${record.id}`, body);
        expect(response.status, method).toBe(404);
        expect((await org.call(stranger, method, `${base(orgId)}/${record.id}`, body)).status, method).toBe(404);
      }
      const list = await org.json<Record<string, Body[]>>(await org.call(stranger, 'GET', base(elsewhere)), 200);
      expect(list[many]).toEqual([]);
      expect((await org.call(owner, 'GET', `${base(orgId)}/${record.id}`)).status).toBe(200);
    });

    if (definition.owned) {
      it('shows a role with read:own only its own records, and hides the rest as 404', async () => {
        const roleId = await org.customRole(owner, orgId, [
          `${definition.name}.read:own`,
          `${definition.name}.create`,
          `${definition.name}.update:own`,
        ]);
        const diarist = await org.member(owner, orgId, roleId, 'diarist');
        const mine = await create(diarist, orgId);
        const theirs = await create(owner, orgId);
        const list = await org.json<Record<string, Body[]>>(await org.call(diarist, 'GET', base(orgId)), 200);
        expect(list[many]?.map((record) => record.id)).toEqual([mine.id]);
        expect((await org.call(diarist, 'GET', `${base(orgId)}/${theirs.id}`)).status).toBe(404);
        const [key, field] = Object.entries(definition.fields)[0] as [string, FieldSpec];
        const change = { [key]: validValue(field) };
        // A change to a record it cannot see is 404 too: a 403 would confirm the record exists.
        expect((await org.call(diarist, 'PATCH', `${base(orgId)}/${theirs.id}`, change)).status).toBe(404);
        expect((await org.call(diarist, 'PATCH', `${base(orgId)}/${mine.id}`, change)).status).toBe(200);
      });
    }

    describe('the role × route matrix, from the catalogue', () => {
      type Caller = BuiltInRoleId | 'outsider';
      const as = {} as Record<Caller, Account>;
      /** Three records by each caller (read, edit, delete one), written before their role was set. */
      const own = {} as Record<Caller, string[]>;
      let bystander: Account;
      beforeAll(async () => {
        as.owner = owner;
        for (const role of ['admin', 'member', 'viewer'] as const) {
          // Everyone joins as a member, writes "their own" records, then gets their role.
          as[role] = await org.member(owner, orgId, 'member', role);
        }
        for (const caller of builtInRoleIds) {
          own[caller] = [];
          for (let i = 0; i < 3; i += 1) own[caller].push(String((await create(as[caller], orgId)).id));
        }
        for (const role of ['admin', 'viewer'] as const) {
          await org.json(await org.call(owner, 'PATCH', `/orgs/${orgId}/members/${as[role].userId}`, { role }), 200);
        }
        bystander = await org.member(owner, orgId, 'member', 'bystander');
        as.outsider = await org.account('outsider');
        own.outsider = [0, 1, 2].map(() => own.owner[0] ?? '');
      });

      interface Case {
        name: string;
        action: (typeof RESOURCE_ACTIONS)[number];
        ownership?: 'own' | 'other';
        success: number;
        call(caller: Caller): Promise<Response>;
      }
      const index = { read: 0, update: 1, delete: 2 } as const;
      const on = async (caller: Caller, ownership: 'own' | 'other', action: keyof typeof index) =>
        ownership === 'own' ? own[caller][index[action]] : (await create(bystander, orgId)).id;
      const [key, field] = Object.entries(definition.fields)[0] as [string, FieldSpec];
      const cases: Case[] = [
        { name: 'list', action: 'read', success: 200, call: (c) => org.call(as[c], 'GET', base(orgId)) },
        {
          name: 'create',
          action: 'create',
          success: 201,
          call: (c) => org.call(as[c], 'POST', base(orgId), minimalBody(definition)),
        },
        ...(['own', 'other'] as const).flatMap((ownership): Case[] => [
          {
            name: `read ${ownership}`,
            action: 'read',
            ownership,
            success: 200,
            call: async (c) => org.call(as[c], 'GET', `${base(orgId)}/${await on(c, ownership, 'read')}`),
          },
          {
            name: `edit ${ownership}`,
            action: 'update',
            ownership,
            success: 200,
            call: async (c) =>
              org.call(as[c], 'PATCH', `${base(orgId)}/${await on(c, ownership, 'update')}`, {
                [key]: validValue(field),
              }),
          },
          {
            name: `delete ${ownership}`,
            action: 'delete',
            ownership,
            success: 204,
            call: async (c) => org.call(as[c], 'DELETE', `${base(orgId)}/${await on(c, ownership, 'delete')}`),
          },
        ]),
      ];

      /**
       * What the catalogue says, and the API's rule for records: no grant in any scope is 403; a
       * record the role may not read is 404 (its existence does not leak); a change to another's
       * record under an `:own` grant is 403 when the role may read every record, else 404.
       */
      function expected(role: BuiltInRoleId, routeCase: Case): number {
        const grants = builtInRoles[role].permissions;
        if (!canAny(grants, permission(routeCase.action))) return 403;
        if (routeCase.ownership === undefined) return routeCase.success;
        const context = { userId: 'caller', ownerId: routeCase.ownership === 'own' ? 'caller' : 'someone-else' };
        if (can(grants, permission(routeCase.action), context)) return routeCase.success;
        if (routeCase.action === 'read') return 404;
        return permissionScope(grants, permission('read')) === 'all' ? 403 : 404;
      }

      describe.each(builtInRoleIds)('as %s', (role) => {
        it.each(cases.map((routeCase) => [routeCase.name, routeCase] as const))('%s', async (_, routeCase) => {
          const response = await routeCase.call(role);
          expect(response.status, await response.clone().text()).toBe(expected(role, routeCase));
        });
      });

      it.each(cases.map((routeCase) => [routeCase.name, routeCase] as const))(
        '%s as a non-member → 404',
        async (_, routeCase) => {
          const response = await routeCase.call('outsider');
          expect(response.status).toBe(404);
        },
      );
    });
  });
}
