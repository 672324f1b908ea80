import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import type { Actor } from '../../orgs/actor.ts';

/**
 * The actor of a change made by someone who is not a member yet (creating an org, accepting an
 * invitation). Org routes get theirs, with the role, from `requirePermission` as `c.get('actor')`.
 */
export function newcomerOf(c: Context<AppEnv>): Actor {
  const { deps, auth } = c.var;
  return { userId: auth.userId, roleId: '', roleDef: '', ip: deps.clientIp(c) ?? '', now: deps.now() };
}
