import { defineScript } from '../store/define-script.ts';
import { list, statusReply } from '../store/reply.ts';
import { ACTOR_ARGS, actorContext, actorGuard, keyFrom, ORG_KEYS } from './org-lua.ts';

/*
 * A post is a hash (id title body authorId createdAt updatedAt ix). `ix` is its entry in the org's
 * post index and its author's — `<createdAt, 15 digits>:<id>` at score 0 — so that
 * ZREVRANGEBYLEX lists newest first and the last entry seen is a stable cursor.
 */

/** A post by the actor, in the org's index and its author's. */
export const createPostScript = defineScript({
  name: 'post-create',
  keys: [...ORG_KEYS, 'posts', 'authorPosts', 'post'],
  args: [...ACTOR_ARGS, 'id', 'title', 'body', 'ix'],
  reply: statusReply({ ok: {}, stale: {} }),
  lua: `${actorContext}${actorGuard}
redis.call('HSET', postKey, 'id', id, 'title', title, 'body', body, 'authorId', actor, 'createdAt', nowText,
  'updatedAt', nowText, 'ix', ix)
redis.call('ZADD', postsKey, 0, ix)
redis.call('ZADD', authorPostsKey, 0, ix)
audit('post.created', id, {})
return {'ok'}
`,
});

/**
 * Sets `changes` (field/value pairs: title, body) on a post; with `ownOnly` '1' (the actor may change
 * only their own posts) only on the actor's. Answers the post as it is now.
 */
export const updatePostScript = defineScript({
  name: 'post-update',
  keys: [...ORG_KEYS, 'post'],
  args: [...ACTOR_ARGS, 'id', 'ownOnly'],
  rest: 'changes',
  reply: statusReply({ ok: { post: list }, stale: {}, missing: {}, 'not-own': {} }),
  lua: `${actorContext}${actorGuard}
local author = redis.call('HGET', postKey, 'authorId')
if not author then return {'missing'} end
if ownOnly == '1' and author ~= actor then return {'not-own'} end
local fields = {'updatedAt', nowText}
for i = 1, #changes, 2 do
  fields[#fields + 1] = changes[i]
  fields[#fields + 1] = changes[i + 1]
end
redis.call('HSET', postKey, unpack(fields))
audit('post.updated', id, {'author', author})
return {'ok', redis.call('HGETALL', postKey)}
`,
});

/** Deletes a post (with `ownOnly` '1', only the actor's own) from both indexes. */
export const deletePostScript = defineScript({
  name: 'post-delete',
  keys: [...ORG_KEYS, 'posts', 'post'],
  args: [...ACTOR_ARGS, 'id', 'ownOnly', 'postsByPrefix', 'postsBySuffix'],
  reply: statusReply({ ok: {}, stale: {}, missing: {}, 'not-own': {} }),
  lua: `${actorContext}${keyFrom}${actorGuard}
local post = redis.call('HMGET', postKey, 'authorId', 'ix')
if not post[1] then return {'missing'} end
if ownOnly == '1' and post[1] ~= actor then return {'not-own'} end
redis.call('DEL', postKey)
redis.call('ZREM', postsKey, post[2])
redis.call('ZREM', keyFrom(postsByPrefix, post[1], postsBySuffix), post[2])
audit('post.deleted', id, {'author', post[1]})
return {'ok'}
`,
});

/**
 * One page of an index (the org's or one author's), newest first, with each post: `count` entries
 * from `start` ('+' or '(<ix>'). → { {ix, field, value, ...}, ... }
 */
export const listPostsScript = defineScript({
  name: 'post-list',
  keys: ['index'],
  args: ['postPrefix', 'postSuffix', 'start', 'count'],
  reply: list,
  lua: `${keyFrom}
local out = {}
for _, ix in ipairs(redis.call('ZREVRANGEBYLEX', indexKey, start, '-', 'LIMIT', 0, tonumber(count))) do
  out[#out + 1] = {ix, unpack(redis.call('HGETALL', keyFrom(postPrefix, string.match(ix, ':([^:]+)$'), postSuffix)))}
end
-- Rebuilt by a constructor: the embedded backend cannot return a table grown by assignment.
return {unpack(out)}
`,
});
