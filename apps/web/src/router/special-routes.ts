import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router';

/**
 * Shows the 403 or 404 page at the address that was asked for, so that a reload after a
 * permission change (or a fixed link) goes straight back to the real page.
 */
function at(name: 'forbidden' | 'not-found' | 'mfa-required', to: RouteLocationNormalized): RouteLocationRaw {
  return {
    name,
    params: { pathMatch: to.path.slice(1).split('/') },
    query: to.query,
    hash: to.hash,
    replace: true,
  };
}

export const forbiddenAt = (to: RouteLocationNormalized): RouteLocationRaw => at('forbidden', to);
export const notFoundAt = (to: RouteLocationNormalized): RouteLocationRaw => at('not-found', to);
/** The org at that address wants a second factor the person has not set up yet. */
export const mfaRequiredAt = (to: RouteLocationNormalized): RouteLocationRaw => at('mfa-required', to);
