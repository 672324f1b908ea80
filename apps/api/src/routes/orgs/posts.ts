import { can, permissionScope, singleLineString } from '@portcullis/permissions';
import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../../app-env.ts';
import { ApiError } from '../../errors/index.ts';
import { requirePermission } from '../../middleware/require-permission.ts';
import { validate } from '../../middleware/validate.ts';
import { ID_PATTERN } from '../../orgs/org-access.ts';
import {
  createPost,
  decodePostCursor,
  deletePost,
  encodePostCursor,
  getPost,
  listPosts,
  type PostChangeStatus,
  updatePost,
} from '../../orgs/posts.ts';
import { notFoundError, staleRoleError } from './org-errors.ts';

const title = singleLineString('Title must be a string')
  .trim()
  .min(1, 'Title is required')
  .max(200, 'Use at most 200 characters');
const body = z.string({ error: 'Body must be a string' }).max(10_000, 'Use at most 10000 characters');

const createBody = z.object({ title, body: body.default('') });
const updateBody = z
  .object({ title: title.optional(), body: body.optional() })
  .refine((value) => value.title !== undefined || value.body !== undefined, { error: 'Send a title, a body, or both' });

const listQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/**
 * An update or delete the script refused because the post is not the caller's. Whether saying so
 * leaks anything depends on whether the caller may see the post at all.
 */
function refused(status: PostChangeStatus, mayReadOthers: boolean): ApiError {
  if (status === 'stale') return staleRoleError();
  if (status === 'not-own' && mayReadOthers) {
    return new ApiError('FORBIDDEN', { detail: 'Your role allows this on your own posts only.' });
  }
  return notFoundError('post');
}

/** `/api/orgs/:orgId/posts`: the demo resource, with the ownership rules of the roles. */
export const postRoutes = new Hono<AppEnv>()
  .get('/', requirePermission('posts.read'), validate('query', listQuery), async (c) => {
    const { deps, access, auth } = c.var;
    const { cursor, limit } = c.req.valid('query');
    // An empty cursor is the first page, as an absent one (CONTRACT.md writes `?cursor=`).
    const after = cursor ? decodePostCursor(cursor) : null;
    if (cursor && after === null) {
      throw new ApiError('VALIDATION_FAILED', { errors: [{ path: 'cursor', message: 'Not a cursor from this API' }] });
    }
    // `posts.read:own` lists the caller's posts only.
    const own = permissionScope(access.role.permissions, 'posts.read') === 'own';
    const page = await listPosts(deps.store, access.org.id, { authorId: own ? auth.userId : null, after, limit });
    return c.json({ posts: page.posts, nextCursor: page.next ? encodePostCursor(page.next) : null });
  })

  .post('/', requirePermission('posts.create'), validate('json', createBody), async (c) => {
    const { deps, access, actor } = c.var;
    const result = await createPost(deps.store, deps.config, actor, access.org.id, c.req.valid('json'));
    if (result.status === 'stale') throw staleRoleError();
    return c.json({ post: result.post }, 201);
  })

  .get('/:postId', requirePermission('posts.read'), async (c) => {
    const { deps, access, auth } = c.var;
    const postId = c.req.param('postId');
    const post = ID_PATTERN.test(postId) ? await getPost(deps.store, access.org.id, postId) : null;
    if (!post || !can(access.role.permissions, 'posts.read', { userId: auth.userId, ownerId: post.authorId })) {
      throw notFoundError('post');
    }
    return c.json({ post });
  })

  .patch('/:postId', requirePermission('posts.update'), validate('json', updateBody), async (c) => {
    const { deps, access, actor } = c.var;
    const postId = c.req.param('postId');
    if (!ID_PATTERN.test(postId)) throw notFoundError('post');
    const grants = access.role.permissions;
    const result = await updatePost(deps.store, deps.config, actor, {
      orgId: access.org.id,
      postId,
      // The script compares the author, so the ownership check and the write are one step.
      ownOnly: permissionScope(grants, 'posts.update') === 'own',
      changes: c.req.valid('json'),
    });
    if (result.status !== 'ok') throw refused(result.status, permissionScope(grants, 'posts.read') === 'all');
    return c.json({ post: result.post });
  })

  .delete('/:postId', requirePermission('posts.delete'), async (c) => {
    const { deps, access, actor } = c.var;
    const postId = c.req.param('postId');
    if (!ID_PATTERN.test(postId)) throw notFoundError('post');
    const grants = access.role.permissions;
    const status = await deletePost(deps.store, deps.config, actor, {
      orgId: access.org.id,
      postId,
      ownOnly: permissionScope(grants, 'posts.delete') === 'own',
    });
    if (status !== 'ok') throw refused(status, permissionScope(grants, 'posts.read') === 'all');
    return c.body(null, 204);
  });
