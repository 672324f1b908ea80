import { api } from './api-client.ts';
import type {
  AcceptInvitationResponse,
  AuditResponse,
  ChangeRoleResponse,
  CreateOrgResponse,
  CreatePostRequest,
  CreateRoleRequest,
  InvitationsResponse,
  InviteRequest,
  InviteResponse,
  MembersResponse,
  OrgResponse,
  PostResponse,
  PostsResponse,
  RoleResponse,
  RolesResponse,
  UpdatePostRequest,
  UpdateRoleRequest,
} from './api-types.ts';

export type {
  AuditEvent,
  Invitation,
  Member,
  OrgRole,
  Post,
} from './api-types.ts';

const org = (orgId: string) => `/api/orgs/${encodeURIComponent(orgId)}`;
const id = encodeURIComponent;

export const createOrg = (name: string): Promise<CreateOrgResponse> => api.post('/api/orgs', { name });
export const getOrg = (orgId: string): Promise<OrgResponse> => api.get(org(orgId));

export const listMembers = (orgId: string, signal?: AbortSignal): Promise<MembersResponse> =>
  api.get(`${org(orgId)}/members`, undefined, signal);
export const changeMemberRole = (orgId: string, userId: string, role: string): Promise<ChangeRoleResponse> =>
  api.patch(`${org(orgId)}/members/${id(userId)}`, { role });
export const removeMember = (orgId: string, userId: string): Promise<void> =>
  api.delete(`${org(orgId)}/members/${id(userId)}`);

export const listInvitations = (orgId: string, signal?: AbortSignal): Promise<InvitationsResponse> =>
  api.get(`${org(orgId)}/invitations`, undefined, signal);
export const invite = (orgId: string, body: InviteRequest): Promise<InviteResponse> =>
  api.post(`${org(orgId)}/invitations`, body);
export const revokeInvitation = (orgId: string, invitationId: string): Promise<void> =>
  api.delete(`${org(orgId)}/invitations/${id(invitationId)}`);
export const acceptInvitation = (token: string): Promise<AcceptInvitationResponse> =>
  api.post('/api/invitations/accept', { token });

export const listRoles = (orgId: string, signal?: AbortSignal): Promise<RolesResponse> =>
  api.get(`${org(orgId)}/roles`, undefined, signal);
export const createRole = (orgId: string, body: CreateRoleRequest): Promise<RoleResponse> =>
  api.post(`${org(orgId)}/roles`, body);
export const updateRole = (orgId: string, roleId: string, body: UpdateRoleRequest): Promise<RoleResponse> =>
  api.patch(`${org(orgId)}/roles/${id(roleId)}`, body);
export const deleteRole = (orgId: string, roleId: string): Promise<void> =>
  api.delete(`${org(orgId)}/roles/${id(roleId)}`);

export const listPosts = (orgId: string, cursor: string | null, signal?: AbortSignal): Promise<PostsResponse> =>
  api.get(`${org(orgId)}/posts`, cursor ? { cursor } : undefined, signal);
export const createPost = (orgId: string, body: CreatePostRequest): Promise<PostResponse> =>
  api.post(`${org(orgId)}/posts`, body);
export const updatePost = (orgId: string, postId: string, body: UpdatePostRequest): Promise<PostResponse> =>
  api.patch(`${org(orgId)}/posts/${id(postId)}`, body);
export const deletePost = (orgId: string, postId: string): Promise<void> =>
  api.delete(`${org(orgId)}/posts/${id(postId)}`);

export const listAudit = (orgId: string, cursor: string | null, signal?: AbortSignal): Promise<AuditResponse> =>
  api.get(`${org(orgId)}/audit`, cursor ? { cursor } : undefined, signal);
