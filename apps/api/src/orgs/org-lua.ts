import { type Decoder, integer } from '../store/reply.ts';

/*
 * Lua shared by the org scripts. Every script that changes an org declares the same keys and
 * arguments first, so that the actor check and the audit entry are one prelude, in the same atomic
 * step as the change. Plain redis.call and tables only: the embedded development backend has no cjson.
 */

/** The org's members hash, roles hash and audit stream. */
export const ORG_KEYS = ['members', 'roles', 'audit'] as const;
/**
 * Who acts (actor.ts `orgChange` fills them): the actor's id, role id, that role's definition as
 * read ('' for a built-in role), client IP, the time (ms, the API's clock, as Redis passes it:
 * text) and the audit stream's cap.
 */
export const ACTOR_ARGS = ['actor', 'actorRole', 'actorDef', 'ip', 'nowText', 'auditCap'] as const;

/** Over `ORG_KEYS` and `ACTOR_ARGS`: defines `now`, `audit`, `bumpPv`, `countOwners` and `roleIs`. */
export const actorContext = `
local now = tonumber(nowText)

-- One audit event. Stream ids come from Redis and only order events; 'at' is the API's clock.
-- details: {name, value, ...}, stored as 'd.<name>' fields.
local function audit(action, target, details)
  local fields = {'at', nowText, 'actor', actor, 'action', action, 'target', target, 'ip', ip}
  for i = 1, #(details or {}), 2 do
    fields[#fields + 1] = 'd.' .. details[i]
    fields[#fields + 1] = details[i + 1]
  end
  redis.call('XADD', auditKey, 'MAXLEN', '~', auditCap, '*', unpack(fields))
end

-- A user's permissions version; never creates a partial record for a user that is gone.
local function bumpPv(userKey)
  if redis.call('EXISTS', userKey) == 1 then return redis.call('HINCRBY', userKey, 'pv', 1) end
  return false
end

local function countOwners()
  local n = 0
  for _, role in ipairs(redis.call('HVALS', membersKey)) do
    if role == 'owner' then n = n + 1 end
  end
  return n
end

-- Whether the stored definition of a role is still the one the Worker checked ('' = built-in).
local function roleIs(roleId, def)
  return def == '' or redis.call('HGET', rolesKey, roleId) == def
end
`;

/**
 * Refuses with {'stale'} when the actor's membership or role changed after the Worker resolved
 * it: a member demoted or removed a moment ago cannot finish a change they may no longer make
 * (and two owners demoting each other cannot both win).
 */
export const actorGuard = `
if redis.call('HGET', membersKey, actor) ~= actorRole or not roleIs(actorRole, actorDef) then return {'stale'} end
`;

/** Rebuilds a key from an id and a template passed as two arguments (see keys/key-template.ts). */
export const keyFrom = `
local function keyFrom(prefix, id, suffix) return prefix .. id .. suffix end
`;

/** What `bumpPv` returned, as a script answers it (`pv or 0`): the new counter, or null when it bumped none. */
export const bumpedPv: Decoder<number | null> = (value) => {
  const pv = integer(value);
  return pv > 0 ? pv : null;
};
