export type { Argon2idHasherOptions } from './argon2id-hasher.ts';
export { createArgon2idHasher, MAX_PASSWORD_BYTES } from './argon2id-hasher.ts';
export type { Argon2idInput, Argon2idKernel } from './argon2id-kernel.ts';
export type { Argon2idParams } from './argon2id-params.ts';
export { ARGON2ID_LIMITS, DEFAULT_ARGON2ID_PARAMS } from './argon2id-params.ts';
export type { PasswordHasher, PasswordVerification } from './password-hasher.ts';
