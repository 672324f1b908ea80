import { describe, expect, it } from 'vitest';
import { uniqueEmail } from '../../test/auth-client.ts';
import { testApp } from '../../test/test-app.ts';
import { keys } from '../keys/keys.ts';
import { createOutboxMailer, readOutbox } from './outbox-mailer.ts';

const { deps } = testApp();
const message = (to: string, n: number) => ({
  to,
  subject: `Message ${n}`,
  text: `text ${n}`,
  html: `<p>html ${n}</p>`,
  links: [`https://app.test/x?n=${n}`],
});

describe('development outbox (Redis)', () => {
  it('is what development and test use', () => {
    expect(deps.mailer.kind).toBe('outbox');
  });

  it('keeps messages per recipient, newest first, with text, html and links', async () => {
    const mailer = createOutboxMailer(deps.store, { max: 50, ttlSeconds: 60 });
    const ada = uniqueEmail('ada');
    const bob = uniqueEmail('bob');
    await mailer.send(message(ada, 1));
    await mailer.send(message(bob, 2));
    await mailer.send(message(ada, 3));
    expect(await readOutbox(deps.store, ada, 50)).toEqual([
      { to: ada, subject: 'Message 3', text: 'text 3', html: '<p>html 3</p>', links: ['https://app.test/x?n=3'] },
      { to: ada, subject: 'Message 1', text: 'text 1', html: '<p>html 1</p>', links: ['https://app.test/x?n=1'] },
    ]);
    expect((await readOutbox(deps.store, bob, 50)).map((item) => item.subject)).toEqual(['Message 2']);
  });

  it('files a recipient case-insensitively, as accounts compare emails', async () => {
    const mailer = createOutboxMailer(deps.store, { max: 50, ttlSeconds: 60 });
    const email = uniqueEmail('case');
    await mailer.send(message(email.toUpperCase(), 1));
    expect(await readOutbox(deps.store, ` ${email} `, 50)).toHaveLength(1);
  });

  it('caps each recipient at the configured number, dropping the oldest, and expires the list', async () => {
    const mailer = createOutboxMailer(deps.store, { max: 3, ttlSeconds: 120 });
    const email = uniqueEmail('cap');
    for (let n = 1; n <= 5; n++) await mailer.send(message(email, n));
    expect((await readOutbox(deps.store, email, 50)).map((item) => item.subject)).toEqual([
      'Message 5',
      'Message 4',
      'Message 3',
    ]);
    const ttl = await deps.store.send(['TTL', keys.outbox(email)]);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
  });
});
