/**
 * Request and response types of the API, inferred from the Hono app itself (a type-only import:
 * nothing of the API reaches the bundle). A route the API changes changes these types, and
 * vue-tsc flags every screen that no longer fits.
 */
import type { hc, InferRequestType, InferResponseType } from 'hono/client';
import type { App } from '@portcullis/api/app-type';

export type { ProblemBody, ProblemCode } from '@portcullis/api/app-type';

type Api = ReturnType<typeof hc<App>>['api'];
type Auth = Api['auth'];

export type RegisterRequest = InferRequestType<Auth['register']['$post']>['json'];
export type RegisterResponse = InferResponseType<Auth['register']['$post'], 201>;
export type LoginRequest = InferRequestType<Auth['login']['$post']>['json'];
export type LoginResponse = InferResponseType<Auth['login']['$post'], 200>;
export type RefreshResponse = InferResponseType<Auth['refresh']['$post'], 200>;
export type LogoutScope = NonNullable<NonNullable<InferRequestType<Auth['logout']['$post']>['json']>['scope']>;
export type MeResponse = InferResponseType<Auth['me']['$get'], 200>;
export type User = MeResponse['user'];
export type MeOrg = MeResponse['orgs'][number];
export type SecurityEventsResponse = InferResponseType<Auth['events']['$get'], 200>;
export type SecurityEvent = SecurityEventsResponse['events'][number];

export type SessionsResponse = InferResponseType<Api['sessions']['$get'], 200>;
export type DeviceSession = SessionsResponse['sessions'][number];

type AdminUsers = Api['admin']['users'];
export type AdminUsersQuery = InferRequestType<AdminUsers['$get']>['query'];
export type AdminUsersResponse = InferResponseType<AdminUsers['$get'], 200>;
export type AdminUser = AdminUsersResponse['users'][number];
export type BlockRequest = InferRequestType<AdminUsers[':id']['block']['$post']>['json'];

type Account = Auth;
export type PasswordForgotRequest = InferRequestType<Account['password']['forgot']['$post']>['json'];
export type PasswordResetRequest = InferRequestType<Account['password']['reset']['$post']>['json'];
export type PasswordChangeRequest = InferRequestType<Account['password']['change']['$post']>['json'];
export type VerifyEmailRequest = InferRequestType<Account['verify-email']['$post']>['json'];

type Orgs = Api['orgs'];
type OrgById = Orgs[':orgId'];
export type CreateOrgResponse = InferResponseType<Orgs['$post'], 201>;
export type Org = CreateOrgResponse['org'];
export type OrgResponse = InferResponseType<OrgById['$get'], 200>;

export type MembersResponse = InferResponseType<OrgById['members']['$get'], 200>;
export type Member = MembersResponse['members'][number];
export type ChangeRoleResponse = InferResponseType<OrgById['members'][':userId']['$patch'], 200>;

export type InvitationsResponse = InferResponseType<OrgById['invitations']['$get'], 200>;
export type Invitation = InvitationsResponse['invitations'][number];
export type InviteRequest = InferRequestType<OrgById['invitations']['$post']>['json'];
export type InviteResponse = InferResponseType<OrgById['invitations']['$post'], 201>;
export type AcceptInvitationResponse = InferResponseType<Api['invitations']['accept']['$post'], 200>;

export type RolesResponse = InferResponseType<OrgById['roles']['$get'], 200>;
export type OrgRole = RolesResponse['roles'][number];
export type CreateRoleRequest = InferRequestType<OrgById['roles']['$post']>['json'];
export type RoleResponse = InferResponseType<OrgById['roles']['$post'], 201>;
export type UpdateRoleRequest = InferRequestType<OrgById['roles'][':roleId']['$patch']>['json'];

export type PostsResponse = InferResponseType<OrgById['posts']['$get'], 200>;
export type Post = PostsResponse['posts'][number];
export type CreatePostRequest = InferRequestType<OrgById['posts']['$post']>['json'];
export type PostResponse = InferResponseType<OrgById['posts']['$post'], 201>;
export type UpdatePostRequest = InferRequestType<OrgById['posts'][':postId']['$patch']>['json'];

export type AuditResponse = InferResponseType<OrgById['audit']['$get'], 200>;
export type AuditEvent = AuditResponse['events'][number];
