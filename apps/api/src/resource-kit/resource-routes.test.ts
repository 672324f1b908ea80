import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import posts from '../../../../resources/posts.resource.ts';
import { type Account, orgClient } from '../../test/org-client.ts';
import { testApp } from '../../test/test-app.ts';
import type { AppEnv } from '../app-env.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { onError } from '../middleware/on-error.ts';
import { requestId } from '../middleware/request-id.ts';
import { batchingStore } from '../store/batching-store.ts';
import type { ResourceHooks } from './resource-hooks.ts';
import { resourceRoutes } from './resource-routes.ts';

type Post = { id: string; title: string; body: string | null; updatedAt: string };
type PostHooks = ResourceHooks<typeof posts>;

/** The real app, for what every other client does: sign up, create orgs, edit posts, read the audit log. */
const plain = testApp();
const org = orgClient(plain.request);

/** The posts routes with `hooks`, mounted as the real app mounts them, on the same Redis. */
function appWithHooks(hooks: PostHooks) {
  const { deps } = plain;
  const app = new Hono<AppEnv>()
    .use(requestId)
    .use(async (c, next) => {
      c.set('deps', { ...deps, store: batchingStore(deps.store) });
      await next();
    })
    .use('/api/*', jsonBody)
    .route('/api/orgs/:orgId/posts', resourceRoutes(posts, hooks));
  app.onError(onError);
  return orgClient((path, init) => app.request(`http://portcullis.test${path}`, init, env));
}

/**
 * Before-hooks that stop once they have seen the record, until the test lets them go: what a
 * slow check (a lookup elsewhere) looks like to a change that lands meanwhile.
 */
function latchedHooks() {
  const seen: Post[] = [];
  let sawRecord = () => {};
  let release = () => {};
  const saw = new Promise<void>((resolve) => {
    sawRecord = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const hold = async (current: Post) => {
    seen.push(current);
    sawRecord();
    await released;
  };
  const hooks: PostHooks = {
    beforeUpdate: ({ current }) => hold(current),
    beforeDelete: (current) => hold(current),
  };
  return { hooks, seen, saw, release };
}

describe('resource routes with before-hooks', () => {
  let owner: Account;
  let orgId: string;
  const base = () => `/orgs/${orgId}/posts`;

  beforeAll(async () => {
    owner = await org.account('hooks');
    orgId = await org.createOrg(owner, 'Hooks org');
  });

  async function createPost(title: string): Promise<Post> {
    return (await org.json<{ post: Post }>(await org.call(owner, 'POST', base(), { title }), 201)).post;
  }

  async function auditOf(id: string): Promise<string[]> {
    const audit = await org.json<{ events: { action: string; target: string }[] }>(
      await org.call(owner, 'GET', `/orgs/${orgId}/audit`),
      200,
    );
    return audit.events.filter((event) => event.target === id).map((event) => event.action);
  }

  async function expectChangedConflict(response: Response) {
    expect(response.status).toBe(409);
    expect(response.headers.get('Content-Type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({
      code: 'CONFLICT',
      status: 409,
      detail: 'This record changed while your change was being checked. Reload and try again.',
    });
  }

  it('refuses an edit whose beforeUpdate saw the record before another edit landed, and writes nothing', async () => {
    const post = await createPost('Draft');
    const latch = latchedHooks();
    const path = `${base()}/${post.id}`;
    const checked = appWithHooks(latch.hooks).call(owner, 'PATCH', path, { title: 'From the checked edit' });
    await latch.saw;
    expect(latch.seen).toEqual([post]);
    // Someone else's edit lands while the hook is still deciding on the old record.
    const meanwhile = await org.json<{ post: Post }>(await org.call(owner, 'PATCH', path, { title: 'Paid' }), 200);
    latch.release();

    await expectChangedConflict(await checked);
    expect(await org.json(await org.call(owner, 'GET', path), 200)).toEqual({ post: meanwhile.post });
    expect(await auditOf(post.id)).toEqual(['post.updated', 'post.created']);
  });

  it('refuses a delete whose beforeDelete saw the record before an edit landed, and keeps the record', async () => {
    const post = await createPost('Draft');
    const latch = latchedHooks();
    const path = `${base()}/${post.id}`;
    const checked = appWithHooks(latch.hooks).call(owner, 'DELETE', path);
    await latch.saw;
    expect(latch.seen).toEqual([post]);
    const meanwhile = await org.json<{ post: Post }>(await org.call(owner, 'PATCH', path, { title: 'Paid' }), 200);
    latch.release();

    await expectChangedConflict(await checked);
    expect(await org.json(await org.call(owner, 'GET', path), 200)).toEqual({ post: meanwhile.post });
    expect(await auditOf(post.id)).toEqual(['post.updated', 'post.created']);
  });

  it('edits and deletes as before when nothing changed the record meanwhile', async () => {
    const seen: string[] = [];
    const hooked = appWithHooks({
      beforeUpdate: ({ current }) => {
        seen.push(`update ${current.title}`);
      },
      beforeDelete: (current) => {
        seen.push(`delete ${current.title}`);
      },
    });
    const post = await createPost('Draft');
    const path = `${base()}/${post.id}`;
    // An earlier edit through a route without hooks moves the version; the checked ones read it afresh.
    await org.json(await org.call(owner, 'PATCH', path, { title: 'Second' }), 200);
    const edited = await hooked.json<{ post: Post }>(await hooked.call(owner, 'PATCH', path, { title: 'Third' }), 200);
    expect(Object.keys(edited.post).sort()).toEqual(['authorId', 'body', 'createdAt', 'id', 'title', 'updatedAt']);
    expect(edited.post.title).toBe('Third');
    await hooked.json(await hooked.call(owner, 'PATCH', path, { title: 'Fourth' }), 200);
    expect((await hooked.call(owner, 'DELETE', path)).status).toBe(204);

    expect(seen).toEqual(['update Second', 'update Third', 'delete Fourth']);
    expect((await org.call(owner, 'GET', path)).status).toBe(404);
    expect(await auditOf(post.id)).toEqual([
      'post.deleted',
      'post.updated',
      'post.updated',
      'post.updated',
      'post.created',
    ]);
  });
});
