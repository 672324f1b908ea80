import { defineScript } from '../store/store.ts';

/*
 * Session state changes, each one atomic script (DESIGN.md: never read-modify-write from the
 * Worker). Time always comes from ARGV (the API's injectable clock), never from Redis TIME, so
 * tests can move time; key TTLs only garbage-collect what the clock checks already refuse.
 * TTLs are durations from the API's clock (PEXPIRE expiry - now), never absolute PEXPIREAT
 * times: Redis's clock may differ from the API's (a test clock, a self-hosted Node whose clock is
 * off), and an absolute time in Redis's past deletes a live key at once.
 * Plain redis.call and tables only: the embedded development backend has no cjson.
 *
 * A session hash holds (short names: every byte is paid per session):
 *   gen   refresh-token generation        rot   when it last rotated (ms)
 *   born  created (ms)                    seen  last seen (ms, written at most once a minute)
 *   abs   absolute expiry (ms)            idle  idle expiry (ms)
 *   pr    when its user last proved a credential again (ms, step-up: sessions/step-up.ts);
 *         absent until then, and `born` stands for it: a session starts with a proof
 *   ip, br (browser), os, loc, ua [ua1 …] (user agent in 64-byte chunks)
 * The user id is not stored: it is in the key.
 */

/** Drops dead sessions from the index. Shared prelude: `prune(index, prefix, now)` → live ids. */
const prune = `
local function prune(index, prefix, now)
  local live = {}
  for _, sid in ipairs(redis.call('ZRANGE', index, 0, -1)) do
    local exp = redis.call('HMGET', prefix .. sid, 'abs', 'idle')
    if exp[1] and tonumber(exp[1]) > now and tonumber(exp[2]) > now then
      live[#live + 1] = sid
    else
      redis.call('DEL', prefix .. sid)
      redis.call('ZREM', index, sid)
    end
  end
  return live
end
`;

const pushEvent = `
local function pushEvent(key, event, cap)
  if event ~= '' then
    redis.call('LPUSH', key, event)
    redis.call('LTRIM', key, 0, cap - 1)
  end
end
`;

/**
 * KEYS: user, index, new session, events.
 * ARGV: sid, now, absExp, idleExp, maxSessions, policy, prefix, event, eventCap,
 *       ip, browser, os, loc, then the user agent's chunks.
 * → {'ok', evictedCount} | {'limit'} | {'blocked'} | {'missing'}
 */
export const createSession = defineScript(
  'create-session',
  `${prune}${pushEvent}
local sid, now, absExp, idleExp = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local max, policy, prefix = tonumber(ARGV[5]), ARGV[6], ARGV[7]
local user = redis.call('HMGET', KEYS[1], 'id', 'blocked')
if not user[1] then return {'missing'} end
if user[2] == '1' then return {'blocked'} end
local live = prune(KEYS[2], prefix, now)
local evicted = 0
if #live >= max then
  if policy == 'refuse' then return {'limit'} end
  -- Least recently seen first: the index is scored by lastSeenAt.
  local victims = redis.call('ZRANGE', KEYS[2], 0, #live - max)
  for _, victim in ipairs(victims) do
    redis.call('DEL', prefix .. victim)
    redis.call('ZREM', KEYS[2], victim)
    evicted = evicted + 1
  end
end
local fields = { 'gen', 0, 'rot', now, 'born', now, 'seen', now,
  'abs', absExp, 'idle', idleExp, 'ip', ARGV[10], 'br', ARGV[11], 'os', ARGV[12], 'loc', ARGV[13] }
-- The user agent arrives in chunks of at most 64 bytes (ua, ua1, ua2, ...): see sessions.ts.
for i = 14, #ARGV do
  fields[#fields + 1] = i == 14 and 'ua' or ('ua' .. (i - 14))
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[3], unpack(fields))
redis.call('PEXPIRE', KEYS[3], math.min(absExp, idleExp) - now)
redis.call('ZADD', KEYS[2], now, sid)
redis.call('PEXPIRE', KEYS[2], absExp - now)
pushEvent(KEYS[4], ARGV[8], tonumber(ARGV[9]))
return {'ok', evicted}
`,
);

/**
 * The per-request liveness check, with the at-most-once-a-minute lastSeenAt write folded in so
 * that an authenticated request costs one round trip.
 * KEYS: session, user, index. ARGV: sid, now, touchInterval, idleTtl.
 * → {'ok', email, name, role, verified, blocked, pv, createdAt, provedAt} | {'missing'}
 */
export const touchSession = defineScript(
  'touch-session',
  `
local now = tonumber(ARGV[2])
local s = redis.call('HMGET', KEYS[1], 'abs', 'idle', 'seen', 'pr', 'born')
if not s[1] then return {'missing'} end
local absExp, idleExp, seenAt = tonumber(s[1]), tonumber(s[2]), tonumber(s[3])
if now >= absExp or now >= idleExp then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
  return {'missing'}
end
if now - seenAt >= tonumber(ARGV[3]) then
  local idle = math.min(now + tonumber(ARGV[4]), absExp)
  redis.call('HSET', KEYS[1], 'seen', now, 'idle', idle)
  redis.call('PEXPIRE', KEYS[1], idle - now)
  redis.call('ZADD', KEYS[3], 'XX', now, ARGV[1])
end
local u = redis.call('HMGET', KEYS[2], 'email', 'name', 'role', 'verified', 'blocked', 'pv', 'createdAt')
if not u[1] then return {'missing'} end
return {'ok', u[1], u[2], u[3], u[4], u[5], u[6], u[7], s[4] or s[5]}
`,
);

