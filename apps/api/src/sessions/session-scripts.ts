import { defineScript } from '../store/define-script.ts';
import { integer, list, statusReply, text } from '../store/reply.ts';

/*
 * Session state changes, each one atomic script (DESIGN.md: never read-modify-write from the
 * Worker). Time always comes from an argument (the API's injectable clock), never from Redis TIME, so
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

/** Starts a session, evicting the least recently seen ones over the limit (or refusing, by policy). */
export const createSession = defineScript({
  name: 'create-session',
  keys: ['user', 'index', 'session', 'events'],
  args: [
    'sid',
    'now',
    'absExp',
    'idleExp',
    'max',
    'policy',
    'prefix',
    'event',
    'eventCap',
    'ip',
    'browser',
    'os',
    'loc',
  ],
  // The user agent in chunks of at most 64 bytes (ua, ua1, ua2, ...): see sessions.ts.
  rest: 'uaChunks',
  reply: statusReply({ ok: { evicted: integer }, limit: {}, blocked: {}, missing: {} }),
  lua: `${prune}${pushEvent}
now, absExp, idleExp, max = tonumber(now), tonumber(absExp), tonumber(idleExp), tonumber(max)
local user = redis.call('HMGET', userKey, 'id', 'blocked')
if not user[1] then return {'missing'} end
if user[2] == '1' then return {'blocked'} end
local live = prune(indexKey, prefix, now)
local evicted = 0
if #live >= max then
  if policy == 'refuse' then return {'limit'} end
  -- Least recently seen first: the index is scored by lastSeenAt.
  local victims = redis.call('ZRANGE', indexKey, 0, #live - max)
  for _, victim in ipairs(victims) do
    redis.call('DEL', prefix .. victim)
    redis.call('ZREM', indexKey, victim)
    evicted = evicted + 1
  end
end
local fields = { 'gen', 0, 'rot', now, 'born', now, 'seen', now,
  'abs', absExp, 'idle', idleExp, 'ip', ip, 'br', browser, 'os', os, 'loc', loc }
for i, chunk in ipairs(uaChunks) do
  fields[#fields + 1] = i == 1 and 'ua' or ('ua' .. (i - 1))
  fields[#fields + 1] = chunk
end
redis.call('HSET', sessionKey, unpack(fields))
redis.call('PEXPIRE', sessionKey, math.min(absExp, idleExp) - now)
redis.call('ZADD', indexKey, now, sid)
redis.call('PEXPIRE', indexKey, absExp - now)
pushEvent(eventsKey, event, tonumber(eventCap))
return {'ok', evicted}
`,
});

/**
 * The per-request liveness check, with the at-most-once-a-minute lastSeenAt write folded in so
 * that an authenticated request costs one round trip. Answers the user's fields as stored, and
 * when the session last proved a credential (`pr`, or its `born` until a re-authentication: see
 * step-up.ts).
 */
export const touchSession = defineScript({
  name: 'touch-session',
  keys: ['session', 'user', 'index'],
  args: ['sid', 'now', 'touchInterval', 'idleTtl'],
  reply: statusReply({
    ok: {
      email: text,
      name: text,
      role: text,
      verified: text,
      blocked: text,
      pv: text,
      createdAt: text,
      provedAt: text,
      hasPw: text,
    },
    missing: {},
  }),
  lua: `
now = tonumber(now)
local s = redis.call('HMGET', sessionKey, 'abs', 'idle', 'seen', 'pr', 'born')
if not s[1] then return {'missing'} end
local absExp, idleExp, seenAt = tonumber(s[1]), tonumber(s[2]), tonumber(s[3])
if now >= absExp or now >= idleExp then
  redis.call('DEL', sessionKey)
  redis.call('ZREM', indexKey, sid)
  return {'missing'}
end
if now - seenAt >= tonumber(touchInterval) then
  local idle = math.min(now + tonumber(idleTtl), absExp)
  redis.call('HSET', sessionKey, 'seen', now, 'idle', idle)
  redis.call('PEXPIRE', sessionKey, idle - now)
  redis.call('ZADD', indexKey, 'XX', now, sid)
end
local u = redis.call('HMGET', userKey, 'email', 'name', 'role', 'verified', 'blocked', 'pv', 'createdAt')
if not u[1] then return {'missing'} end
-- Whether a password is set, never the hash: an account made from a provider has '' until reset.
local hasPw = redis.call('HSTRLEN', userKey, 'pw') > 0 and '1' or '0'
return {'ok', u[1], u[2], u[3], u[4], u[5], u[6], u[7], s[4] or s[5], hasPw}
`,
});

/**
 * Refresh-token rotation: the whole decision in one round trip.
 *
 * The current generation is `gen`. Presenting it rotates to gen + 1, always: so while `gen` is
 * current it has never been presented, and the previous token (gen - 1) is the only one whose
 * holder may not have received `gen` — the answer was lost (a timeout, a 503, a dropped
 * connection) after this script ran. That token is answered with `gen` again ('reissued': the
 * same cookie, recomputed from the HMAC), or inside the grace window without a cookie ('grace': a
 * concurrent request's answer carries it). Once `gen` has been presented the session is past it,
 * and gen - 1, like every older token, is reuse.
 */
