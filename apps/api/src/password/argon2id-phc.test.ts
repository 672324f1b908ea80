import { describe, expect, it } from 'vitest';
import { formatArgon2idPhc, parseArgon2idPhc } from './argon2id-phc.ts';

// phc-winner-argon2's README example: password "password", salt "somesalt", -id -t 2 -k 65536 -p 1.
const REFERENCE = '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc';
const SALT = 'c29tZXNhbHRzb21lc2FsdA'; // 16 bytes
const HASH = 'CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc'; // 32 bytes

describe('argon2id PHC strings', () => {
  it('reads the reference implementation’s string and writes it back identically', () => {
    const phc = parseArgon2idPhc(REFERENCE);
    expect(phc?.params).toEqual({ memoryKiB: 65_536, iterations: 2, parallelism: 1 });
    expect(phc && new TextDecoder().decode(phc.salt)).toBe('somesalt');
    expect(phc?.hash).toHaveLength(32);
    expect(phc && formatArgon2idPhc(phc)).toBe(REFERENCE);
  });

  it.each([
    ['the empty string', ''],
    ['another algorithm', `$argon2i$v=19$m=65536,t=2,p=1$${SALT}$${HASH}`],
    ['another version', `$argon2id$v=16$m=65536,t=2,p=1$${SALT}$${HASH}`],
    ['no version (which means 0x10)', `$argon2id$m=65536,t=2,p=1$${SALT}$${HASH}`],
    ['parameters out of order', `$argon2id$v=19$t=2,m=65536,p=1$${SALT}$${HASH}`],
    ['a leading zero', `$argon2id$v=19$m=065536,t=2,p=1$${SALT}$${HASH}`],
    ['a sign', `$argon2id$v=19$m=+65536,t=2,p=1$${SALT}$${HASH}`],
    ['optional keyid/data parameters', `$argon2id$v=19$m=65536,t=2,p=1,data=AAAA$${SALT}$${HASH}`],
    ['no hash (a salt string)', `$argon2id$v=19$m=65536,t=2,p=1$${SALT}`],
    ['an empty hash', `$argon2id$v=19$m=65536,t=2,p=1$${SALT}$`],
    ['a salt under 8 bytes', `$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbA$${HASH}`],
    ['a hash under 12 bytes', `$argon2id$v=19$m=65536,t=2,p=1$${SALT}$CTFhFdXPJO1aFaM`],
    ['padding', `$argon2id$v=19$m=65536,t=2,p=1$${SALT}==$${HASH}=`],
    ['an invalid B64 length', `$argon2id$v=19$m=65536,t=2,p=1$${SALT}$${HASH}AB`],
    ['non-zero trailing bits', `$argon2id$v=19$m=65536,t=2,p=1$${SALT}$${HASH.slice(0, -1)}d`],
    ['a trailing newline', `${REFERENCE}\n`],
    ['leading whitespace', ` ${REFERENCE}`],
    ['upper case', REFERENCE.toUpperCase()],
  ])('rejects %s', (_, text) => {
    expect(parseArgon2idPhc(text)).toBeNull();
  });

  it('leaves the judgement of parameter values to its caller', () => {
    // Syntactically fine; argon2idParamsProblem is what refuses m=0 or p=255.
    expect(parseArgon2idPhc(`$argon2id$v=19$m=0,t=2,p=255$${SALT}$${HASH}`)?.params).toEqual({
      memoryKiB: 0,
      iterations: 2,
      parallelism: 255,
    });
  });
});
