import { describe, expect, it } from 'vitest';
import { orgClient } from '../../../test/org-client.ts';
import { manualClock, testApp } from '../../../test/test-app.ts';

const clock = manualClock(Date.now());
const { request } = testApp({ now: clock.now });
const org = orgClient(request);

interface PostView {
  id: string;
  title: string;
  body: string;
  authorId: string;
  createdAt: string;
  updatedAt: string;
}

describe('posts', () => {
  it('creates, reads, edits and deletes a post with the contract’s shape', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const created = await org.json<{ post: PostView }>(
      await org.call(owner, 'POST', `/orgs/${orgId}/posts`, { title: '  Hello  ', body: 'World' }),
      201,
    );
    const at = new Date(clock.now()).toISOString();
    expect(created.post).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      title: 'Hello',
      body: 'World',
      authorId: owner.userId,
      createdAt: at,
      updatedAt: at,
    });
    const path = `/orgs/${orgId}/posts/${created.post.id}`;
    expect(await org.json(await org.call(owner, 'GET', path), 200)).toEqual(created);

    clock.advance(5000);
    const edited = await org.json<{ post: PostView }>(await org.call(owner, 'PATCH', path, { body: 'Edited' }), 200);
    expect(edited.post).toEqual({ ...created.post, body: 'Edited', updatedAt: new Date(clock.now()).toISOString() });

    expect((await org.call(owner, 'DELETE', path)).status).toBe(204);
    expect((await org.call(owner, 'GET', path)).status).toBe(404);
    expect((await org.call(owner, 'PATCH', path, { body: 'x' })).status).toBe(404);
    expect((await org.call(owner, 'DELETE', path)).status).toBe(404);
  });

  it.each([
    ['an empty title', { title: '   ' }],
    ['a title over 200 characters', { title: 'x'.repeat(201) }],
    ['a body over 10 000 characters', { title: 'ok', body: 'x'.repeat(10_001) }],
    ['a title that is not a string', { title: 42 }],
    ['no title', { body: 'text' }],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_, body) => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const response = await org.call(owner, 'POST', `/orgs/${orgId}/posts`, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: expect.any(String) }] });
  });

  it('accepts the limits exactly, and an edit needs a title or a body', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const post = await org.json<{ post: PostView }>(
      await org.call(owner, 'POST', `/orgs/${orgId}/posts`, { title: 'x'.repeat(200), body: 'y'.repeat(10_000) }),
      201,
    );
    expect(post.post.title).toHaveLength(200);
    expect((await org.call(owner, 'PATCH', `/orgs/${orgId}/posts/${post.post.id}`, {})).status).toBe(400);
  });

  it('pages newest first with an opaque cursor, and refuses a forged cursor', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push(await org.post(owner, orgId, `Post ${i}`));
      // Two posts in the same millisecond still page in a stable order.
      if (i !== 0) clock.advance(1);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
      const page: { posts: PostView[]; nextCursor: string | null } = await org.json(
        await org.call(owner, 'GET', `/orgs/${orgId}/posts${query}`),
        200,
      );
      seen.push(...page.posts.map((post) => post.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(seen.slice(0, 2)).toEqual([ids[4], ids[3]]);
    expect(new Set(seen.slice(-2))).toEqual(new Set([ids[0], ids[1]]));

    for (const bad of ['garbage', btoa('000000000000001:../../etc'), 'x'.repeat(300)]) {
      expect((await org.call(owner, 'GET', `/orgs/${orgId}/posts?cursor=${encodeURIComponent(bad)}`)).status).toBe(400);
    }
    expect((await org.call(owner, 'GET', `/orgs/${orgId}/posts?limit=1000`)).status).toBe(400);
  });

  it('lets a member edit and delete their own posts only, and a viewer none', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const member = await org.member(owner, orgId, 'member');
    const viewer = await org.member(owner, orgId, 'viewer');
    const mine = await org.post(member, orgId);
    const theirs = await org.post(owner, orgId);
    const post = (id: string) => `/orgs/${orgId}/posts/${id}`;

    expect((await org.call(member, 'PATCH', post(mine), { title: 'Mine' })).status).toBe(200);
    const denied = await org.call(member, 'PATCH', post(theirs), { title: 'Theirs' });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await org.call(member, 'DELETE', post(theirs))).status).toBe(403);
    expect((await org.call(viewer, 'PATCH', post(mine), { title: 'Viewer' })).status).toBe(403);
    expect((await org.call(viewer, 'POST', `/orgs/${orgId}/posts`, { title: 'Viewer' })).status).toBe(403);
    expect((await org.call(member, 'DELETE', post(mine))).status).toBe(204);
    // The owner's post is untouched.
    expect(await org.json(await org.call(viewer, 'GET', post(theirs)), 200)).toMatchObject({
      post: { title: 'Hello' },
    });
  });

  it('shows a role with posts.read:own only its own posts, and hides the rest as 404', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const diarists = await org.customRole(owner, orgId, ['posts.read:own', 'posts.create', 'posts.update:own']);
    const diarist = await org.member(owner, orgId, diarists, 'diarist');
    const mine = await org.post(diarist, orgId, 'Dear diary');
    const theirs = await org.post(owner, orgId, 'Secret');

    const list = await org.json<{ posts: PostView[] }>(await org.call(diarist, 'GET', `/orgs/${orgId}/posts`), 200);
    expect(list.posts.map((post) => post.id)).toEqual([mine]);
    expect((await org.call(diarist, 'GET', `/orgs/${orgId}/posts/${theirs}`)).status).toBe(404);
    // Editing a post it cannot see is 404 too: a 403 would confirm the post exists.
    expect((await org.call(diarist, 'PATCH', `/orgs/${orgId}/posts/${theirs}`, { title: 'x' })).status).toBe(404);
    expect((await org.call(diarist, 'PATCH', `/orgs/${orgId}/posts/${mine}`, { title: 'Dear' })).status).toBe(200);
  });

  it('keeps a removed author’s posts, still deletable by an admin', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const member = await org.member(owner, orgId, 'member');
    const postId = await org.post(member, orgId);
    expect((await org.call(owner, 'DELETE', `/orgs/${orgId}/members/${member.userId}`)).status).toBe(204);
    expect(await org.json(await org.call(owner, 'GET', `/orgs/${orgId}/posts/${postId}`), 200)).toMatchObject({
      post: { authorId: member.userId },
    });
    expect((await org.call(owner, 'DELETE', `/orgs/${orgId}/posts/${postId}`)).status).toBe(204);
  });
});
