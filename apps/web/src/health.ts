export type Health = 'ok' | 'down';

/** Asks the API whether it (and its store) can serve requests. */
export async function fetchHealth(fetcher: typeof fetch = fetch): Promise<Health> {
  try {
    const response = await fetcher('/api/health');
    return response.ok ? 'ok' : 'down';
  } catch {
    return 'down';
  }
}
