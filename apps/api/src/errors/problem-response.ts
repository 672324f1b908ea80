import type { ApiError } from './api-error.ts';
import { type ProblemCode, problemCodes } from './problem-codes.ts';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail?: string;
  errors?: { path: string; message: string }[];
}

/** `VALIDATION_FAILED` → `urn:portcullis:problem:validation-failed`: stable, and names no host we do not own. */
export function problemType(code: ProblemCode): string {
  return `urn:portcullis:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

/**
 * Serialises only whitelisted fields, so nothing from `cause` or the stack can leak to a client.
 */
export function problemResponse(error: ApiError, extraHeaders: HeadersInit = {}): Response {
  const body: ProblemBody = {
    type: problemType(error.code),
    title: problemCodes[error.code].title,
    status: error.status,
    code: error.code,
  };
  if (error.detail !== undefined) body.detail = error.detail;
  if (error.errors !== undefined) body.errors = error.errors;
  const headers = new Headers(extraHeaders);
  headers.set('Content-Type', 'application/problem+json');
  for (const [name, value] of Object.entries(error.headers)) headers.set(name, value);
  return new Response(JSON.stringify(body), { status: error.status, headers });
}
