import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { relyingParty, rpIdProblem } from './webauthn-config.ts';

const base = { ...env } as Record<string, unknown>;

describe('the relying party', () => {
  it("is APP_URL's host, expecting APP_URL's origin and the allowed origins", () => {
    const config = loadConfig({
      ...base,
      APP_URL: 'https://app.example.test:8443/',
      ALLOWED_ORIGINS: 'https://admin.example.test',
    });
    expect(relyingParty(config)).toEqual({
      id: 'app.example.test',
      name: 'Portcullis',
      origins: ['https://app.example.test:8443', 'https://admin.example.test'],
    });
  });

  it('takes WEBAUTHN_RP_ID when it is a domain the app belongs to', () => {
    const config = loadConfig({ ...base, APP_URL: 'https://app.example.test', WEBAUTHN_RP_ID: 'Example.Test' });
    expect(relyingParty(config).id).toBe('example.test');
  });

  it('refuses to start with an RP ID the app cannot use, naming the setting', () => {
    for (const rpId of ['other.test', 'ample.test', 'test', 'https://example.test', 'app.example.test:443']) {
      expect(() => loadConfig({ ...base, APP_URL: 'https://app.example.test', WEBAUTHN_RP_ID: rpId })).toThrow(
        /WEBAUTHN_RP_ID/,
      );
    }
  });

  it('accepts only the address itself for an app served on an IP address', () => {
    expect(rpIdProblem('127.0.0.1', '127.0.0.1')).toBeNull();
    expect(rpIdProblem('0.0.1', '127.0.0.1')).toMatch(/IP address/);
    expect(rpIdProblem('localhost', 'localhost')).toBeNull();
    expect(rpIdProblem('example.test', 'a.b.example.test')).toBeNull();
  });
});
