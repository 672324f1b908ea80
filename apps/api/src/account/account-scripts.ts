import { defineScript } from '../store/store.ts';

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
 * works). Refuses for a missing user or one whose email changed; with onlyUnverified also for an
 * already verified one.
 * KEYS: user, token key. ARGV: hash, exp, ttlMs, email, onlyUnverified ('1' | '0').
 * → 1 issued | 0 no such user | 2 already verified
 */
export const issueToken = defineScript(
  'issue-account-token',
  `
local u = redis.call('HMGET', KEYS[1], 'email', 'verified')
if not u[1] or u[1] ~= ARGV[4] then return 0 end
if ARGV[5] == '1' and u[2] == '1' then return 2 end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'h', ARGV[1], 'exp', ARGV[2], 'email', ARGV[4])
redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[3]))
return 1
`,
);

/**
 * Consumes a verification token and marks the user verified, once.
 * KEYS: user, verify token, events. ARGV: hash, now, event, eventCap. → 'ok' | 'expired' | 'invalid'
 */
export const consumeVerification = defineScript(
  'consume-verification',
  `${pushEvent}${checkToken}
local status, email = checkToken(KEYS[2], ARGV[1], tonumber(ARGV[2]))
if status ~= 'ok' then return status end
redis.call('DEL', KEYS[2])
if redis.call('HGET', KEYS[1], 'email') ~= email then return 'invalid' end
redis.call('HSET', KEYS[1], 'verified', '1')
pushEvent(KEYS[3], ARGV[3], tonumber(ARGV[4]))
return 'ok'
`,
);

/**
 * Password reset in one step: consume the token, set the new hash, end every session, record it.
 * Nothing changes unless the token is the live one.
 * KEYS: user, reset token, session index, events.
 * ARGV: hash, now, new password hash, session prefix, event, eventCap.
 * → {'ok', sessionsEnded} | {'expired'} | {'invalid'}
 */
export const consumeReset = defineScript(
  'consume-password-reset',
  `${pushEvent}${endAllSessions}${checkToken}
local status, email = checkToken(KEYS[2], ARGV[1], tonumber(ARGV[2]))
if status ~= 'ok' then return {status} end
redis.call('DEL', KEYS[2])
if redis.call('HGET', KEYS[1], 'email') ~= email then return {'invalid'} end
redis.call('HSET', KEYS[1], 'pw', ARGV[3])
local ended = endSessions(KEYS[3], ARGV[4], '')
redis.call('DEL', KEYS[3])
pushEvent(KEYS[4], ARGV[5], tonumber(ARGV[6]))
return {'ok', ended}
`,
);

/**
 * Password change: compare-and-set on the hash the caller verified (two concurrent changes cannot
 * both win), end every other session, drop any pending reset link (it was requested under the old
 * password), record it.
 * KEYS: user, session index, events, reset token.
 * ARGV: expected current hash, new hash, session prefix, session to keep, event, eventCap.
 * → {'ok', sessionsEnded} | {'conflict'}
 */
export const changePassword = defineScript(
  'change-password',
  `${pushEvent}${endAllSessions}
if redis.call('HGET', KEYS[1], 'pw') ~= ARGV[1] then return {'conflict'} end
redis.call('HSET', KEYS[1], 'pw', ARGV[2])
local ended = endSessions(KEYS[2], ARGV[3], ARGV[4])
redis.call('DEL', KEYS[4])
pushEvent(KEYS[3], ARGV[5], tonumber(ARGV[6]))
return {'ok', ended}
`,
);

/**
 * Notes a sign-in from a browser+OS pair; reports whether the pair was unknown. Pairs not seen for
 * the TTL are forgotten first, and only the most recent `cap` are kept.
 * KEYS: devices. ARGV: device, now, forget-before (now - ttl), ttlMs, cap. → 1 new | 0 known
 */
export const noteDevice = defineScript(
  'note-device',
  `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local known = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[5]) + 1))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
if known then return 0 end
return 1
`,
);
