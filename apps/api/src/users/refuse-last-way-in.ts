/**
 * Lua for the scripts that remove a passkey or unlink a provider identity (declaring the keys
 * `user`, `passkeys` and `identities`): answers `{'last'}` when the one being removed is the user's
 * last way to sign in — no password, no other passkey, no other identity. (The reset email can
 * still set a password, but an account should not depend on it by accident.) One rule, so that a
 * new way to sign in is counted by both.
 */
export const refuseLastWayIn = `
local ways = redis.call('HLEN', passkeysKey) + redis.call('HLEN', identitiesKey)
local pw = redis.call('HGET', userKey, 'pw')
if pw and pw ~= '' then ways = ways + 1 end
if ways <= 1 then return {'last'} end
`;
