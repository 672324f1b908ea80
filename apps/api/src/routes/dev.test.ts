import { describe, expect, it } from 'vitest';
import { authClient, uniqueEmail } from '../../test/auth-client.ts';
import { testApp } from '../../test/test-app.ts';

describe('GET /api/dev/outbox', () => {
  it('shows what the mailer would have sent to an address: { to, subject, text, links }, newest first', async () => {
    const { request } = testApp();
    const { email } = await authClient(request).register(uniqueEmail('outbox'));
    await request('/api/auth/password/forgot', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    const response = await request(`/api/dev/outbox?to=${encodeURIComponent(email.toUpperCase())}`);
    expect(response.status).toBe(200);
    const { messages } = (await response.json()) as { messages: Record<string, unknown>[] };
    expect(messages.map((message) => message.subject)).toEqual(['Reset your password', 'Confirm your email address']);
    expect(messages[0]).toEqual({
      to: email,
      subject: 'Reset your password',
      text: expect.stringContaining('/reset-password?token='),
      links: [expect.stringMatching(/^http:\/\/portcullis\.test\/reset-password\?token=[\w.-]+$/)],
    });
  });

  it('answers an empty list for an address that received nothing', async () => {
    const { request } = testApp();
    const response = await request(`/api/dev/outbox?to=${encodeURIComponent(uniqueEmail('nobody'))}`);
    expect(await response.json()).toEqual({ messages: [] });
  });

  it('refuses a missing or malformed address with 400', async () => {
    const { request } = testApp();
    for (const query of ['', '?to=', '?to=not-an-email']) {
      const response = await request(`/api/dev/outbox${query}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('does not exist when ENVIRONMENT=production', async () => {
    const { deps } = testApp();
    const { request } = testApp({ config: { ...deps.config, ENVIRONMENT: 'production' } });
    const response = await request(`/api/dev/outbox?to=${encodeURIComponent(uniqueEmail())}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});
