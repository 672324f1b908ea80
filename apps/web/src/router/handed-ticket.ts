import type { SecondFactorMethod } from '../api/api-types.ts';

const METHODS: readonly SecondFactorMethod[] = ['totp', 'webauthn', 'recovery'];
const isMethod = (value: string): value is SecondFactorMethod => (METHODS as readonly string[]).includes(value);

/**
 * The login ticket a provider sign-in hands over in the URL fragment of /login/verify
 * (`#mfaToken=…&methods=totp,recovery&expiresIn=300`), or null when the fragment holds none.
 *
 * @example
 * handedTicket('#mfaToken=u.abc&methods=totp&expiresIn=300') // { mfaToken: 'u.abc', methods: ['totp'], expiresIn: 300 }
 */
export function handedTicket(
  hash: string,
): { mfaToken: string; methods: SecondFactorMethod[]; expiresIn: number } | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const mfaToken = params.get('mfaToken');
  const methods = (params.get('methods') ?? '').split(',').filter(isMethod);
  const expiresIn = Number(params.get('expiresIn'));
  if (!mfaToken || methods.length === 0 || !Number.isInteger(expiresIn) || expiresIn <= 0) return null;
  return { mfaToken, methods, expiresIn };
}
