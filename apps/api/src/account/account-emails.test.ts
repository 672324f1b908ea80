import { describe, expect, it } from 'vitest';
import { passwordResetEmail, verificationEmail } from './account-emails.ts';

const token = 'k'.repeat(64);
const link = `https://app.example/verify-email?token=${token}`;

describe('account emails', () => {
  it.each([
    ['verification', verificationEmail({ to: 'ada@example.com', name: 'Ada', link, ttlSeconds: 3600 })],
    ['password reset', passwordResetEmail({ to: 'ada@example.com', name: 'Ada', link, ttlSeconds: 3600 })],
  ])('the %s email offers the link, and no code box that the app does not have', (_name, message) => {
    expect(message.links).toEqual([link]);
    expect(message.text).not.toMatch(/code/i);
    expect(message.html).not.toMatch(/code/i);
    // The token appears only inside the link (once in the text, twice in HTML: button and address).
    expect(message.text.split(token)).toHaveLength(2);
    expect(message.html.split(token)).toHaveLength(3);
  });
});
