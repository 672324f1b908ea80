/**
 * Every Redis key the API uses (layout documented in README.md beside this file). Keys of one
 * user share the `{u:<id>}` hash tag, so a user's scripts stay in one slot on Redis Cluster.
 */
export const keys = {
  user: (userId: string) => `pc:{u:${userId}}:user`,
  userSessions: (userId: string) => `pc:{u:${userId}}:sessions`,
  /** Prefix of the user's session hashes; scripts append a session id to it. */
  sessionPrefix: (userId: string) => `pc:{u:${userId}}:s:`,
  session: (userId: string, sessionId: string) => `pc:{u:${userId}}:s:${sessionId}`,
  userEvents: (userId: string) => `pc:{u:${userId}}:events`,
  /** Failed logins tallied per hour, apart from the events so that strangers cannot evict those. */
  userFailedLogins: (userId: string) => `pc:{u:${userId}}:failed-logins`,
  /** The user's one live email-verification token (hash and expiry); a new one replaces it. */
  userVerifyToken: (userId: string) => `pc:{u:${userId}}:verify`,
  /** The user's one live password-reset token (hash and expiry); a new one replaces it. */
  userResetToken: (userId: string) => `pc:{u:${userId}}:reset`,
  /**
   * A requested change of the user's email address: `h exp email` — SHA-256 of the one live
   * confirmation token (sent to the new address), its expiry (ms), the new address. A new request
   * replaces it.
   */
  userEmailChange: (userId: string) => `pc:{u:${userId}}:email-change`,
  /** Browser+OS pairs the user signed in from, scored by last sign-in: new-device alerts. */
  userDevices: (userId: string) => `pc:{u:${userId}}:devices`,
  /**
   * The user's confirmed TOTP authenticator: `s` the secret sealed with MFA_ENCRYPTION_KEY
   * (mfa/secret-box.ts), `last` the last time step accepted (replay guard), `at` when confirmed.
   * Exists only while TOTP is on.
   */
  userTotp: (userId: string) => `pc:{u:${userId}}:totp`,
  /** A TOTP secret set up but not confirmed yet (sealed, like `userTotp`'s); expires on its own. */
  userTotpSetup: (userId: string) => `pc:{u:${userId}}:totp-setup`,
  /** SHA-256 hashes (hex) of the user's unused recovery codes: a set, so using one is one SREM. */
  userRecoveryCodes: (userId: string) => `pc:{u:${userId}}:recovery`,
  /**
   * The user's passkeys, written by passkeys/ (the passkeys branch): a HASH whose fields are the
   * credential ids (base64url), one field per registered passkey, each valued its passkey id. mfa/
   * relies on one thing only: HLEN of this key is the number of passkeys the user has (see
   * mfa/mfa-status.ts, `hasMfa`). If it ever becomes another type, change mfaStatusOf with it.
   */
  userPasskeys: (userId: string) => `pc:{u:${userId}}:passkeys`,
  /**
   * One login ticket (`mfaToken`) between a right password and the second factor, by the SHA-256
   * of the whole token (mfa/mfa-ticket.ts): `exp` (ms), `n` answers reserved so far, `via` how the
   * first step was passed. The token names its user, so the ticket lives in that user's slot.
   */
  mfaTicket: (userId: string, tokenHash: string) => `pc:{u:${userId}}:mfa-ticket:${tokenHash}`,
  /** Development outbox of one recipient: messages as JSON, newest first. */
  outbox: (email: string) => `pc:outbox:${email}`,
  /** Email → user id. The one cross-slot lookup, used only at registration and login. */
  email: (email: string) => `pc:email:${email}`,
  /** Every user as `<email>\n<id>` at score 0: lexicographic order gives email-prefix search and cursors. */
  usersByEmail: 'pc:users:by-email',
  /**
   * Every user as `<name, lower-cased>\n<id>` at score 0, for admin search by name prefix; the
   * user hash keeps its own entry as `nx`, so the scripts that rename or delete remove it exactly.
   */
  usersByName: 'pc:users:by-name',
  /** The user's memberships, orgId → role id (the org's members hash is the truth; kept in step). */
  userOrgs: (userId: string) => `pc:{u:${userId}}:orgs`,
  /** orgId → org name, beside userOrgs so that /me lists orgs from the user's own slot. */
  userOrgNames: (userId: string) => `pc:{u:${userId}}:org-names`,
  /** Prefix of the user's passkey hashes; scripts append a passkey id to it. */
  passkeyPrefix: (userId: string) => `pc:{u:${userId}}:passkey:`,
  passkey: (userId: string, passkeyId: string) => `pc:{u:${userId}}:passkey:${passkeyId}`,
  /** WebAuthn credential id → `<userId>:<passkeyId>`: finds the account of a discoverable sign-in. */
  passkeyCredential: (credentialId: string) => `pc:passkey-credential:${credentialId}`,
  /** One WebAuthn challenge, by the SHA-256 of its value: what it is for and until when. */
  webauthnChallenge: (challengeHash: string) => `pc:webauthn-challenge:${challengeHash}`,
  /**
   * The user's linked provider identities (oauth/identities.ts): a HASH identity id → provider id,
   * whose HLEN the last-sign-in-method guard counts.
   */
  userIdentities: (userId: string) => `pc:{u:${userId}}:identities`,
  /** One linked identity: `provider`, `sub` (the provider's id for the user), `email`, `linkedAt` (ms). */
  userIdentity: (userId: string, identityId: string) => `pc:{u:${userId}}:identity:${identityId}`,
  /**
   * `<provider>:<subject>` → `<userId>:<identityId>`: who a provider's user is here. Global, like
   * the email index: a sign-in with a provider starts from the identity alone.
   */
  identity: (ref: string) => `pc:identity:${ref}`,
  /**
   * One started sign-in with a provider, by the SHA-256 of its `state` (oauth/oauth-flows.ts):
   * the provider, the `next` path, and for a link the user and session that asked. Single use.
   */
  oauthFlow: (stateHash: string) => `pc:oauth-flow:${stateHash}`,
  /** Keys of one org share the `{o:<id>}` hash tag; scripts that change membership also touch user keys. */
  org: (orgId: string) => `pc:{o:${orgId}}:org`,
  orgMembers: (orgId: string) => `pc:{o:${orgId}}:members`,
  orgJoined: (orgId: string) => `pc:{o:${orgId}}:joined`,
  orgRoles: (orgId: string) => `pc:{o:${orgId}}:roles`,
  orgRoleNames: (orgId: string) => `pc:{o:${orgId}}:role-names`,
  orgInvitations: (orgId: string) => `pc:{o:${orgId}}:invitations`,
  orgInvitation: (orgId: string, invitationId: string) => `pc:{o:${orgId}}:inv:${invitationId}`,
  /**
   * A generated resource's records (resource-kit/): the index of every record, newest first; the
   * index of one author's (`read:own` lists); one hash per record. `r:<name>` keeps a resource's
   * keys apart from the org's own, whatever it is called.
   */
  orgRecords: (orgId: string, resource: string) => `pc:{o:${orgId}}:r:${resource}`,
  orgRecordsBy: (orgId: string, resource: string, userId: string) => `pc:{o:${orgId}}:r:${resource}:by:${userId}`,
  orgRecord: (orgId: string, resource: string, id: string) => `pc:{o:${orgId}}:r:${resource}:id:${id}`,
  orgAudit: (orgId: string) => `pc:{o:${orgId}}:audit`,
} as const;
