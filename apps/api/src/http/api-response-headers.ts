/**
 * Headers for everything the Worker answers. API answers are JSON that no page should render,
 * frame or cache, so their CSP forbids everything. The SPA's own CSP is in apps/web/public/_headers,
 * because static assets are served without running the Worker.
 *
 * What `hono/secure-headers` sets with these options (api-response-headers.test.ts compares the
 * two), kept as one plain object that middleware/security-headers.ts sets on every answer.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

/**
 * Tokens and personal data must not land in shared or browser caches. Routes that are safe to
 * cache (JWKS) set their own Cache-Control.
 */
export const DEFAULT_CACHE_CONTROL = 'no-store';
