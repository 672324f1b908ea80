import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const { MFA_ENCRYPTION_KEY: _key, ...withoutKey } = { ...env } as Record<string, unknown>;

describe('MFA_ENCRYPTION_KEY', () => {
  // Without it TOTP secrets could not be sealed: the API must refuse to start, not fail at set-up.
  it('is required at start-up, in production and everywhere else', () => {
    for (const ENVIRONMENT of ['production', 'development']) {
      expect(() => loadConfig({ ...withoutKey, ENVIRONMENT })).toThrow(/MFA_ENCRYPTION_KEY/);
    }
  });

  it('must be 32 bytes of base64url', () => {
    for (const bad of ['short', 'A'.repeat(42), 'A'.repeat(44), `${'A'.repeat(42)}+`, `${'a'.repeat(42)}/`]) {
      expect(() => loadConfig({ ...withoutKey, MFA_ENCRYPTION_KEY: bad }), bad).toThrow(/MFA_ENCRYPTION_KEY/);
    }
    expect(loadConfig({ ...withoutKey, MFA_ENCRYPTION_KEY: 'A'.repeat(43) }).MFA_ENCRYPTION_KEY).toBe('A'.repeat(43));
    // What `openssl rand 32 | basenc --base64url` prints: padded.
    expect(loadConfig({ ...withoutKey, MFA_ENCRYPTION_KEY: `${'A'.repeat(43)}=` }).MFA_ENCRYPTION_KEY).toBe(
      'A'.repeat(43),
    );
  });
});
