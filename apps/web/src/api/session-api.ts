import { api } from './api-client.ts';
import type {
  AdminUserDetailResponse,
  AdminUsersResponse,
  BlockRequest,
  SecurityEventsResponse,
  SessionsResponse,
} from './api-types.ts';

export const listSessions = (signal?: AbortSignal): Promise<SessionsResponse> => api.get('/api/sessions', { signal });

export const endSession = (id: string): Promise<void> => api.delete('/api/sessions/:id', { params: { id } });

export const listSecurityEvents = (signal?: AbortSignal): Promise<SecurityEventsResponse> =>
  api.get('/api/auth/events', { signal });

export const listUsers = (query: string, cursor: string | null, signal?: AbortSignal): Promise<AdminUsersResponse> =>
  api.get('/api/admin/users', { query: { query, ...(cursor ? { cursor } : {}) }, signal });

export const blockUser = (id: string, body: BlockRequest): Promise<void> =>
  api.post('/api/admin/users/:id/block', { params: { id }, body });
export const unblockUser = (id: string): Promise<void> => api.post('/api/admin/users/:id/unblock', { params: { id } });
export const revokeUserSessions = (id: string): Promise<void> =>
  api.delete('/api/admin/users/:id/sessions', { params: { id } });

export const getAdminUser = (id: string, signal?: AbortSignal): Promise<AdminUserDetailResponse> =>
  api.get('/api/admin/users/:id', { params: { id }, signal });
export const listUserEvents = (userId: string, signal?: AbortSignal): Promise<SecurityEventsResponse> =>
  api.get('/api/admin/events', { query: { userId }, signal });
export const revokeUserSession = (id: string, sessionId: string): Promise<void> =>
  api.delete('/api/admin/users/:id/sessions/:sessionId', { params: { id, sessionId } });
