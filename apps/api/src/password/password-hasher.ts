/** The outcome of checking a password against a stored hash. */
export interface PasswordVerification {
  valid: boolean;
  /**
   * The password was right but the stored hash is weaker than what `hash()` makes today: the caller
   * should store a fresh `hash()` of it. Always false when `valid` is false — without the right
   * password there is nothing to re-hash.
   */
  needsRehash: boolean;
}

/** Password hashing behind an interface, so the algorithm or its parameters can change without touching routes. */
export interface PasswordHasher {
  /** A PHC string carrying algorithm, parameters and salt, e.g. `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`. */
  hash(password: string): Promise<string>;
  verify(stored: string, password: string): Promise<PasswordVerification>;
  /** Burns the same time as a real verify, for unknown emails (no user enumeration by timing). */
  verifyDummy(password: string): Promise<void>;
}
