import { ACTOR_ARGS, actorContext, actorGuard, keyFrom, ORG_KEYS } from '../orgs/org-lua.ts';
import { defineScript } from '../store/define-script.ts';
import { list, statusReply } from '../store/reply.ts';

/*
 * The scripts of every generated resource. A record is a hash: `id authorId createdAt updatedAt _ix`,
 * `_v` once edited, and one entry per field that has a value (an optional field without one is
 * absent). `_ix` is its entry in the resource's index and its author's — `<createdAt, 15
 * digits>:<id>` at score 0 — so that ZREVRANGEBYLEX lists newest first and the last entry seen is a
 * stable cursor. `_v` counts the record's edits (absent: 0); a change checked by a before-hook
 * passes the version the hook saw as `expected` and is refused ('changed') if another came in
 * between — not `updatedAt`, which two edits in one millisecond share. Each change re-checks the
 * actor's role and writes its audit event in the same step.
 */

/** A record by the actor, in both indexes. `fields`: field/value pairs. */
export const createRecordScript = defineScript({
  name: 'record-create',
  keys: [...ORG_KEYS, 'index', 'authorIndex', 'record'],
  args: [...ACTOR_ARGS, 'id', 'ix', 'action'],
  rest: 'fields',
  reply: statusReply({ ok: {}, stale: {} }),
  lua: `${actorContext}${actorGuard}
redis.call('HSET', recordKey, 'id', id, 'authorId', actor, 'createdAt', nowText, 'updatedAt', nowText, '_ix', ix,
  unpack(fields))
redis.call('ZADD', indexKey, 0, ix)
redis.call('ZADD', authorIndexKey, 0, ix)
audit(action, id, {})
return {'ok'}
`,
});

/**
 * Sets `changes` (field/value pairs) and removes the fields named in `cleared` (space-separated);
 * with `ownOnly` '1' only on the actor's own record; with `expected` (a `_v`, '' for none) only
 * while the record is at that version. Answers the record as it is now.
 */
export const updateRecordScript = defineScript({
  name: 'record-update',
  keys: [...ORG_KEYS, 'record'],
  args: [...ACTOR_ARGS, 'id', 'ownOnly', 'expected', 'cleared', 'action'],
  rest: 'changes',
  reply: statusReply({ ok: { record: list }, stale: {}, missing: {}, 'not-own': {}, changed: {} }),
  lua: `${actorContext}${actorGuard}
local record = redis.call('HMGET', recordKey, 'authorId', '_v')
local author = record[1]
if not author then return {'missing'} end
if ownOnly == '1' and author ~= actor then return {'not-own'} end
if expected ~= '' and (record[2] or '0') ~= expected then return {'changed'} end
redis.call('HSET', recordKey, 'updatedAt', nowText, unpack(changes))
redis.call('HINCRBY', recordKey, '_v', 1)
for field in string.gmatch(cleared, '%S+') do redis.call('HDEL', recordKey, field) end
audit(action, id, {'author', author})
return {'ok', redis.call('HGETALL', recordKey)}
`,
});

/**
 * Deletes a record (with `ownOnly` '1', only the actor's own; with `expected` not '', only at that
 * `_v`) from both indexes.
 */
export const deleteRecordScript = defineScript({
  name: 'record-delete',
  keys: [...ORG_KEYS, 'index', 'record'],
  args: [...ACTOR_ARGS, 'id', 'ownOnly', 'expected', 'action', 'authorIndexPrefix', 'authorIndexSuffix'],
  reply: statusReply({ ok: {}, stale: {}, missing: {}, 'not-own': {}, changed: {} }),
  lua: `${actorContext}${keyFrom}${actorGuard}
local record = redis.call('HMGET', recordKey, 'authorId', '_ix', '_v')
if not record[1] then return {'missing'} end
if ownOnly == '1' and record[1] ~= actor then return {'not-own'} end
if expected ~= '' and (record[3] or '0') ~= expected then return {'changed'} end
redis.call('DEL', recordKey)
redis.call('ZREM', indexKey, record[2])
redis.call('ZREM', keyFrom(authorIndexPrefix, record[1], authorIndexSuffix), record[2])
audit(action, id, {'author', record[1]})
return {'ok'}
`,
});

/**
 * One page of an index (the resource's or one author's), newest first, with each record: `count`
 * entries from `start` ('+' or '(<ix>'). → { {ix, field, value, ...}, ... }
 */
export const listRecordsScript = defineScript({
  name: 'record-list',
  keys: ['index'],
  args: ['recordPrefix', 'recordSuffix', 'start', 'count'],
  reply: list,
  lua: `${keyFrom}
local out = {}
for _, ix in ipairs(redis.call('ZREVRANGEBYLEX', indexKey, start, '-', 'LIMIT', 0, tonumber(count))) do
  out[#out + 1] = {ix, unpack(redis.call('HGETALL', keyFrom(recordPrefix, string.match(ix, ':([^:]+)$'), recordSuffix)))}
end
-- Rebuilt by a constructor: the embedded backend cannot return a table grown by assignment.
return {unpack(out)}
`,
});
