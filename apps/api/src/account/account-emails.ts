import { mailHtml } from '../mail/html.ts';
import type { MailMessage } from '../mail/mailer.ts';

/** Who a security email is about: where and how the request came. */
export interface Circumstances {
  at: number;
  ip: string;
  browser: string;
  os: string;
  location: string;
}

const minutes = (seconds: number) => Math.max(1, Math.round(seconds / 60));

function when(at: number): string {
  return `${new Date(at).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

function circumstanceLines(c: Circumstances): string[] {
  const device = [c.browser || 'an unknown browser', c.os ? `on ${c.os}` : ''].filter(Boolean).join(' ');
  return [
    `When: ${when(c.at)}`,
    `Device: ${device}`,
    `IP address: ${c.ip || 'unknown'}${c.location ? ` (${c.location})` : ''}`,
  ];
}

function compose(input: {
  to: string;
  subject: string;
  paragraphs: string[];
  link?: { href: string; label: string };
}): MailMessage {
  const textParts = [...input.paragraphs];
  if (input.link) textParts.splice(1, 0, `${input.link.label}: ${input.link.href}`);
  return {
    to: input.to,
    subject: input.subject,
    text: `${textParts.join('\n\n')}\n`,
    html: mailHtml(input.link ? { paragraphs: input.paragraphs, link: input.link } : { paragraphs: input.paragraphs }),
    links: input.link ? [input.link.href] : [],
  };
}

const greeting = (name: string) => (name ? `Hello ${name},` : 'Hello,');

// No page takes a token typed on its own: the emails offer the link (and, in HTML, its address to
// paste), never a "code" to enter.
export function verificationEmail(input: { to: string; name: string; link: string; ttlSeconds: number }): MailMessage {
  return compose({
    to: input.to,
    subject: 'Confirm your email address',
    paragraphs: [
      `${greeting(input.name)} please confirm that this is your email address.`,
      `The link works once, for ${minutes(input.ttlSeconds)} minutes.`,
      'If you did not create an account, ignore this email.',
    ],
    link: { href: input.link, label: 'Confirm email address' },
  });
}

export function passwordResetEmail(input: { to: string; name: string; link: string; ttlSeconds: number }): MailMessage {
  return compose({
    to: input.to,
    subject: 'Reset your password',
    paragraphs: [
      `${greeting(input.name)} someone asked to reset the password of your account.`,
      `The link works once, for ${minutes(input.ttlSeconds)} minutes; a newer request replaces it.`,
      'Resetting the password signs out every device. If you did not ask for this, ignore this email: your password stays as it is.',
    ],
    link: { href: input.link, label: 'Choose a new password' },
  });
}

export function passwordChangedEmail(input: {
  to: string;
  name: string;
  how: 'changed' | 'reset';
  circumstances: Circumstances;
}): MailMessage {
  const ended = input.how === 'reset' ? 'Every device has been signed out.' : 'Every other device has been signed out.';
  return compose({
    to: input.to,
    subject: input.how === 'reset' ? 'Your password was reset' : 'Your password was changed',
    paragraphs: [
      `${greeting(input.name)} the password of your account was ${input.how}. ${ended}`,
      ...circumstanceLines(input.circumstances),
      'If this was not you, reset your password now from the sign-in page and review your account.',
    ],
  });
}

export function refreshReuseEmail(input: { to: string; name: string; circumstances: Circumstances }): MailMessage {
  return compose({
    to: input.to,
    subject: 'We signed you out everywhere',
    paragraphs: [
      `${greeting(input.name)} a sign-in token of your account was used twice, which can mean someone copied it. To be safe we signed out every device.`,
      ...circumstanceLines(input.circumstances),
      'Sign in again to continue. If you do not recognise this, change your password.',
    ],
  });
}

export function newDeviceEmail(input: { to: string; name: string; circumstances: Circumstances }): MailMessage {
  return compose({
    to: input.to,
    subject: 'New sign-in to your account',
    paragraphs: [
      `${greeting(input.name)} your account was just signed in to from a device we have not seen recently.`,
      ...circumstanceLines(input.circumstances),
      'If this was you, there is nothing to do. If not, reset your password now and sign out the devices you do not recognise.',
    ],
  });
}

/**
 * A second factor was added to or removed from the account (`factor`: "an authenticator app",
 * "a passkey"). Either could be an attacker's doing with a stolen session, so the user hears of it.
 */
export function secondFactorChangedEmail(input: {
  to: string;
  name: string;
  change: 'added' | 'removed';
  factor: string;
  circumstances: Circumstances;
}): MailMessage {
  const added = input.change === 'added';
  return compose({
    to: input.to,
    subject: added ? 'A sign-in method was added to your account' : 'A sign-in method was removed from your account',
    paragraphs: [
      `${greeting(input.name)} ${input.factor} was ${input.change} ${added ? 'to' : 'from'} your account's two-factor sign-in.`,
      ...circumstanceLines(input.circumstances),
      'If this was not you, reset your password now, sign out the devices you do not recognise and review your security settings.',
    ],
  });
}

