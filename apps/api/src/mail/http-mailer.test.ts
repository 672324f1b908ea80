import { describe, expect, it } from 'vitest';
import { createHttpMailer, MailDeliveryError } from './http-mailer.ts';
import type { MailMessage } from './mailer.ts';

const message: MailMessage = {
  to: 'ada@example.test',
  subject: 'Reset your password',
  text: 'Choose a new password: https://app.example.test/reset-password?token=t',
  html: '<p>Choose a new password</p>',
  links: ['https://app.example.test/reset-password?token=t'],
};

function fakeFetch(answer: () => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const doFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return answer();
  }) as typeof fetch;
  return { calls, doFetch };
}

const options = {
  url: 'https://mail.example.test/emails',
  apiKey: 're_secret_key',
  from: 'Portcullis <auth@example.test>',
  timeoutMs: 5000,
};

describe('createHttpMailer (Resend-compatible)', () => {
  it('posts one JSON message with the bearer key, sender, recipient, subject, text and html', async () => {
    const { calls, doFetch } = fakeFetch(() => Response.json({ id: 'email_1' }));
    await createHttpMailer({ ...options, fetch: doFetch }).send(message);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe(options.url);
    expect(call?.init.method).toBe('POST');
    const headers = new Headers(call?.init.headers);
    expect(headers.get('Authorization')).toBe('Bearer re_secret_key');
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(String(call?.init.body))).toEqual({
      from: 'Portcullis <auth@example.test>',
      to: ['ada@example.test'],
      subject: message.subject,
      text: message.text,
      html: message.html,
    });
    expect(call?.init.signal).toBeInstanceOf(AbortSignal);
  });

  // Broke: a CR/LF in a name reached the subject the provider writes into a header (header injection).
  it('sends a subject that holds a line break or control character as one line', async () => {
    const { calls, doFetch } = fakeFetch(() => Response.json({ id: 'email_1' }));
    const hostile = 'Join Acme\r\nBcc: victim@example.test\u0000\u2028on Portcullis';
    await createHttpMailer({ ...options, fetch: doFetch }).send({ ...message, subject: hostile });
    const sent = JSON.parse(String(calls[0]?.init.body)) as { subject: string };
    expect(sent.subject).toBe('Join Acme Bcc: victim@example.test on Portcullis');
  });

  it('rejects when the API refuses, with its status and reason but never the key', async () => {
    const { doFetch } = fakeFetch(
      () =>
        new Response('{"message":"invalid key re_secret_key"}', {
          status: 401,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    const sending = createHttpMailer({ ...options, fetch: doFetch }).send(message);
    await expect(sending).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(sending).rejects.toThrow(/answered 401: .*invalid key \[key\]/);
    await expect(sending).rejects.not.toThrow(/re_secret_key/);
  });

  it('rejects when the API cannot be reached', async () => {
    const { doFetch } = fakeFetch(() => Promise.reject(new TypeError('connection refused')));
    await expect(createHttpMailer({ ...options, fetch: doFetch }).send(message)).rejects.toThrow(
      /mail API unreachable: connection refused/,
    );
  });

  it('sends once: a failed POST is not retried (a retry could deliver twice)', async () => {
    const { calls, doFetch } = fakeFetch(() => new Response('busy', { status: 503 }));
    await expect(createHttpMailer({ ...options, fetch: doFetch }).send(message)).rejects.toThrow(/503/);
    expect(calls).toHaveLength(1);
  });
});
