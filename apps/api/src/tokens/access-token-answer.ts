import type { Deps } from '../app-env.ts';
import { signAccessToken } from './access-token.ts';

/** The access-token part of the login and refresh answers. */
export async function accessTokenAnswer(
  deps: Pick<Deps, 'secrets' | 'config'>,
  userId: string,
  sessionId: string,
  now: number,
): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
  const { signing } = await deps.secrets;
  return {
    accessToken: await signAccessToken(signing, deps.config, { sub: userId, sid: sessionId }, now),
    tokenType: 'Bearer',
    expiresIn: deps.config.ACCESS_TOKEN_TTL_SECONDS,
  };
}
