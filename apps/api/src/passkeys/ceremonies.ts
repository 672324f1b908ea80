import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type WebAuthnCredential,
} from '@simplewebauthn/server';
import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import { base64url } from 'jose';
import type { Deps } from '../app-env.ts';
import { relyingParty } from '../config/webauthn-config.ts';
import { CHALLENGE_TTL_MS, type ChallengePurpose, consumeChallenge, issueChallenge } from './challenges.ts';
import { type CredentialOwner, type Passkey, passkeyByCredential, recordPasskeyUse } from './passkeys.ts';

/*
 * The WebAuthn ceremonies, over @simplewebauthn/server: options out, responses checked. What is
 * ours is the challenge (issued, bound and consumed in Redis: challenges.ts) and which credentials
 * count (passkeys.ts). User verification is required everywhere: a passkey sign-in is a full sign-in
 * (something held, unlocked by something known or something the user is), and the same key must
 * not be a weaker factor when it stands in for a second one.
 */

/**
 * The challenge's bytes, for the library: given a string it would encode that string's UTF-8
 * bytes, so the browser would sign (and send back) a different value from the one stored.
 */
const challengeBytes = (challenge: string) => new Uint8Array(base64url.decode(challenge));

/** EdDSA, ES256, RS256: what authenticators ship, and what WebCrypto verifies on every runtime. */
const ALGORITHMS = [-8, -7, -257];

/**
 * The WebAuthn user handle of an account: its id's bytes. Ids are random (ids.ts), so the handle
 * says nothing about the person, as the spec asks (§14.6.1).
 */
export const userHandleOf = (userId: string): string => base64url.encode(new TextEncoder().encode(userId));

/** Whom a challenge is for: purpose, and the user (with session or login ticket) when known. */
export interface CeremonyBinding {
  purpose: ChallengePurpose;
  subject: string;
}

const descriptors = (passkeys: readonly Passkey[]) =>
  passkeys.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports }));

/** Creation options for a new passkey of this user, excluding the ones already registered. */
export async function creationOptions(
  deps: Deps,
  input: { user: { id: string; email: string; name: string }; existing: readonly Passkey[]; subject: string },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const rp = relyingParty(deps.config);
  const challenge = await issueChallenge(deps.store, { purpose: 'register', subject: input.subject, now: deps.now() });
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userID: new TextEncoder().encode(input.user.id),
    userName: input.user.email,
    userDisplayName: input.user.name,
    challenge: challengeBytes(challenge),
    timeout: CHALLENGE_TTL_MS,
    attestationType: 'none',
    excludeCredentials: descriptors(input.existing),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    supportedAlgorithmIDs: ALGORITHMS,
  });
}

/** Request options; `allow` lists the user's passkeys when the user is known (second factor, reauth). */
export async function requestOptions(
  deps: Deps,
  input: CeremonyBinding & { allow?: readonly Passkey[] },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const rp = relyingParty(deps.config);
  const challenge = await issueChallenge(deps.store, { ...input, now: deps.now() });
  return generateAuthenticationOptions({
    rpID: rp.id,
    challenge: challengeBytes(challenge),
    timeout: CHALLENGE_TTL_MS,
    userVerification: 'required',
    // Absent for a passwordless sign-in: the browser offers the discoverable credentials it has.
    ...(input.allow ? { allowCredentials: descriptors(input.allow) } : {}),
  });
}

/** The challenge a response claims to answer, or null when its client data cannot be read. */
function claimedChallenge(clientDataJSON: string): string | null {
  try {
    const { challenge } = decodeClientDataJSON(clientDataJSON);
    return typeof challenge === 'string' && challenge.length > 0 ? challenge : null;
  } catch {
    return null;
  }
}

/**
 * Checks a registration response against the challenge it claims (taken, so it works once) and
 * returns the new credential, or null when anything about it fails.
 */
export async function verifyCreation(
  deps: Deps,
  input: { response: RegistrationResponseJSON; subject: string },
): Promise<WebAuthnCredential | null> {
  const challenge = claimedChallenge(input.response.response.clientDataJSON);
  if (!challenge) return null;
  const now = deps.now();
  const verdict = await consumeChallenge(deps.store, { challenge, purpose: 'register', subject: input.subject, now });
  if (verdict !== 'ok') return null;
  const rp = relyingParty(deps.config);
  try {
    const verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    });
    return verification.verified ? verification.registrationInfo.credential : null;
  } catch {
    // The library throws for every malformed or failing response; all of them are one answer.
    return null;
  }
}

/**
 * Checks an assertion: the challenge it claims is taken (bound to this purpose and subject), its
 * credential is one of ours — of `userId` when the user is known — and the library verifies the
 * signature, origin, RP ID, user presence and verification and the counter; then the counter and
 * last use are stored, refusing a counter that did not go up. Returns the credential's owner, or
 * null for any failure (the caller answers 401 whatever the reason, so none is revealed).
 */
export async function verifyAssertion(
  deps: Deps,
  input: CeremonyBinding & { response: AuthenticationResponseJSON; userId?: string },
): Promise<CredentialOwner | null> {
  const { response } = input;
  const challenge = claimedChallenge(response.response.clientDataJSON);
  if (!challenge) return null;
  const now = deps.now();
  // One round trip: the challenge is taken whether or not the credential turns out to be ours.
  const [verdict, owner] = await Promise.all([
    consumeChallenge(deps.store, { challenge, purpose: input.purpose, subject: input.subject, now }),
    passkeyByCredential(deps.store, response.id),
  ]);
  if (verdict !== 'ok' || !owner) return null;
  if (input.userId !== undefined && owner.userId !== input.userId) return null;
  // A discoverable credential names its user; it must be the one its credential id is indexed under.
  const { userHandle } = response.response;
  if (userHandle !== undefined && userHandle !== userHandleOf(owner.userId)) return null;
  const rp = relyingParty(deps.config);
  const { passkey } = owner;
  let newCounter: number;
  try {
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      credential: {
        id: passkey.credentialId,
        publicKey: passkey.publicKey,
        counter: passkey.counter,
        transports: passkey.transports,
      },
      requireUserVerification: true,
    });
    if (!verification.verified) return null;
    newCounter = verification.authenticationInfo.newCounter;
  } catch {
    return null;
  }
  const used = await recordPasskeyUse(deps.store, { userId: owner.userId, passkey, counter: newCounter, now });
  if (used !== 'ok') return null;
  return { ...owner, passkey: { ...passkey, counter: newCounter, lastUsedAt: now } };
}
