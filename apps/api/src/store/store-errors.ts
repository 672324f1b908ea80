/** Redis could not be reached, or did not answer in time. Maps to 503 `STORE_UNAVAILABLE`. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** Redis answered with an error reply (a bug on our side: wrong type, bad script). */
export class StoreCommandError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreCommandError';
  }
}

/** A guarded script did not run because a gate (a rate limit) of its request refused. */
export class NotAdmittedError extends Error {
  constructor() {
    super('a rate limit of this request refused; the guarded script did not run');
    this.name = 'NotAdmittedError';
  }
}

/** True when a Redis error reply means "that script is not cached yet". */
export function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.includes('NOSCRIPT');
}
