import { type ProblemCode, problemCodes } from './problem-codes.ts';

export interface FieldError {
  path: string;
  message: string;
}

export interface ApiErrorOptions {
  detail?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * The only error the API throws on purpose. `app.onError` turns it into problem+json; anything
 * else that reaches `onError` is a bug and answers a bare 500 `INTERNAL`.
 */
export class ApiError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(code: ProblemCode, options: ApiErrorOptions = {}) {
    super(options.detail ?? problemCodes[code].title, { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = problemCodes[code].status;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}
