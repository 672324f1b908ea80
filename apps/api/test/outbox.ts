import { expect } from 'vitest';
import type { testApp } from './test-app.ts';

type Request = ReturnType<typeof testApp>['request'];

export interface OutboxMessage {
  to: string;
  subject: string;
  text: string;
  links: string[];
}

/** The dev outbox of one recipient, newest first, as the SPA developer would read it. */
export async function outboxOf(request: Request, email: string): Promise<OutboxMessage[]> {
  const response = await request(`/api/dev/outbox?to=${encodeURIComponent(email)}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: OutboxMessage[] }).messages;
}

/** The token in the newest message with this subject's link. */
export async function tokenFromOutbox(request: Request, email: string, subject: string): Promise<string> {
  const message = (await outboxOf(request, email)).find((item) => item.subject === subject);
  expect(message, `no "${subject}" email for ${email}`).toBeDefined();
  const link = message?.links[0] ?? '';
  const token = new URL(link).searchParams.get('token');
  expect(token).toBeTruthy();
  return token ?? '';
}
