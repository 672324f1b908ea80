import type { ProblemCode } from './api-types.ts';

/**
 * Codes the API sends, plus the failures that never reach it: no answer, an answer we cannot read,
 * and a passkey prompt that was cancelled or failed in the browser (passkey-ceremony.ts).
 */
export type ClientProblemCode =
  | ProblemCode
  | 'NETWORK_ERROR'
  | 'UNEXPECTED_RESPONSE'
  | 'PASSKEY_CANCELLED'
  | 'PASSKEY_FAILED';

/**
 * Every failed API call becomes one of these — mapped once, in `toApiProblem`, so that screens
 * never look at HTTP details. `fields` holds the API's per-field messages keyed by the dotted path
 * (`email`, `permissions.1`); `message` is a sentence a person can act on.
 */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: ClientProblemCode;
  readonly fields: Readonly<Record<string, string>>;
  /** Seconds, from `Retry-After` on 429. */
  readonly retryAfter: number | null;

  constructor(init: {
    status: number;
    code: ClientProblemCode;
    message: string;
    fields?: Record<string, string>;
    retryAfter?: number | null;
  }) {
    super(init.message);
    this.name = 'ApiProblem';
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? {};
    this.retryAfter = init.retryAfter ?? null;
  }
}

// One entry per code of the API (the `satisfies` makes a new code a compile error here until it
// gets a sentence). The API's `detail` wins when it sends one; these are for when it does not.
const messages = {
  VALIDATION_FAILED: 'Some fields need attention.',
  INVALID_CREDENTIALS: 'Email or password is incorrect.',
  UNAUTHENTICATED: 'Your session has ended. Sign in again.',
  SESSION_REVOKED: 'This device was signed out. Sign in again.',
  REFRESH_REUSED: 'For your safety every session was signed out. Sign in again.',
  ACCOUNT_BLOCKED: 'This account is blocked. Contact an administrator.',
  FORBIDDEN: 'You do not have permission to do that.',
  REAUTH_REQUIRED: 'Confirm it is you to do that: try again and confirm with your password, a code or a passkey.',
  MFA_REQUIRED: 'This organization requires two-factor authentication. Set it up on your security page.',
  CSRF_REJECTED: 'The request was refused because it did not come from this site. Reload the page and try again.',
  NOT_FOUND: 'That no longer exists, or you do not have access to it.',
  METHOD_NOT_ALLOWED: 'The server does not support that action.',
  CONFLICT: 'That conflicts with the current state. Reload and try again.',
  PAYLOAD_TOO_LARGE: 'That is too much text to send at once.',
  UNSUPPORTED_MEDIA_TYPE: 'The server refused the request format.',
  RATE_LIMITED: 'Too many attempts. Wait a moment and try again.',
  INTERNAL: 'Something went wrong on our side. Try again in a moment.',
  STORE_UNAVAILABLE: 'The service is temporarily unavailable. Try again in a moment.',
  NETWORK_ERROR: 'Cannot reach the server. Check your connection and try again.',
  UNEXPECTED_RESPONSE: 'The server sent an answer this page does not understand. Try again in a moment.',
  PASSKEY_CANCELLED: 'The passkey request was cancelled or timed out. Try again, or choose another way.',
  PASSKEY_FAILED: 'This browser could not use a passkey here. Try again, or choose another way.',
} as const satisfies Record<ClientProblemCode, string>;

interface ProblemLike {
  code?: unknown;
  detail?: unknown;
  errors?: unknown;
}

function fieldErrors(errors: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!Array.isArray(errors)) return fields;
  for (const entry of errors) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { path, message } = entry as { path?: unknown; message?: unknown };
    // The first message per field is the one to fix first.
    if (typeof path === 'string' && typeof message === 'string' && !(path in fields)) fields[path] = message;
  }
  return fields;
}

function retryAfterSeconds(headers: Headers | undefined): number | null {
  const value = headers?.get('Retry-After');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The sentence for a code, where a failure is built here rather than read from an answer. */
export function problemMessage(code: ClientProblemCode): string {
  return messages[code];
}

function isKnownCode(value: unknown): value is ClientProblemCode {
  return typeof value === 'string' && Object.hasOwn(messages, value);
}

/**
 * A failed fetch (ofetch's `FetchError`, a network `TypeError`, anything) → `ApiProblem`. The one
 * place that reads problem+json.
 */
export function toApiProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  const failure = (typeof error === 'object' && error !== null ? error : {}) as {
    status?: unknown;
    data?: unknown;
    response?: { headers?: Headers };
    name?: unknown;
  };
  const status = typeof failure.status === 'number' ? failure.status : 0;
  if (status === 0) {
    return new ApiProblem({ status: 0, code: 'NETWORK_ERROR', message: messages.NETWORK_ERROR });
  }
  const body = (typeof failure.data === 'object' && failure.data !== null ? failure.data : {}) as ProblemLike;
  const code: ClientProblemCode = isKnownCode(body.code) ? body.code : 'UNEXPECTED_RESPONSE';
  const retryAfter = retryAfterSeconds(failure.response?.headers);
  let message = typeof body.detail === 'string' && body.detail ? body.detail : messages[code];
  if (code === 'RATE_LIMITED') {
    message =
      retryAfter === null
        ? 'Too many attempts. Wait a moment and try again.'
        : `Too many attempts. Try again in ${retryAfter} second${retryAfter === 1 ? '' : 's'}.`;
  }
  return new ApiProblem({ status, code, message, fields: fieldErrors(body.errors), retryAfter });
}
