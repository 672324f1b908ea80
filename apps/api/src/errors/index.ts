export { ApiError, type ApiErrorOptions, type FieldError } from './api-error.ts';
export { type ProblemCode, problemCodes } from './problem-codes.ts';
export { type ProblemBody, problemResponse, problemType } from './problem-response.ts';
