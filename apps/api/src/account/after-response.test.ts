import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { json, ORIGIN, PASSWORD, uniqueEmail } from '../../test/auth-client.ts';
import { testApp } from '../../test/test-app.ts';
import type { Mailer, MailMessage } from '../mail/mailer.ts';

/** A mailer whose sends wait until the test lets them go. */
function gatedMailer() {
  const sent: MailMessage[] = [];
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const mailer: Mailer = {
    kind: 'http',
    send: async (message) => {
      await gate;
      sent.push(message);
    },
  };
  return { mailer, sent, open: () => open() };
}

describe('afterResponse', () => {
  it('on Workers, answers first and hands the send to waitUntil', async () => {
    const { mailer, sent, open } = gatedMailer();
    const { app } = testApp({ mailer });
    const pending: Promise<unknown>[] = [];
    const executionCtx = {
      waitUntil: (promise: Promise<unknown>) => {
        pending.push(promise);
      },
      passThroughOnException: () => {},
      props: {},
    };
    const email = uniqueEmail();
    const response = await app.request(
      `${ORIGIN}/api/auth/register`,
      json({ email, password: PASSWORD, name: 'Ada' }),
      env,
      executionCtx,
    );
    expect(response.status).toBe(201);
    expect(pending).toHaveLength(1);
    expect(sent).toEqual([]);
    open();
    await Promise.all(pending);
    expect(sent.map((message) => [message.to, message.subject])).toEqual([[email, 'Confirm your email address']]);
  });
});