export const rotateSession = defineScript({
  name: 'rotate-session',
  keys: ['session', 'index', 'user', 'events'],
  args: ['sid', 'presented', 'now', 'graceMs', 'idleTtl', 'prefix', 'reuseEvent', 'eventCap'],
  reply: statusReply({
    rotated: { generation: integer },
    grace: { generation: integer },
    reissued: { generation: integer },
    reused: { revoked: integer },
    missing: {},
    blocked: {},
    invalid: {},
  }),
  lua: `${pushEvent}
presented, now = tonumber(presented), tonumber(now)
local s = redis.call('HMGET', sessionKey, 'gen', 'rot', 'abs', 'idle')
if not s[1] then return {'missing'} end
local gen, rotAt, absExp, idleExp = tonumber(s[1]), tonumber(s[2]), tonumber(s[3]), tonumber(s[4])
if now >= absExp or now >= idleExp then
  redis.call('DEL', sessionKey)
  redis.call('ZREM', indexKey, sid)
  return {'missing'}
end
if redis.call('HGET', userKey, 'blocked') == '1' then return {'blocked'} end
-- A successful refresh keeps the session alive for another idle period.
local function seen(fields)
  local idle = math.min(now + tonumber(idleTtl), absExp)
  redis.call('HSET', sessionKey, 'seen', now, 'idle', idle, unpack(fields))
  redis.call('PEXPIRE', sessionKey, idle - now)
  redis.call('ZADD', indexKey, 'XX', now, sid)
end
if presented == gen then
  seen({ 'gen', gen + 1, 'rot', now })
  return {'rotated', gen + 1}
end
if presented == gen - 1 then
  if now - rotAt <= tonumber(graceMs) then return {'grace', gen} end
  seen({})
  return {'reissued', gen}
end
if presented > gen then
  -- A generation we never issued: only possible with a leaked secret. Refuse; revoke nothing.
  return {'invalid'}
end
-- A token we issued and have since rotated: someone holds a copy. End every session of the user.
local count = 0
for _, other in ipairs(redis.call('ZRANGE', indexKey, 0, -1)) do
  count = count + redis.call('DEL', prefix .. other)
end
redis.call('DEL', sessionKey, indexKey)
pushEvent(eventsKey, reuseEvent, tonumber(eventCap))
return {'reused', count}
`,
});

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

/** Ends sessions of one user: mode 'one' (the session `sid`), 'others' (all but `sid`) or 'all'. → how many ended. */
export const revokeSessions = defineScript({
  name: 'revoke-sessions',
  keys: ['index', 'events'],
  args: ['prefix', 'mode', 'sid', 'event', 'eventCap'],
  reply: integer,
  lua: `${pushEvent}${endSessions}
local count = endSessions(indexKey, prefix, mode, sid)
if count > 0 then pushEvent(eventsKey, event, tonumber(eventCap)) end
return count
`,
});

/**
 * Logout by refresh cookie: ends sessions only if the presented token is one refresh would still
 * honour — its session live, its generation the current one or the one just before (a rotation
 * whose answer the client never got, or a tab racing another within the grace window). Checked
 * and done in one script, so a session that ends meanwhile cannot slip between the two. A token of
 * an ended session (logout, password reset, reuse) must not end the user's newer sessions.
 * → how many sessions ended, or -1 when the token is not live (nothing ended).
 */
export const revokeSessionsByToken = defineScript({
  name: 'revoke-sessions-by-token',
  keys: ['session', 'index', 'events'],
  args: ['prefix', 'mode', 'sid', 'event', 'eventCap', 'presented', 'now'],
  reply: integer,
  lua: `${pushEvent}${endSessions}
presented, now = tonumber(presented), tonumber(now)
local s = redis.call('HMGET', sessionKey, 'gen', 'abs', 'idle')
if not s[1] or now >= tonumber(s[2]) or now >= tonumber(s[3]) then return -1 end
local gen = tonumber(s[1])
if presented ~= gen and presented ~= gen - 1 then return -1 end
local count = endSessions(indexKey, prefix, mode, sid)
if count > 0 then pushEvent(eventsKey, event, tonumber(eventCap)) end
return count
`,
});

/**
 * A user's live sessions, most recently seen first, pruning dead ones on the way.
 * → { {sid, field, value, ...}, ... }
 */
export const listSessions = defineScript({
  name: 'list-sessions',
  keys: ['index'],
  args: ['prefix', 'now'],
  reply: list,
  lua: `${prune}
prune(indexKey, prefix, tonumber(now))
local out = {}
for _, sid in ipairs(redis.call('ZREVRANGE', indexKey, 0, -1)) do
  local row = redis.call('HGETALL', prefix .. sid)
  table.insert(row, 1, sid)
  out[#out + 1] = { unpack(row) }
end
-- Rebuilt as literals: the embedded dev backend's Lua bridge mangles tables grown by assignment.
return { unpack(out) }
`,
});
