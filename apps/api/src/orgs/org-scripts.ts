import { defineScript } from '../store/define-script.ts';
import { list, recordReply, statusReply, text } from '../store/reply.ts';
import { ACTOR_ARGS, actorContext, actorGuard, bumpedPv, keyFrom, ORG_KEYS } from './org-lua.ts';

/** Creates an org owned by the actor: the org, its owner, the actor's org lists and the audit entry. */
export const createOrgScript = defineScript({
  name: 'org-create',
  keys: [...ORG_KEYS, 'org', 'joined', 'userOrgs', 'userOrgNames', 'user'],
  args: [...ACTOR_ARGS, 'orgId', 'name', 'maxOrgs'],
  reply: statusReply({ ok: { pv: bumpedPv }, limit: {}, exists: {} }),
  lua: `${actorContext}
if redis.call('HLEN', userOrgsKey) >= tonumber(maxOrgs) then return {'limit'} end
if redis.call('EXISTS', orgKey) == 1 then return {'exists'} end
redis.call('HSET', orgKey, 'id', orgId, 'name', name, 'createdAt', nowText, 'createdBy', actor)
redis.call('HSET', membersKey, actor, 'owner')
redis.call('ZADD', joinedKey, now, actor)
redis.call('HSET', userOrgsKey, orgId, 'owner')
redis.call('HSET', userOrgNamesKey, orgId, name)
local pv = bumpPv(userKey)
audit('org.created', orgId, {'name', name})
return {'ok', pv or 0}
`,
});

/** Renames the org and every member's copy of the name (user org names), so /me stays one read. */
export const renameOrgScript = defineScript({
  name: 'org-rename',
  keys: [...ORG_KEYS, 'org'],
  args: [...ACTOR_ARGS, 'orgId', 'name', 'userOrgNamesPrefix', 'userOrgNamesSuffix'],
  reply: statusReply({ ok: {}, stale: {} }),
  lua: `${actorContext}${keyFrom}${actorGuard}
redis.call('HSET', orgKey, 'name', name)
for _, member in ipairs(redis.call('HKEYS', membersKey)) do
  redis.call('HSET', keyFrom(userOrgNamesPrefix, member, userOrgNamesSuffix), orgId, name)
end
audit('org.updated', orgId, {'name', name})
return {'ok'}
`,
});

/** Turns the org's MFA policy on (`value` '1') or off ('0'); audited only when it changes. */
export const setRequireMfaScript = defineScript({
  name: 'org-require-mfa',
  keys: [...ORG_KEYS, 'org'],
  args: [...ACTOR_ARGS, 'orgId', 'value'],
  reply: statusReply({ ok: {}, stale: {} }),
  lua: `${actorContext}${actorGuard}
if (redis.call('HGET', orgKey, 'requireMfa') or '0') == value then return {'ok'} end
redis.call('HSET', orgKey, 'requireMfa', value)
audit('org.updated', orgId, {'requireMfa', value == '1' and 'true' or 'false'})
return {'ok'}
`,
});

/**
 * Deletes the org and everything in it, and takes it off every member's list (their permissions
 * version moves on). The audit stream goes with it: nothing could read it any more.
 * → {'ok', actorPv} | {'stale'}
 */
export const deleteOrgScript = defineScript({
  name: 'org-delete',
  keys: [...ORG_KEYS, 'org', 'joined', 'roleNames', 'invitations'],
  args: [
    ...ACTOR_ARGS,
    'orgId',
    'userPrefix',
    'userSuffix',
    'userOrgsPrefix',
    'userOrgsSuffix',
    'userOrgNamesPrefix',
    'userOrgNamesSuffix',
    'invitationPrefix',
    'invitationSuffix',
  ],
  // Per generated resource, five values: its index key and the templates of its record and
  // author-index keys (resource-kit/record-repository.ts \`resourceKeys\`).
  rest: 'resources',
  reply: statusReply({ ok: { actorPv: bumpedPv }, stale: {} }),
  lua: `${actorContext}${keyFrom}${actorGuard}
local actorPv = 0
for _, member in ipairs(redis.call('HKEYS', membersKey)) do
  redis.call('HDEL', keyFrom(userOrgsPrefix, member, userOrgsSuffix), orgId)
  redis.call('HDEL', keyFrom(userOrgNamesPrefix, member, userOrgNamesSuffix), orgId)
  local pv = bumpPv(keyFrom(userPrefix, member, userSuffix))
  if member == actor and pv then actorPv = pv end
end
for _, id in ipairs(redis.call('ZRANGE', invitationsKey, 0, -1)) do
  redis.call('DEL', keyFrom(invitationPrefix, id, invitationSuffix))
end
for r = 1, #resources, 5 do
  local index, recordPrefix, recordSuffix, byPrefix, bySuffix = unpack(resources, r, r + 4)
  local authors = {}
  for _, entry in ipairs(redis.call('ZRANGE', index, 0, -1)) do
    local recordKey = keyFrom(recordPrefix, string.match(entry, ':([^:]+)$'), recordSuffix)
    local author = redis.call('HGET', recordKey, 'authorId')
    if author then authors[author] = true end
    redis.call('DEL', recordKey)
  end
  for author in pairs(authors) do
    redis.call('DEL', keyFrom(byPrefix, author, bySuffix))
  end
  redis.call('DEL', index)
end
redis.call('DEL', membersKey, rolesKey, auditKey, orgKey, joinedKey, roleNamesKey, invitationsKey)
return {'ok', actorPv}
`,
});

/**
 * A user's orgs and permissions version in one atomic read (same slot), so /me never pairs a new
 * version with an old list: the org → role and org → name hashes, the stored platform role, pv and
 * verified flag.
 */
export const membershipsScript = defineScript({
  name: 'user-orgs',
  keys: ['userOrgs', 'userOrgNames', 'user'],
  args: [],
  reply: recordReply({ roles: list, names: list, role: text, pv: text, verified: text }),
  lua: `
local user = redis.call('HMGET', userKey, 'role', 'pv', 'verified')
return {redis.call('HGETALL', userOrgsKey), redis.call('HGETALL', userOrgNamesKey), user[1] or '', user[2] or '', user[3] or ''}
`,
});
