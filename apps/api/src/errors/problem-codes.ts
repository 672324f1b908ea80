/**
 * The one error vocabulary of the API (CONTRACT.md). `status` is the HTTP status every
 * occurrence of the code answers with; `title` is the stable human summary.
 */
export const problemCodes = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  INVALID_CREDENTIALS: { status: 401, title: 'Email or password is incorrect' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication is required' },
  SESSION_REVOKED: { status: 401, title: 'The session has ended' },
  REFRESH_REUSED: { status: 401, title: 'The refresh token was already used' },
  ACCOUNT_BLOCKED: { status: 403, title: 'The account is blocked' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  CSRF_REJECTED: { status: 403, title: 'Cross-site request refused' },
  REAUTH_REQUIRED: { status: 403, title: 'Confirm your identity again to do this' },
  MFA_REQUIRED: { status: 403, title: 'Two-factor authentication is required' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  CONFLICT: { status: 409, title: 'Conflict' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request body must be JSON' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  INTERNAL: { status: 500, title: 'Internal error' },
  STORE_UNAVAILABLE: { status: 503, title: 'The session store is unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof problemCodes;
