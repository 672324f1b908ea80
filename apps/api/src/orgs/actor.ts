import type { RedisArg } from '../store/store.ts';

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

/** ARGV[1..6] of every org script (see org-lua.ts). */
export function actorArgs(actor: Actor, auditCap: number): RedisArg[] {
  return [actor.userId, actor.roleId, actor.roleDef, actor.ip, actor.now, auditCap];
}
