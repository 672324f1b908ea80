import { mailHtml } from '../mail/html.ts';
import type { MailMessage } from '../mail/mailer.ts';

/** `${base}/accept-invitation?token=…`: the SPA page that accepts an invitation. */
export function invitationLink(base: string, token: string): string {
  return `${base}/accept-invitation?token=${encodeURIComponent(token)}`;
}

/** The invitation email: who invites, to which org, the link, and when it stops working. */
export function invitationEmail(input: {
  to: string;
  inviterName: string;
  orgName: string;
  roleName: string;
  link: string;
  ttlSeconds: number;
}): MailMessage {
  const hours = Math.max(1, Math.round(input.ttlSeconds / 3600));
  const inviter = input.inviterName || 'Someone';
  const paragraphs = [
    `${inviter} invited you to join ${input.orgName} as ${input.roleName}.`,
    `The link works once, for ${hours} hours, and only for an account with this email address (${input.to}): sign in or create one with it, then open the link.`,
    'If you did not expect this invitation, ignore this email.',
  ];
  const label = 'Accept invitation';
  return {
    to: input.to,
    subject: `Join ${input.orgName} on Portcullis`,
    text: `${[paragraphs[0], `${label}: ${input.link}`, ...paragraphs.slice(1)].join('\n\n')}\n`,
    html: mailHtml({ paragraphs, link: { href: input.link, label } }),
    links: [input.link],
  };
}
