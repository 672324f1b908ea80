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

/** True when a Redis error reply means "that script is not cached yet". */
export function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.includes('NOSCRIPT');
}
