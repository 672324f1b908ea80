/**
 * The routes of CONTRACT.md's "Second factors, passkeys and step-up", typed from the contract
 * until the API's branches that build them are merged; api-routes.ts adds them to the API's own.
 * Each entry goes away as the API declares it.
 */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';

type Json<Input, Output> = { input: { json: Input }; output: Output; outputFormat: 'json'; status: 200 };
type Empty<Input> = {
  input: Input extends undefined ? object : { json: Input };
  output: null;
  outputFormat: 'body';
  status: 204;
};

interface SignedIn {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: {
    id: string;
    email: string;
    name: string;
    emailVerified: boolean;
    platformRole: 'admin' | 'user';
    createdAt: string;
  };
}

export type SecondFactorMethod = 'totp' | 'webauthn' | 'recovery';

interface PendingPasskey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface PendingRoutes {
  // The API builds these two answers in sessions/finish-sign-in.ts, which returns a plain
  // `Response`: the routes' answer types are lost (`undefined` here). Typed from the contract
  // until it returns a typed JSON response; the entries intersect with the API's own.
  '/api/auth/login': { $post: { output: SignedIn | SecondFactorChallenge; outputFormat: 'json' } };
  '/api/auth/mfa/verify': { $post: { output: SignedIn; outputFormat: 'json' } };
  '/api/auth/mfa/webauthn/options': { $post: Json<{ mfaToken: string }, PublicKeyCredentialRequestOptionsJSON> };
  '/api/auth/passkeys/register/options': { $post: Json<Record<string, never>, PublicKeyCredentialCreationOptionsJSON> };
  '/api/auth/passkeys/register': {
    $post: Json<{ response: RegistrationResponseJSON; name?: string }, { passkey: PendingPasskey }>;
  };
  '/api/auth/passkeys': {
    $get: { input: object; output: { passkeys: PendingPasskey[] }; outputFormat: 'json'; status: 200 };
  };
  '/api/auth/passkeys/:id': {
    $patch: Json<{ name: string }, { passkey: PendingPasskey }>;
    $delete: Empty<undefined>;
  };
  '/api/auth/passkeys/login/options': { $post: Json<Record<string, never>, PublicKeyCredentialRequestOptionsJSON> };
  '/api/auth/passkeys/login': { $post: Json<{ response: AuthenticationResponseJSON }, SignedIn> };
  '/api/auth/reauth/options': { $post: Json<Record<string, never>, PublicKeyCredentialRequestOptionsJSON> };
}

/** What login answers, instead of a session, for a user who has a second factor. */
export interface SecondFactorChallenge {
  mfaRequired: true;
  mfaToken: string;
  methods: SecondFactorMethod[];
  expiresIn: number;
}
