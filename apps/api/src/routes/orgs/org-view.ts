import type { OrgRecord } from '../../orgs/org-access.ts';

/** An org as the API returns it. */
export function orgView(org: OrgRecord): { id: string; name: string; createdAt: string; requireMfa: boolean } {
  return { id: org.id, name: org.name, createdAt: new Date(org.createdAt).toISOString(), requireMfa: org.requireMfa };
}
