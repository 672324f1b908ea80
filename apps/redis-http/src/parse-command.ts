import type { Command } from './backend.ts';
import { HttpError } from './errors.ts';

/** Reads the body of `POST /`: one command as a JSON array, e.g. `["SET","k","v"]`. */
export function parseCommand(body: string): Command {
  return toCommand(parseJson(body), 'the request body');
}

/** Reads the body of `POST /pipeline` and `POST /multi-exec`: a JSON array of commands. */
export function parseBatch(body: string): Command[] {
  const value = parseJson(body);
  if (!Array.isArray(value) || value.length === 0) {
    throw badRequest('the request body must be a non-empty JSON array of commands');
  }
  return value.map((item: unknown, index) => toCommand(item, `command ${index + 1}`));
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw badRequest('the request body is not valid JSON');
  }
}

function toCommand(value: unknown, what: string): Command {
  if (!Array.isArray(value) || value.length === 0) {
    throw badRequest(`${what} must be a non-empty JSON array such as ["GET","key"]`);
  }
  const parts = value.map((item: unknown) => {
    if (typeof item === 'string') return item;
    // Redis has no numbers on the wire; a finite number stands for its decimal text.
    if (typeof item === 'number' && Number.isFinite(item)) return String(item);
    throw badRequest(`${what} may hold only strings and numbers`);
  });
  const [name, ...args] = parts;
  if (name === undefined || name === '') throw badRequest(`${what} has no command name`);
  return [name, ...args];
}

function badRequest(detail: string): HttpError {
  return new HttpError(400, `ERR ${detail}`);
}
