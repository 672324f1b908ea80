import { base64url } from 'jose';
import * as z from 'zod';
import type { Config } from '../config/config.ts';
import { randomId } from '../ids.ts';
import { keyTemplate } from '../store/key-template.ts';
import { keys } from '../store/keys.ts';
import { text } from '../store/reply.ts';
import type { Reply, Store } from '../store/store.ts';
import { hashReply } from '../users/user.ts';
import { type Actor, orgChange } from './actor.ts';
import { createPostScript, deletePostScript, listPostsScript, updatePostScript } from './post-scripts.ts';

/** The demo resource, as CONTRACT.md shapes it. */
export interface Post {
  id: string;
  title: string;
  body: string;
  authorId: string;
  createdAt: string;
  updatedAt: string;
}

const storedPostSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  authorId: z.string(),
  createdAt: z.coerce.number(),
  updatedAt: z.coerce.number(),
});

function toPost(reply: Reply): Post | null {
  const parsed = storedPostSchema.safeParse(hashReply(reply));
  if (!parsed.success) return null;
  const post = parsed.data;
  return {
    id: post.id,
    title: post.title,
    body: post.body,
    authorId: post.authorId,
    createdAt: new Date(post.createdAt).toISOString(),
    updatedAt: new Date(post.updatedAt).toISOString(),
  };
}

/** A post's entry in the indexes: sorts by creation time as text, unique by id. */
const indexEntry = (createdAt: number, id: string) => `${String(createdAt).padStart(15, '0')}:${id}`;
const INDEX_ENTRY = /^\d{15}:[A-Za-z0-9_-]{22}$/;

/** Cursors are the last index entry of a page, base64url so that clients treat them as opaque. */
export function encodePostCursor(entry: string): string {
  return base64url.encode(entry);
}

/** The index entry of a cursor from `encodePostCursor`, or null for anything else. */
export function decodePostCursor(cursor: string): string | null {
  try {
    const entry = new TextDecoder().decode(base64url.decode(cursor));
    return INDEX_ENTRY.test(entry) ? entry : null;
  } catch {
    return null;
  }
}

export async function getPost(store: Store, orgId: string, postId: string): Promise<Post | null> {
  return toPost(await store.send(['HGETALL', keys.orgPost(orgId, postId)]));
}

export interface PostPage {
  posts: Post[];
  /** The last index entry of this page when there is another page (see encodePostCursor). */
  next: string | null;
}

/** A page of posts, newest first: all of the org's, or one author's (`posts.read:own`). */
export async function listPosts(
  store: Store,
  orgId: string,
  input: { authorId: string | null; after: string | null; limit: number },
): Promise<PostPage> {
  const index = input.authorId ? keys.orgPostsBy(orgId, input.authorId) : keys.orgPosts(orgId);
  const rows = await listPostsScript.run(store, {
    index,
    ...keyTemplate('post', (id) => keys.orgPost(orgId, id)),
    start: input.after ? `(${input.after}` : '+',
    count: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    posts: page.flatMap((row) => {
      const post = Array.isArray(row) ? toPost(row.slice(1)) : null;
      return post ? [post] : [];
    }),
    next: rows.length > input.limit && Array.isArray(last) ? text(last[0]) : null,
  };
}

export async function createPost(
  store: Store,
  config: Config,
  actor: Actor,
  orgId: string,
  input: { title: string; body: string },
): Promise<{ status: 'ok'; post: Post } | { status: 'stale' }> {
  const id = randomId();
  const entry = indexEntry(actor.now, id);
  const result = await createPostScript.run(store, {
    posts: keys.orgPosts(orgId),
    authorPosts: keys.orgPostsBy(orgId, actor.userId),
    post: keys.orgPost(orgId, id),
    ...orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS),
    id,
    title: input.title,
    body: input.body,
    ix: entry,
  });
  if (result.status === 'stale') return result;
  const at = new Date(actor.now).toISOString();
  return { status: 'ok', post: { id, ...input, authorId: actor.userId, createdAt: at, updatedAt: at } };
}

export type PostChangeStatus = 'stale' | 'missing' | 'not-own';

/** `ownOnly`: the actor's grant covers only their own posts; the script checks the author. */
export async function updatePost(
  store: Store,
  config: Config,
  actor: Actor,
  input: { orgId: string; postId: string; ownOnly: boolean; changes: { title?: string; body?: string } },
): Promise<{ status: 'ok'; post: Post } | { status: PostChangeStatus }> {
  const { orgId, postId, changes } = input;
  const pairs = Object.entries(changes).flatMap(([field, value]) => (value === undefined ? [] : [field, value]));
  const result = await updatePostScript.run(store, {
    post: keys.orgPost(orgId, postId),
    ...orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS),
    id: postId,
    ownOnly: input.ownOnly ? '1' : '0',
    changes: pairs,
  });
  if (result.status !== 'ok') return result;
  const post = toPost(result.post);
  if (!post) throw new Error('post-update: unreadable post');
  return { status: 'ok', post };
}

export async function deletePost(
  store: Store,
  config: Config,
  actor: Actor,
  input: { orgId: string; postId: string; ownOnly: boolean },
): Promise<'ok' | PostChangeStatus> {
  const { orgId, postId } = input;
  const { status } = await deletePostScript.run(store, {
    posts: keys.orgPosts(orgId),
    post: keys.orgPost(orgId, postId),
    ...orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS),
    id: postId,
    ownOnly: input.ownOnly ? '1' : '0',
    ...keyTemplate('postsBy', (id) => keys.orgPostsBy(orgId, id)),
  });
  return status;
}
