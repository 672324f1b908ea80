/*
 * Lua shared by the org scripts. Every script that changes an org takes the same first KEYS and
 * ARGV, so that the actor check and the audit entry are one prelude, in the same atomic step as
 * the change:
 *   KEYS[1] members hash, KEYS[2] roles hash, KEYS[3] audit stream
 *   ARGV[1] actor id, ARGV[2] actor's role id, ARGV[3] actor's role definition as read ('' for a
 *   built-in role), ARGV[4] client IP, ARGV[5] now (ms, the API's clock), ARGV[6] audit cap.
 * Plain redis.call and tables only: the embedded development backend has no cjson.
 */

/** Names the context and defines `audit`, `bumpPv` and `countOwners`. */
export const actorContext = `
local membersKey, rolesKey, auditKey = KEYS[1], KEYS[2], KEYS[3]
local actor, actorRole, actorDef, ip, nowText, auditCap = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
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

/** Rebuilds a key from an id and a template passed as ARGV (see key-template.ts). */
export const keyFrom = `
local function keyFrom(prefix, id, suffix) return prefix .. id .. suffix end
`;