/** A recovery code signed the account in: it is spent, and the user should know how many are left. */
export function recoveryCodeUsedEmail(input: {
  to: string;
  name: string;
  left: number;
  circumstances: Circumstances;
}): MailMessage {
  return compose({
    to: input.to,
    subject: 'A recovery code was used to sign in',
    paragraphs: [
      `${greeting(input.name)} one of your recovery codes was just used to sign in to your account. It cannot be used again; ${input.left} ${input.left === 1 ? 'code is' : 'codes are'} left.`,
      ...circumstanceLines(input.circumstances),
      'If this was not you, reset your password now and create new recovery codes from your security settings.',
    ],
  });
}

/** A passkey was added to or removed from the account: the owner hears of either at once. */
export function passkeyChangedEmail(input: {
  to: string;
  name: string;
  change: 'added' | 'removed';
  passkeyName: string;
  circumstances: Circumstances;
}): MailMessage {
  const added = input.change === 'added';
  return compose({
    to: input.to,
    subject: added ? 'A passkey was added to your account' : 'A passkey was removed from your account',
    paragraphs: [
      `${greeting(input.name)} the passkey "${input.passkeyName}" was ${input.change} ${added ? 'to' : 'from'} your account.${added ? ' It can now sign in to your account without a password.' : ''}`,
      ...circumstanceLines(input.circumstances),
      added
        ? 'If this was not you, remove the passkey from your security settings, reset your password and sign out the devices you do not recognise.'
        : 'If this was not you, reset your password now and review your security settings.',
    ],
  });
}

/** To the new address: the link that makes the change. */
export function emailChangeConfirmEmail(input: {
  to: string;
  name: string;
  link: string;
  ttlSeconds: number;
}): MailMessage {
  return compose({
    to: input.to,
    subject: 'Confirm your new email address',
    paragraphs: [
      `${greeting(input.name)} confirm that you want to use this address for your Portcullis account.`,
      `The link works once, for ${minutes(input.ttlSeconds)} minutes; a newer request replaces it. Until you open it, your account keeps its current address.`,
      'If you did not ask for this, ignore this email.',
    ],
    link: { href: input.link, label: 'Confirm new address' },
  });
}

/** To the current address: someone signed in asked to move the account to another address. */
export function emailChangeNoticeEmail(input: {
  to: string;
  name: string;
  newEmail: string;
  circumstances: Circumstances;
}): MailMessage {
  return compose({
    to: input.to,
    subject: 'A change of your email address was requested',
    paragraphs: [
      `${greeting(input.name)} someone signed in to your account asked to change its email address to ${input.newEmail}. It changes only once the link sent there is opened.`,
      ...circumstanceLines(input.circumstances),
      'If this was not you, change your password now and sign out every device from the Devices page.',
    ],
  });
}

/** To the address of a deleted account: it is gone, and from where. */
export function accountDeletedEmail(input: { to: string; name: string; circumstances: Circumstances }): MailMessage {
  return compose({
    to: input.to,
    subject: 'Your account was deleted',
    paragraphs: [
      `${greeting(input.name)} your Portcullis account and everything in it were deleted, and every device was signed out.`,
      ...circumstanceLines(input.circumstances),
    ],
  });
}
