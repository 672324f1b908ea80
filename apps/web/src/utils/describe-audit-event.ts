import type { Role } from '@portcullis/permissions';
import type { AuditEvent } from '../api/api-types.ts';
import { roleName } from './role-name.ts';

type Describe = (details: Readonly<Record<string, string>>, target: string, role: (id?: string) => string) => string;

/** Person-readable sentences for the API's audit actions (see apps/api/src/orgs/*-scripts.ts). */
const sentences: Record<string, Describe> = {
  'org.created': (d) => `created the organization “${d.name ?? ''}”`,
  'org.updated': (d) => `renamed the organization to “${d.name ?? ''}”`,
  'member.added': (d, _, role) => `joined as ${role(d.role)}`,
  'member.updated': (d, target, role) => `changed the role of ${target} from ${role(d.from)} to ${role(d.to)}`,
  'member.removed': (_, target) => `removed ${target}`,
  'member.left': () => 'left the organization',
  'invitation.created': (d, _, role) => `invited ${d.email ?? 'someone'} as ${role(d.role)}`,
  'invitation.revoked': (d) => `withdrew the invitation for ${d.email ?? 'someone'}`,
  'invitation.declined': () => 'declined the invitation',
  'invitation.resent': (d) => `sent a new invitation link to ${d.email ?? 'someone'}`,
  'post.created': () => 'published a post',
  'post.updated': () => 'edited a post',
  'post.deleted': () => 'deleted a post',
  'role.created': (d) => `created the role “${d.name ?? ''}”`,
  'role.updated': (d) => `changed the role “${d.name ?? ''}”`,
  'role.deleted': (d) => `deleted the role “${d.name ?? ''}”`,
};

/**
 * Who did what, in words: member ids become names where the caller can see the members, role ids
 * become role names (`roles`: the org's roles as listed), and an
 * action this version does not know yet is shown by its code rather than hidden.
 *
 * @example
 * describeAuditEvent(event, new Map([['u1', 'Ada']])) // { who: 'Ada', what: 'created the role “Editor”' }
 */
export function describeAuditEvent(
  event: Pick<AuditEvent, 'actor' | 'action' | 'target' | 'details'>,
  names: ReadonlyMap<string, string>,
  roles: readonly Pick<Role, 'id' | 'name'>[] = [],
): { who: string; what: string } {
  const name = (id: string) => names.get(id) ?? 'a former member';
  const role = (id?: string) => (id ? roleName(id, roles) : 'a member');
  const describe = Object.hasOwn(sentences, event.action) ? sentences[event.action] : undefined;
  return {
    // No account acts for a declined invitation: the token spoke for the invited address.
    who: event.actor === '' && event.details.email ? event.details.email : name(event.actor),
    what: describe ? describe(event.details, name(event.target), role) : event.action,
  };
}
