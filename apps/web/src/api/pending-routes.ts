/**
 * Answers the API's types lose: it builds the sign-in answer in sessions/finish-sign-in.ts, which
 * returns a plain `Response`, so these routes' answers come out as `undefined`. Typed here from
 * CONTRACT.md until it returns a typed JSON response; api-routes.ts intersects these entries with
 * the API's own routes (inputs and paths still come from the API).
 */

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

/** What login answers, instead of a session, for a user who has a second factor. */
interface SecondFactorChallenge {
  mfaRequired: true;
  mfaToken: string;
  methods: ('totp' | 'webauthn' | 'recovery')[];
  expiresIn: number;
}

type Answer<Output> = { $post: { output: Output; outputFormat: 'json' } };

export interface PendingRoutes {
  '/api/auth/login': Answer<SignedIn | SecondFactorChallenge>;
  '/api/auth/mfa/verify': Answer<SignedIn>;
  '/api/auth/passkeys/login': Answer<SignedIn>;
}
