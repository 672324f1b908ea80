import { api } from './api-client.ts';
import type { IdentitiesResponse, ProvidersResponse } from './api-types.ts';

export const listProviders = (signal?: AbortSignal): Promise<ProvidersResponse> =>
  api.get('/api/auth/providers', { signal, anonymous: true });

/**
 * Where a provider's button goes: a full navigation (the API redirects to the provider, which
 * redirects back to the API), never a fetch. `next` must be a same-origin path; the API ignores
 * anything else.
 */
export function providerStartUrl(providerId: string, next: string | null): string {
  const path = `/api/auth/oauth/${encodeURIComponent(providerId)}/start`;
  return next ? `${path}?${new URLSearchParams({ next })}` : path;
}

/** The URL to send the browser to so that the provider's account is linked to this user. */
export const startLink = async (providerId: string): Promise<string> =>
  (await api.post('/api/auth/oauth/:provider/link', { params: { provider: providerId }, body: {} })).url;

export const listIdentities = (signal?: AbortSignal): Promise<IdentitiesResponse> =>
  api.get('/api/auth/identities', { signal });

export const unlinkIdentity = (id: string): Promise<void> => api.delete('/api/auth/identities/:id', { params: { id } });
