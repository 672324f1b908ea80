import { defineScript } from '../store/define-script.ts';
import { integer, statusReply } from '../store/reply.ts';

/*
 * Account state changes, each one atomic script. A token key is a hash `h exp email`: the SHA-256
 * of the one live token, its expiry (ms, from the API's clock — key TTLs are relative, so they
 * only garbage-collect what the clock check already refuses) and the email it was sent to.
 * Comparing hashes with `==` leaks nothing useful: an attacker cannot choose a hash's preimage.
 */

const pushEvent = `
local function pushEvent(key, event, cap)
  redis.call('LPUSH', key, event)
  redis.call('LTRIM', key, 0, cap - 1)
end
`;

const endAllSessions = `
local function endSessions(index, prefix, keep)
  local count = 0
  for _, sid in ipairs(redis.call('ZRANGE', index, 0, -1)) do
    if sid ~= keep then
      count = count + redis.call('DEL', prefix .. sid)
      redis.call('ZREM', index, sid)
    end
  end
  return count
end
`;

/** Checks a presented token hash against the token key: 'ok', 'expired' (and deleted) or 'invalid'. */
const checkToken = `
local function checkToken(key, hash, now)
  local t = redis.call('HMGET', key, 'h', 'exp', 'email')
  if not t[1] or t[1] ~= hash then return 'invalid', nil end
  if now >= tonumber(t[2]) then
    redis.call('DEL', key)
    return 'expired', nil
  end
  return 'ok', t[3]
end
`;

/**
 * Issues a token, replacing the user's previous one of the same kind (so only the newest link
 * works). Refuses for a missing user or one whose email changed; with onlyUnverified ('1') also
 * for an already verified one. `exp` is the token's expiry (ms), `ttlMs` its key's TTL.
 * → 1 issued | 0 no such user | 2 already verified
 */
export const issueToken = defineScript({
  name: 'issue-account-token',
  keys: ['user', 'token'],
  args: ['hash', 'exp', 'ttlMs', 'email', 'onlyUnverified'],
  reply: integer,
  lua: `
local u = redis.call('HMGET', userKey, 'email', 'verified')
if not u[1] or u[1] ~= email then return 0 end
if onlyUnverified == '1' and u[2] == '1' then return 2 end
redis.call('DEL', tokenKey)
redis.call('HSET', tokenKey, 'h', hash, 'exp', exp, 'email', email)
redis.call('PEXPIRE', tokenKey, tonumber(ttlMs))
return 1
`,
});

/** Consumes a verification token and marks the user verified, once. */
export const consumeVerification = defineScript({
  name: 'consume-verification',
  keys: ['user', 'token', 'events'],
  args: ['hash', 'now', 'event', 'eventCap'],
  reply: statusReply({ ok: {}, expired: {}, invalid: {} }),
  lua: `${pushEvent}${checkToken}
local status, email = checkToken(tokenKey, hash, tonumber(now))
if status ~= 'ok' then return {status} end
redis.call('DEL', tokenKey)
if redis.call('HGET', userKey, 'email') ~= email then return {'invalid'} end
redis.call('HSET', userKey, 'verified', '1')
pushEvent(eventsKey, event, tonumber(eventCap))
return {'ok'}
`,
});

/**
 * Password reset in one step: consume the token, set the new hash `pw`, end every session, record
 * it. Nothing changes unless the token is the live one.
 */
export const consumeReset = defineScript({
  name: 'consume-password-reset',
  keys: ['user', 'token', 'index', 'events'],
  args: ['hash', 'now', 'pw', 'prefix', 'event', 'eventCap'],
  reply: statusReply({ ok: { sessionsEnded: integer }, expired: {}, invalid: {} }),
  lua: `${pushEvent}${endAllSessions}${checkToken}
local status, email = checkToken(tokenKey, hash, tonumber(now))
if status ~= 'ok' then return {status} end
redis.call('DEL', tokenKey)
if redis.call('HGET', userKey, 'email') ~= email then return {'invalid'} end
redis.call('HSET', userKey, 'pw', pw)
local ended = endSessions(indexKey, prefix, '')
redis.call('DEL', indexKey)
pushEvent(eventsKey, event, tonumber(eventCap))
return {'ok', ended}
`,
});

/**
 * Password change: compare-and-set on the hash the caller verified (`expected`; two concurrent
 * changes cannot both win), end every session but `keep`, drop any pending reset link (it was
 * requested under the old password), record it.
 */
export const changePassword = defineScript({
  name: 'change-password',
  keys: ['user', 'index', 'events', 'resetToken'],
  args: ['expected', 'pw', 'prefix', 'keep', 'event', 'eventCap'],
  reply: statusReply({ ok: { sessionsEnded: integer }, conflict: {} }),
  lua: `${pushEvent}${endAllSessions}
if redis.call('HGET', userKey, 'pw') ~= expected then return {'conflict'} end
redis.call('HSET', userKey, 'pw', pw)
local ended = endSessions(indexKey, prefix, keep)
redis.call('DEL', resetTokenKey)
pushEvent(eventsKey, event, tonumber(eventCap))
return {'ok', ended}
`,
});

/**
 * Notes a sign-in from a browser+OS pair; reports whether the pair was unknown. Pairs last seen
 * before `forgetBefore` (now - TTL) are forgotten first, and only the most recent `cap` are kept.
 * → 1 new | 0 known
 */
export const noteDevice = defineScript({
  name: 'note-device',
  keys: ['devices'],
  args: ['device', 'now', 'forgetBefore', 'ttlMs', 'cap'],
  reply: integer,
  lua: `
redis.call('ZREMRANGEBYSCORE', devicesKey, '-inf', forgetBefore)
local known = redis.call('ZSCORE', devicesKey, device)
redis.call('ZADD', devicesKey, now, device)
redis.call('ZREMRANGEBYRANK', devicesKey, 0, -(tonumber(cap) + 1))
redis.call('PEXPIRE', devicesKey, tonumber(ttlMs))
if known then return 0 end
return 1
`,
});
