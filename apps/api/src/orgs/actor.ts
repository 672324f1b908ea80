import { keys } from '../keys/keys.ts';
import type { RedisArg } from '../store/store.ts';
import type { ACTOR_ARGS, ORG_KEYS } from './org-lua.ts';

/**
 * Who changes an org, as the Worker resolved it for this request: the scripts re-check the role
 * (see org-lua.ts `actorGuard`) and record the IP and time in the audit entry.
 */
export interface Actor {
  userId: string;
  /** Role id in the org; '' when the actor is not a member yet (creating an org, accepting). */
  roleId: string;
  /** The role's stored definition as read ('' for a built-in role). */
  roleDef: string;
  ip: string;
  now: number;
}

/**
 * The keys and arguments every org script opens with (org-lua.ts `ORG_KEYS` and `ACTOR_ARGS`):
 * the org's members, roles and audit log, and who acts.
 */
export function orgChange(
  actor: Actor,
  orgId: string,
  auditCap: number,
): Record<(typeof ORG_KEYS)[number], string> & Record<(typeof ACTOR_ARGS)[number], RedisArg> {
  return {
    members: keys.orgMembers(orgId),
    roles: keys.orgRoles(orgId),
    audit: keys.orgAudit(orgId),
    actor: actor.userId,
    actorRole: actor.roleId,
    actorDef: actor.roleDef,
    ip: actor.ip,
    nowText: actor.now,
    auditCap,
  };
}