/**
 * Refresh-token rotation: the whole decision in one round trip.
 * KEYS: session, index, user, events.
 * ARGV: sid, presentedGen, now, graceMs, idleTtl, prefix, reuseEvent, eventCap.
 * → {'rotated', gen} | {'grace', gen} | {'reissued', gen} | {'reused', revokedCount} | {'missing'}
 *   | {'blocked'} | {'invalid'}
 *
 * The current generation is `gen`. Presenting it rotates to gen + 1, always: so while `gen` is
 * current it has never been presented, and the previous token (gen - 1) is the only one whose
 * holder may not have received `gen` — the answer was lost (a timeout, a 503, a dropped
 * connection) after this script ran. That token is answered with `gen` again ('reissued': the
 * same cookie, recomputed from the HMAC), or inside the grace window without a cookie ('grace': a
 * concurrent request's answer carries it). Once `gen` has been presented the session is past it,
 * and gen - 1, like every older token, is reuse.
 */
export const rotateSession = defineScript(
  'rotate-session',
  `${pushEvent}
local sid, presented, now = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local s = redis.call('HMGET', KEYS[1], 'gen', 'rot', 'abs', 'idle')
if not s[1] then return {'missing'} end
local gen, rotAt, absExp, idleExp = tonumber(s[1]), tonumber(s[2]), tonumber(s[3]), tonumber(s[4])
if now >= absExp or now >= idleExp then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], sid)
  return {'missing'}
end
if redis.call('HGET', KEYS[3], 'blocked') == '1' then return {'blocked'} end
-- A successful refresh keeps the session alive for another idle period.
local function seen(fields)
  local idle = math.min(now + tonumber(ARGV[5]), absExp)
  redis.call('HSET', KEYS[1], 'seen', now, 'idle', idle, unpack(fields))
  redis.call('PEXPIRE', KEYS[1], idle - now)
  redis.call('ZADD', KEYS[2], 'XX', now, sid)
end
if presented == gen then
  seen({ 'gen', gen + 1, 'rot', now })
  return {'rotated', gen + 1}
end
if presented == gen - 1 then
  if now - rotAt <= tonumber(ARGV[4]) then return {'grace', gen} end
  seen({})
  return {'reissued', gen}
end
if presented > gen then
  -- A generation we never issued: only possible with a leaked secret. Refuse; revoke nothing.
  return {'invalid'}
end
-- A token we issued and have since rotated: someone holds a copy. End every session of the user.
local prefix, count = ARGV[6], 0
for _, other in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  count = count + redis.call('DEL', prefix .. other)
end
redis.call('DEL', KEYS[1], KEYS[2])
pushEvent(KEYS[4], ARGV[7], tonumber(ARGV[8]))
return {'reused', count}
`,
);

/** Ends one user's sessions. Shared prelude: `endSessions(index, prefix, mode, sid)` → count ended. */
const endSessions = `
local function endSessions(index, prefix, mode, sid)
  local count = 0
  if mode == 'one' then
    count = redis.call('DEL', prefix .. sid)
    redis.call('ZREM', index, sid)
  else
    for _, other in ipairs(redis.call('ZRANGE', index, 0, -1)) do
      if mode == 'all' or other ~= sid then
        count = count + redis.call('DEL', prefix .. other)
        redis.call('ZREM', index, other)
      end
    end
  end
  return count
end
`;

/**
 * Ends sessions of one user. mode: 'one' (ARGV[3] = the session), 'others' (all but ARGV[3]), 'all'.
 * KEYS: index, events. ARGV: prefix, mode, sid, event, eventCap. → number of sessions ended.
 */
export const revokeSessions = defineScript(
  'revoke-sessions',
  `${pushEvent}${endSessions}
local count = endSessions(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
if count > 0 then pushEvent(KEYS[2], ARGV[4], tonumber(ARGV[5])) end
return count
`,
);

/**
 * Logout by refresh cookie: ends sessions only if the presented token is one refresh would still
 * honour — its session live, its generation the current one or the one just before (a rotation
 * whose answer the client never got, or a tab racing another within the grace window). Checked
 * and done in one script, so a session that ends meanwhile cannot slip between the two. A token of
 * an ended session (logout, password reset, reuse) must not end the user's newer sessions.
 * KEYS: session, index, events. ARGV: prefix, mode, sid, event, eventCap, presentedGen, now.
 * → number of sessions ended, or -1 when the token is not live (nothing ended).
 */
export const revokeSessionsByToken = defineScript(
  'revoke-sessions-by-token',
  `${pushEvent}${endSessions}
local presented, now = tonumber(ARGV[6]), tonumber(ARGV[7])
local s = redis.call('HMGET', KEYS[1], 'gen', 'abs', 'idle')
if not s[1] or now >= tonumber(s[2]) or now >= tonumber(s[3]) then return -1 end
local gen = tonumber(s[1])
if presented ~= gen and presented ~= gen - 1 then return -1 end
local count = endSessions(KEYS[2], ARGV[1], ARGV[2], ARGV[3])
if count > 0 then pushEvent(KEYS[3], ARGV[4], tonumber(ARGV[5])) end
return count
`,
);

/**
 * A user's live sessions, most recently seen first, pruning dead ones on the way.
 * KEYS: index. ARGV: prefix, now. → { {sid, field, value, ...}, ... }
 */
export const listSessions = defineScript(
  'list-sessions',
  `${prune}
local prefix = ARGV[1]
prune(KEYS[1], prefix, tonumber(ARGV[2]))
local out = {}
for _, sid in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, -1)) do
  local row = redis.call('HGETALL', prefix .. sid)
  table.insert(row, 1, sid)
  out[#out + 1] = { unpack(row) }
end
-- Rebuilt as literals: the embedded dev backend's Lua bridge mangles tables grown by assignment.
return { unpack(out) }
`,
);
