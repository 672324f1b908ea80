import { api } from './api-client.ts';
import type { AdminUsersResponse, BlockRequest, SecurityEventsResponse, SessionsResponse } from './api-types.ts';

export const listSessions = (signal?: AbortSignal): Promise<SessionsResponse> =>
  api.get('/api/sessions', undefined, signal);

export const endSession = (id: string): Promise<void> => api.delete(`/api/sessions/${encodeURIComponent(id)}`);

export const listSecurityEvents = (signal?: AbortSignal): Promise<SecurityEventsResponse> =>
  api.get('/api/auth/events', undefined, signal);

export const listUsers = (query: string, cursor: string | null, signal?: AbortSignal): Promise<AdminUsersResponse> =>
  api.get('/api/admin/users', { query, ...(cursor ? { cursor } : {}) }, signal);

const userPath = (id: string) => `/api/admin/users/${encodeURIComponent(id)}`;

export const blockUser = (id: string, body: BlockRequest): Promise<void> => api.post(`${userPath(id)}/block`, body);
export const unblockUser = (id: string): Promise<void> => api.post(`${userPath(id)}/unblock`);
export const revokeUserSessions = (id: string): Promise<void> => api.delete(`${userPath(id)}/sessions`);
