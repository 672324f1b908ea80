import { ApiError } from '../../errors/index.ts';

/** The script's re-check of the caller's role failed: it changed while the request ran. */
export function staleRoleError(): ApiError {
  return new ApiError('CONFLICT', {
    detail: 'Your role or the roles involved changed while this request ran; reload and try again.',
  });
}

/** Unknown, malformed, or not visible to the caller — all answered alike. */
export function notFoundError(what: string): ApiError {
  return new ApiError('NOT_FOUND', { detail: `No such ${what}.` });
}

export function lastOwnerError(): ApiError {
  return new ApiError('CONFLICT', {
    detail: 'An organization needs at least one owner: make someone else owner first.',
  });
}
