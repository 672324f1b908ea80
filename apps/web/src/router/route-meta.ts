import type { Permission, PlatformPermission } from '@portcullis/permissions';

declare module 'vue-router' {
  interface RouteMeta {
    /** Only for a signed-in person; others go to /login?next=… */
    requiresAuth?: boolean;
    /** Only for a signed-out person (login, register); others go to where they were heading. */
    guestOnly?: boolean;
    /** For signed-in and signed-out people alike: signing out there stays on the page. */
    anyone?: boolean;
    /** An org permission the caller needs in the route's `:orgId` (on at least their own items). */
    permission?: Permission;
    /** A platform permission (administration across all orgs). */
    platformPermission?: PlatformPermission;
    /** The page's name, for the document title. */
    title?: string;
  }
}
