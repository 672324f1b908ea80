import { api } from './api-client.ts';
import type {
  AcceptInvitationResponse,
  AuditResponse,
  ChangeRoleResponse,
  CreateOrgResponse,
  CreateRoleRequest,
  InvitationPreviewResponse,
  InvitationsResponse,
  InviteRequest,
  InviteResponse,
  MembersResponse,
  OrgResponse,
  ResendInvitationResponse,
  RoleResponse,
  RolesResponse,
  UpdateOrgResponse,
  UpdateRoleRequest,
} from './api-types.ts';

export type {
  AuditEvent,
  Invitation,
  InvitationPreview,
  Member,
  OrgRole,
} from './api-types.ts';

/** The first page is asked for without a cursor. */
const page = (cursor: string | null) => (cursor ? { cursor } : {});

export const createOrg = (name: string): Promise<CreateOrgResponse> => api.post('/api/orgs', { body: { name } });
export const getOrg = (orgId: string, signal?: AbortSignal): Promise<OrgResponse> =>
  api.get('/api/orgs/:orgId', { params: { orgId }, signal });

export const listMembers = (orgId: string, signal?: AbortSignal): Promise<MembersResponse> =>
  api.get('/api/orgs/:orgId/members', { params: { orgId }, signal });
export const changeMemberRole = (orgId: string, userId: string, role: string): Promise<ChangeRoleResponse> =>
  api.patch('/api/orgs/:orgId/members/:userId', { params: { orgId, userId }, body: { role } });
export const removeMember = (orgId: string, userId: string): Promise<void> =>
  api.delete('/api/orgs/:orgId/members/:userId', { params: { orgId, userId } });

export const listInvitations = (orgId: string, signal?: AbortSignal): Promise<InvitationsResponse> =>
  api.get('/api/orgs/:orgId/invitations', { params: { orgId }, signal });
export const invite = (orgId: string, body: InviteRequest): Promise<InviteResponse> =>
  api.post('/api/orgs/:orgId/invitations', { params: { orgId }, body });
export const revokeInvitation = (orgId: string, invitationId: string): Promise<void> =>
  api.delete('/api/orgs/:orgId/invitations/:invitationId', { params: { orgId, invitationId } });
/** A new link (the old one dies): mailed with `notify`, else only returned, for copying. */
export const resendInvitation = (
  orgId: string,
  invitationId: string,
  notify: boolean,
): Promise<ResendInvitationResponse> =>
  api.post('/api/orgs/:orgId/invitations/:invitationId/resend', { params: { orgId, invitationId }, body: { notify } });
export const acceptInvitation = (token: string): Promise<AcceptInvitationResponse> =>
  api.post('/api/invitations/accept', { body: { token } });
/** The token alone opens and declines an invitation: the invitee may not be signed in, or have an account. */
export const previewInvitation = (token: string): Promise<InvitationPreviewResponse> =>
  api.post('/api/invitations/preview', { body: { token }, anonymous: true });
export const declineInvitation = (token: string): Promise<void> =>
  api.post('/api/invitations/decline', { body: { token }, anonymous: true });

export const listRoles = (orgId: string, signal?: AbortSignal): Promise<RolesResponse> =>
  api.get('/api/orgs/:orgId/roles', { params: { orgId }, signal });
export const createRole = (orgId: string, body: CreateRoleRequest): Promise<RoleResponse> =>
  api.post('/api/orgs/:orgId/roles', { params: { orgId }, body });
export const updateRole = (orgId: string, roleId: string, body: UpdateRoleRequest): Promise<RoleResponse> =>
  api.patch('/api/orgs/:orgId/roles/:roleId', { params: { orgId, roleId }, body });
export const deleteRole = (orgId: string, roleId: string): Promise<void> =>
  api.delete('/api/orgs/:orgId/roles/:roleId', { params: { orgId, roleId } });

export const listAudit = (orgId: string, cursor: string | null, signal?: AbortSignal): Promise<AuditResponse> =>
  api.get('/api/orgs/:orgId/audit', { params: { orgId }, query: page(cursor), signal });

export const renameOrg = (orgId: string, name: string): Promise<UpdateOrgResponse> =>
  api.patch('/api/orgs/:orgId', { params: { orgId }, body: { name } });
/** Step-up: the API may ask the person to prove who they are first. */
export const deleteOrg = (orgId: string): Promise<void> => api.delete('/api/orgs/:orgId', { params: { orgId } });

/** Members without a second factor get MFA_REQUIRED on every route of the org while it is on. */
export const setRequireMfa = (orgId: string, requireMfa: boolean): Promise<UpdateOrgResponse> =>
  api.patch('/api/orgs/:orgId', { params: { orgId }, body: { requireMfa } });
