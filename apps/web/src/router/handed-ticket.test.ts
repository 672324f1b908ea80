import { describe, expect, it } from 'vitest';
import { handedTicket } from './handed-ticket.ts';

describe('handedTicket', () => {
  it('reads the ticket, the methods and the lifetime from the fragment', () => {
    expect(handedTicket('#mfaToken=u1.secret&methods=totp%2Crecovery&expiresIn=300')).toEqual({
      mfaToken: 'u1.secret',
      methods: ['totp', 'recovery'],
      expiresIn: 300,
    });
  });

  it('is null without a ticket, without a method it knows, or without a lifetime', () => {
    expect(handedTicket('')).toBeNull();
    expect(handedTicket('#methods=totp&expiresIn=300')).toBeNull();
    expect(handedTicket('#mfaToken=x&methods=sms&expiresIn=300')).toBeNull();
    expect(handedTicket('#mfaToken=x&methods=totp')).toBeNull();
  });
});
