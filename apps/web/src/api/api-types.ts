/**
 * Names for the request and response types the screens use, read off the API's routes
 * (`api-routes.ts`). A route the API changes changes these types, and vue-tsc flags every screen
 * that no longer fits.
 */
import type { ApiAnswer, ApiInput } from './api-routes.ts';

export type { ProblemCode } from '@portcullis/api/app-type';

export type RegisterRequest = ApiInput<'post', '/api/auth/register'>['json'];
export type RegisterResponse = ApiAnswer<'post', '/api/auth/register'>;
export type LoginRequest = ApiInput<'post', '/api/auth/login'>['json'];
export type LoginResponse = ApiAnswer<'post', '/api/auth/login'>;
export type RefreshResponse = ApiAnswer<'post', '/api/auth/refresh'>;
export type LogoutScope = NonNullable<NonNullable<ApiInput<'post', '/api/auth/logout'>['json']>['scope']>;
export type MeResponse = ApiAnswer<'get', '/api/auth/me'>;
export type User = MeResponse['user'];
export type MeOrg = MeResponse['orgs'][number];
export type SecurityEventsResponse = ApiAnswer<'get', '/api/auth/events'>;
export type SecurityEvent = SecurityEventsResponse['events'][number];

export type SessionsResponse = ApiAnswer<'get', '/api/sessions'>;
export type DeviceSession = SessionsResponse['sessions'][number];

export type AdminUsersResponse = ApiAnswer<'get', '/api/admin/users'>;
export type AdminUser = AdminUsersResponse['users'][number];
export type AdminUserDetailResponse = ApiAnswer<'get', '/api/admin/users/:id'>;
export type AdminUserSession = AdminUserDetailResponse['sessions'][number];
export type BlockRequest = ApiInput<'post', '/api/admin/users/:id/block'>['json'];

export type PasswordForgotRequest = ApiInput<'post', '/api/auth/password/forgot'>['json'];
export type PasswordResetRequest = ApiInput<'post', '/api/auth/password/reset'>['json'];
export type PasswordChangeRequest = ApiInput<'post', '/api/auth/password/change'>['json'];
export type UpdateNameResponse = ApiAnswer<'patch', '/api/auth/me'>;
export type VerifyEmailRequest = ApiInput<'post', '/api/auth/verify-email'>['json'];

export type CreateOrgResponse = ApiAnswer<'post', '/api/orgs'>;
export type Org = CreateOrgResponse['org'];
export type OrgResponse = ApiAnswer<'get', '/api/orgs/:orgId'>;
export type UpdateOrgResponse = ApiAnswer<'patch', '/api/orgs/:orgId'>;

export type MembersResponse = ApiAnswer<'get', '/api/orgs/:orgId/members'>;
export type Member = MembersResponse['members'][number];
export type ChangeRoleResponse = ApiAnswer<'patch', '/api/orgs/:orgId/members/:userId'>;

export type InvitationsResponse = ApiAnswer<'get', '/api/orgs/:orgId/invitations'>;
export type Invitation = InvitationsResponse['invitations'][number];
export type InviteRequest = ApiInput<'post', '/api/orgs/:orgId/invitations'>['json'];
export type InviteResponse = ApiAnswer<'post', '/api/orgs/:orgId/invitations'>;
export type ResendInvitationResponse = ApiAnswer<'post', '/api/orgs/:orgId/invitations/:invitationId/resend'>;
export type AcceptInvitationResponse = ApiAnswer<'post', '/api/invitations/accept'>;
export type InvitationPreviewResponse = ApiAnswer<'post', '/api/invitations/preview'>;
export type InvitationPreview = InvitationPreviewResponse['invitation'];

export type RolesResponse = ApiAnswer<'get', '/api/orgs/:orgId/roles'>;
export type OrgRole = RolesResponse['roles'][number];
export type CreateRoleRequest = ApiInput<'post', '/api/orgs/:orgId/roles'>['json'];
export type RoleResponse = ApiAnswer<'post', '/api/orgs/:orgId/roles'>;
export type UpdateRoleRequest = ApiInput<'patch', '/api/orgs/:orgId/roles/:roleId'>['json'];

export type PostsResponse = ApiAnswer<'get', '/api/orgs/:orgId/posts'>;
export type Post = PostsResponse['posts'][number];
export type CreatePostRequest = ApiInput<'post', '/api/orgs/:orgId/posts'>['json'];
export type PostResponse = ApiAnswer<'post', '/api/orgs/:orgId/posts'>;
export type UpdatePostRequest = ApiInput<'patch', '/api/orgs/:orgId/posts/:id'>['json'];

export type AuditResponse = ApiAnswer<'get', '/api/orgs/:orgId/audit'>;
export type AuditEvent = AuditResponse['events'][number];

/** What login answers, instead of a session, for a user who has a second factor. */
export type SecondFactorChallenge = Extract<LoginResponse, { mfaRequired: true }>;
export type SecondFactorMethod = SecondFactorChallenge['methods'][number];
/** A whole sign-in: password alone, password and second factor, or passkey. */
export type SignedInResponse = Exclude<LoginResponse, { mfaRequired: true }>;
export type MfaStatus = ApiAnswer<'get', '/api/auth/mfa'>;
export type TotpSetupResponse = ApiAnswer<'post', '/api/auth/mfa/totp/setup'>;
export type RecoveryCodesResponse = ApiAnswer<'post', '/api/auth/mfa/totp/confirm'>;
export type SecondFactorRequest = ApiInput<'post', '/api/auth/mfa/verify'>['json'];
export type ReauthRequest = ApiInput<'post', '/api/auth/reauth'>['json'];
export type PasskeysResponse = ApiAnswer<'get', '/api/auth/passkeys'>;
export type Passkey = PasskeysResponse['passkeys'][number];

export type ProvidersResponse = ApiAnswer<'get', '/api/auth/providers'>;
export type SignInProvider = ProvidersResponse['providers'][number];
export type IdentitiesResponse = ApiAnswer<'get', '/api/auth/identities'>;
export type Identity = IdentitiesResponse['identities'][number];
