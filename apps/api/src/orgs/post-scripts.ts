import { defineScript } from '../store/store.ts';
import { actorContext, actorGuard, keyFrom } from './org-lua.ts';

/*
 * A post is a hash (id title body authorId createdAt updatedAt ix). `ix` is its entry in the org's
 * post index and its author's — `<createdAt, 15 digits>:<id>` at score 0 — so that
 * ZREVRANGEBYLEX lists newest first and the last entry seen is a stable cursor.
 */

/**
 * KEYS: members, roles, audit, posts, author's posts, post. ARGV: actor context, id, title, body, ix.
 * → {'ok'} | {'stale'}
 */
export const createPostScript = defineScript(
  'post-create',
  `${actorContext}${actorGuard}
local id, ix = ARGV[7], ARGV[10]
redis.call('HSET', KEYS[6], 'id', id, 'title', ARGV[8], 'body', ARGV[9], 'authorId', actor, 'createdAt', nowText,
  'updatedAt', nowText, 'ix', ix)
redis.call('ZADD', KEYS[4], 0, ix)
redis.call('ZADD', KEYS[5], 0, ix)
audit('post.created', id, {})
return {'ok'}
`,
);

/**
 * KEYS: members, roles, audit, post. ARGV: actor context, id, own only ('1' when the actor may
 * change only their own posts), then field/value pairs (title, body).
 * → {'ok', {field, value, ...}} | {'stale'} | {'missing'} | {'not-own'}
 */
export const updatePostScript = defineScript(
  'post-update',
  `${actorContext}${actorGuard}
local id = ARGV[7]
local author = redis.call('HGET', KEYS[4], 'authorId')
if not author then return {'missing'} end
if ARGV[8] == '1' and author ~= actor then return {'not-own'} end
local fields = {'updatedAt', nowText}
for i = 9, #ARGV, 2 do
  fields[#fields + 1] = ARGV[i]
  fields[#fields + 1] = ARGV[i + 1]
end
redis.call('HSET', KEYS[4], unpack(fields))
audit('post.updated', id, {'author', author})
return {'ok', redis.call('HGETALL', KEYS[4])}
`,
);

/**
 * KEYS: members, roles, audit, posts, post. ARGV: actor context, id, own only, posts-by-author
 * template (2). → {'ok'} | {'stale'} | {'missing'} | {'not-own'}
 */
export const deletePostScript = defineScript(
  'post-delete',
  `${actorContext}${keyFrom}${actorGuard}
local id = ARGV[7]
local post = redis.call('HMGET', KEYS[5], 'authorId', 'ix')
if not post[1] then return {'missing'} end
if ARGV[8] == '1' and post[1] ~= actor then return {'not-own'} end
redis.call('DEL', KEYS[5])
redis.call('ZREM', KEYS[4], post[2])
redis.call('ZREM', keyFrom(ARGV[9], post[1], ARGV[10]), post[2])
audit('post.deleted', id, {'author', post[1]})
return {'ok'}
`,
);

/**
 * One page of an index, newest first, with each post.
 * KEYS: index (the org's or one author's). ARGV: post template (2), start ('+' or '(<ix>'), count.
 * → { {ix, field, value, ...}, ... }
 */
export const listPostsScript = defineScript(
  'post-list',
  `${keyFrom}
local out = {}
for _, ix in ipairs(redis.call('ZREVRANGEBYLEX', KEYS[1], ARGV[3], '-', 'LIMIT', 0, tonumber(ARGV[4]))) do
  out[#out + 1] = {ix, unpack(redis.call('HGETALL', keyFrom(ARGV[1], string.match(ix, ':([^:]+)$'), ARGV[2])))}
end
-- Rebuilt by a constructor: the embedded backend cannot return a table grown by assignment.
return {unpack(out)}
`,
);
