import { defineScript } from '../store/define-script.ts';
import { integer, list, statusReply, text } from '../store/reply.ts';

/*
 * Profile changes, each one atomic script. The email index (`pc:email:<address>`) and the
 * users-by-email and users-by-name search indexes are global keys: these scripts, like
 * registration, are cross-slot (see keys/README.md).
 */

const pushEvent = `
local function pushEvent(key, event, cap)
  redis.call('LPUSH', key, event)
  redis.call('LTRIM', key, 0, cap - 1)
end
`;

/**
 * Renames the user and moves their users-by-name entry (`nx` in the user hash is the current one).
 * → 1 | 0 (no such user)
 */
export const renameUser = defineScript({
  name: 'user-rename',
  keys: ['user', 'usersByName', 'events'],
  args: ['name', 'nameMember', 'event', 'eventCap'],
  reply: integer,
  lua: `${pushEvent}
if redis.call('EXISTS', userKey) == 0 then return 0 end
local old = redis.call('HGET', userKey, 'nx')
if old then redis.call('ZREM', usersByNameKey, old) end
redis.call('HSET', userKey, 'name', name, 'nx', nameMember)
redis.call('ZADD', usersByNameKey, 0, nameMember)
pushEvent(eventsKey, event, tonumber(eventCap))
return 1
`,
});

/**
 * Stores a pending email change (the hash of the token sent to the new address), replacing any
 * earlier one. Refused while the address has an account ('taken'; checked again on confirming).
 */
export const requestEmailChange = defineScript({
  name: 'email-change-request',
  keys: ['user', 'change', 'newEmail', 'events'],
  args: ['email', 'hash', 'exp', 'ttlMs', 'event', 'eventCap'],
  reply: statusReply({ ok: {}, missing: {}, taken: {} }),
  lua: `${pushEvent}
if redis.call('EXISTS', userKey) == 0 then return {'missing'} end
if redis.call('EXISTS', newEmailKey) == 1 then return {'taken'} end
redis.call('DEL', changeKey)
redis.call('HSET', changeKey, 'h', hash, 'exp', exp, 'email', email)
redis.call('PEXPIRE', changeKey, tonumber(ttlMs))
pushEvent(eventsKey, event, tonumber(eventCap))
return {'ok'}
`,
});

/**
 * Confirms an email change with the token from the new mailbox, in one step: the new address is
 * claimed in the email index (SET NX: an address registered meanwhile is refused, 'taken'), the
 * old one released (only if it still points here), both search entries moved, the address marked
 * verified (the link reached it), and the old address's pending verification and reset links
 * dropped. Sessions stay. → {'ok', oldEmail} | {'invalid'} | {'expired'} | {'taken'}
 */
export const confirmEmailChange = defineScript({
  name: 'email-change-confirm',
  keys: ['user', 'change', 'usersByEmail', 'events', 'verifyToken', 'resetToken'],
  args: ['id', 'hash', 'now', 'emailPrefix', 'emailSuffix', 'event', 'eventCap'],
  reply: statusReply({ ok: { oldEmail: text, name: text }, invalid: {}, expired: {}, taken: {} }),
  lua: `${pushEvent}
local t = redis.call('HMGET', changeKey, 'h', 'exp', 'email')
if not t[1] or t[1] ~= hash then return {'invalid'} end
if tonumber(now) >= tonumber(t[2]) then
  redis.call('DEL', changeKey)
  return {'expired'}
end
local u = redis.call('HMGET', userKey, 'email', 'name')
if not u[1] then return {'invalid'} end
local newEmail = t[3]
if not redis.call('SET', emailPrefix .. newEmail .. emailSuffix, id, 'NX') then
  redis.call('DEL', changeKey)
  return {'taken'}
end
local oldKey = emailPrefix .. u[1] .. emailSuffix
if redis.call('GET', oldKey) == id then redis.call('DEL', oldKey) end
redis.call('ZREM', usersByEmailKey, u[1] .. '\\n' .. id)
redis.call('ZADD', usersByEmailKey, 0, newEmail .. '\\n' .. id)
redis.call('HSET', userKey, 'email', newEmail, 'verified', '1')
redis.call('DEL', changeKey, verifyTokenKey, resetTokenKey)
pushEvent(eventsKey, event, tonumber(eventCap))
return {'ok', u[1], u[2] or ''}
`,
});

/**
 * Deletes the account: refused ('last-owner', with each such org's id and name) while the user is
 * the only owner of an org. Otherwise, in one step, the user leaves every org (audited
 * 'member.left'; the invitations they sent are revoked, as when a member leaves), every session
 * ends, passkeys leave the credential index, the email and search entries go, and every key of
 * the user's slot is deleted. Posts they wrote stay with their org. → {'ok'} | {'missing'} |
 * {'last-owner', {orgId, name, ...}}
 */
