import { describe, expect, it } from 'vitest';
import { randomId } from '../ids.ts';
import { newOneTimeToken, parseOneTimeToken, tokenHash } from './one-time-token.ts';

describe('one-time tokens', () => {
  it('carry the user id and 256 random bits, and parse back', () => {
    const userId = randomId();
    const { token } = newOneTimeToken(userId);
    expect(token).toMatch(new RegExp(`^${userId}\\.[\\w-]{43}$`));
    expect(parseOneTimeToken(token)).toEqual({ userId, token });
    expect(newOneTimeToken(userId).token).not.toBe(token);
  });

  it('refuse anything of another shape before any lookup', () => {
    const { token } = newOneTimeToken(randomId());
    for (const bad of [
      '',
      'abc',
      `${token}x`,
      token.replace('.', ''),
      `../${token}`,
      `${token}.extra`,
      'a'.repeat(300),
    ]) {
      expect(parseOneTimeToken(bad)).toBeNull();
    }
  });

  it('are stored as hex SHA-256, never as themselves', async () => {
    const { token } = newOneTimeToken(randomId());
    const hash = await tokenHash(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(await tokenHash(token)).toBe(hash);
  });
});
