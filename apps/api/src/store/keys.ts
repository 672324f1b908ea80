/**
 * Every Redis key the API uses (layout documented in README.md beside this file). Keys of one
 * user share the `{u:<id>}` hash tag, so a user's scripts stay in one slot on Redis Cluster.
 */
export const keys = {
  user: (userId: string) => `pc:{u:${userId}}:user`,
  userSessions: (userId: string) => `pc:{u:${userId}}:sessions`,
  /** Prefix of the user's session hashes; scripts append a session id to it. */
  sessionPrefix: (userId: string) => `pc:{u:${userId}}:s:`,
  session: (userId: string, sessionId: string) => `pc:{u:${userId}}:s:${sessionId}`,
  userEvents: (userId: string) => `pc:{u:${userId}}:events`,
  /** Email → user id. The one cross-slot lookup, used only at registration and login. */
  email: (email: string) => `pc:email:${email}`,
  /** Every user as `<email>\n<id>` at score 0: lexicographic order gives email-prefix search and cursors. */
  usersByEmail: 'pc:users:by-email',
} as const;
