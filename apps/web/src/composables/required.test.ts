import { describe, expect, it } from 'vitest';
import { required, typedTwice } from './required.ts';

describe('typedTwice', () => {
  const check = (values: { password: string; confirm: string }) =>
    typedTwice(values, required(values, { password: 'Choose one', confirm: 'Type it again' }), {
      first: 'password',
      repeat: 'confirm',
    });

  it('flags a repeat that differs, and nothing when the two match', () => {
    expect(check({ password: 'a passphrase', confirm: 'a passphrasE' })).toEqual({
      confirm: 'The two passwords differ',
    });
    expect(check({ password: 'a passphrase', confirm: 'a passphrase' })).toEqual({});
  });

  it('keeps the blank repeat’s own message', () => {
    expect(check({ password: 'a passphrase', confirm: '' })).toEqual({ confirm: 'Type it again' });
  });
});
