import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../test/test-app.ts';
import { mailerFromConfig } from '../mail/mailer-from-config.ts';
import { loadConfig } from './config.ts';

// Without the APP_URL the test pool sets for its links: whether production demands one is under test.
const { APP_URL: _testAppUrl, ...base } = { ...env } as Record<string, unknown>;
const production = {
  ...base,
  ENVIRONMENT: 'production',
  MAIL_API_KEY: 're_test',
  MAIL_FROM: 'Portcullis <auth@example.test>',
  APP_URL: 'https://app.example.test/',
};

describe('mail configuration', () => {
  it('refuses to start in production without a mail key, sender and app URL, naming each', () => {
    expect(() => loadConfig({ ...base, ENVIRONMENT: 'production' })).toThrow(
      /ENVIRONMENT=production.*set MAIL_API_KEY.*MAIL_FROM.*APP_URL/s,
    );
    const { MAIL_API_KEY: _key, ...withoutKey } = production;
    expect(() => loadConfig(withoutKey)).toThrow(/set MAIL_API_KEY \(secret/);
    expect(() => loadConfig(withoutKey)).not.toThrow(/MAIL_FROM|APP_URL/);
  });

  it('uses the mail API in production and the outbox elsewhere', () => {
    const { deps } = testApp();
    const config = loadConfig(production);
    expect(config.APP_URL).toBe('https://app.example.test');
    expect(config.MAIL_API_URL).toBe('https://api.resend.com/emails');
    expect(mailerFromConfig(config, deps.store).kind).toBe('http');
    expect(mailerFromConfig(loadConfig(base), deps.store).kind).toBe('outbox');
  });

  it('reads REQUIRE_EMAIL_VERIFICATION as a real switch, and refuses a value it cannot read', () => {
    expect(loadConfig(base).REQUIRE_EMAIL_VERIFICATION).toBe(false);
    expect(loadConfig({ ...base, REQUIRE_EMAIL_VERIFICATION: 'false' }).REQUIRE_EMAIL_VERIFICATION).toBe(false);
    expect(loadConfig({ ...base, REQUIRE_EMAIL_VERIFICATION: 'TRUE' }).REQUIRE_EMAIL_VERIFICATION).toBe(true);
    expect(loadConfig({ ...base, REQUIRE_EMAIL_VERIFICATION: true }).REQUIRE_EMAIL_VERIFICATION).toBe(true);
    expect(() => loadConfig({ ...base, REQUIRE_EMAIL_VERIFICATION: 'yes please' })).toThrow(
      /REQUIRE_EMAIL_VERIFICATION: must be true or false/,
    );
  });

  it('refuses an APP_URL that is not http(s)', () => {
    expect(() => loadConfig({ ...base, APP_URL: 'javascript:alert(1)' })).toThrow(/APP_URL/);
  });
});
