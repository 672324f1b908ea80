// Created once by `pnpm generate` from resources/posts.resource.ts: this file is yours, the generator never overwrites it.
import type posts from '../../../../resources/posts.resource.ts';
import { defineHooks } from '../resource-kit/resource-hooks.ts';

/**
 * Your own rules for posts, run by its routes around the generated checks: validation
 * the field types cannot express, and side effects. Throw an `ApiError` to refuse, e.g.
 *
 *   beforeUpdate: ({ current }) => {
 *     if (current.paid) throw new ApiError('CONFLICT', { detail: 'A paid invoice cannot be edited.' });
 *   },
 */
export const postsHooks = defineHooks<typeof posts>({});