export const deleteAccountScript = defineScript({
  name: 'account-delete',
  keys: [
    'user',
    'sessions',
    'passkeys',
    'userOrgs',
    'userOrgNames',
    'usersByEmail',
    'usersByName',
    'events',
    'failedLogins',
    'verifyToken',
    'resetToken',
    'emailChange',
    'devices',
    'totp',
    'totpSetup',
    'recovery',
  ],
  args: [
    'id',
    'sessionPrefix',
    'passkeyPrefix',
    'credentialPrefix',
    'credentialSuffix',
    'emailPrefix',
    'emailSuffix',
    'membersPrefix',
    'membersSuffix',
    'joinedPrefix',
    'joinedSuffix',
    'auditPrefix',
    'auditSuffix',
    'invitationsPrefix',
    'invitationsSuffix',
    'invitationPrefix',
    'invitationSuffix',
    'nowText',
    'ip',
    'auditCap',
  ],
  reply: statusReply({ ok: {}, missing: {}, 'last-owner': { orgs: list } }),
  lua: `
local function key(prefix, id, suffix) return prefix .. id .. suffix end
local u = redis.call('HMGET', userKey, 'email', 'nx')
if not u[1] then return {'missing'} end
local memberships = redis.call('HGETALL', userOrgsKey)
local blocking = {}
for i = 1, #memberships, 2 do
  local orgId, role = memberships[i], memberships[i + 1]
  if role == 'owner' then
    local owners = 0
    for _, r in ipairs(redis.call('HVALS', key(membersPrefix, orgId, membersSuffix))) do
      if r == 'owner' then owners = owners + 1 end
    end
    if owners <= 1 then
      blocking[#blocking + 1] = orgId
      blocking[#blocking + 1] = redis.call('HGET', userOrgNamesKey, orgId) or ''
    end
  end
end
if #blocking > 0 then return {'last-owner', blocking} end

local function audit(auditKey, action, target, details)
  local fields = {'at', nowText, 'actor', id, 'action', action, 'target', target, 'ip', ip}
  for i = 1, #details, 2 do
    fields[#fields + 1] = 'd.' .. details[i]
    fields[#fields + 1] = details[i + 1]
  end
  redis.call('XADD', auditKey, 'MAXLEN', '~', auditCap, '*', unpack(fields))
end
for i = 1, #memberships, 2 do
  local orgId, role = memberships[i], memberships[i + 1]
  local membersKey = key(membersPrefix, orgId, membersSuffix)
  if redis.call('HGET', membersKey, id) then
    redis.call('HDEL', membersKey, id)
    redis.call('ZREM', key(joinedPrefix, orgId, joinedSuffix), id)
    local auditKey = key(auditPrefix, orgId, auditSuffix)
    audit(auditKey, 'member.left', id, {'role', role, 'reason', 'account-deleted'})
    local invitationsKey = key(invitationsPrefix, orgId, invitationsSuffix)
    for _, invId in ipairs(redis.call('ZRANGEBYSCORE', invitationsKey, '(' .. nowText, '+inf')) do
      local invKey = key(invitationPrefix .. orgId .. invitationSuffix, invId, '')
      local inv = redis.call('HMGET', invKey, 'invitedBy', 'email')
      if inv[1] == id then
        redis.call('DEL', invKey)
        redis.call('ZREM', invitationsKey, invId)
        audit(auditKey, 'invitation.revoked', invId, {'email', inv[2], 'reason', 'inviter-lost-authority'})
      end
    end
  end
end

for _, sid in ipairs(redis.call('ZRANGE', sessionsKey, 0, -1)) do
  redis.call('DEL', sessionPrefix .. sid)
end
local pk = redis.call('HGETALL', passkeysKey)
for i = 1, #pk, 2 do
  local credentialKey = key(credentialPrefix, pk[i], credentialSuffix)
  if redis.call('GET', credentialKey) == id .. ':' .. pk[i + 1] then redis.call('DEL', credentialKey) end
  redis.call('DEL', passkeyPrefix .. pk[i + 1])
end
local emailKey = key(emailPrefix, u[1], emailSuffix)
if redis.call('GET', emailKey) == id then redis.call('DEL', emailKey) end
redis.call('ZREM', usersByEmailKey, u[1] .. '\\n' .. id)
if u[2] then redis.call('ZREM', usersByNameKey, u[2]) end
redis.call('DEL', userKey, sessionsKey, passkeysKey, userOrgsKey, userOrgNamesKey, eventsKey, failedLoginsKey,
  verifyTokenKey, resetTokenKey, emailChangeKey, devicesKey, totpKey, totpSetupKey, recoveryKey)
return {'ok'}
`,
});
