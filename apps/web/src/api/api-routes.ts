/**
 * The API's routes as types, read from the Hono app itself (a type-only import: nothing of the API
 * reaches the bundle). A path is written as the API declares it — `/api/orgs/:orgId/members` — so a
 * misspelt or removed route is a vue-tsc error where it is called, and its answer's type comes
 * with it.
 */
import type { App } from '@portcullis/api/app-type';
import type { ExtractSchema, ParamKeys } from 'hono/types';

type Routes = ExtractSchema<App>;

export type Method = 'get' | 'post' | 'patch' | 'delete';

/** Every path the API answers `method` on. */
export type ApiPath<M extends Method> = {
  [P in keyof Routes & string]: `$${M}` extends keyof Routes[P] ? P : never;
}[keyof Routes & string];

type Endpoint<M extends Method, P extends ApiPath<M>> = Routes[P][`$${M}` & keyof Routes[P]];

/** The JSON a route answers with; `undefined` for an empty answer (204, 202). Problems are thrown, not answered. */
export type ApiAnswer<M extends Method, P extends ApiPath<M>> =
  Endpoint<M, P> extends infer E ? (E extends { outputFormat: 'json'; output: infer Body } ? Body : undefined) : never;

/** What a route validates: its `json` body, `query`… */
export type ApiInput<M extends Method, P extends ApiPath<M>> =
  Endpoint<M, P> extends { input: infer Input } ? Input : never;

/** The values of a path's `:name` segments — `{ params: { orgId: string } }` — or nothing to fill in. */
export type PathParams<P extends string> = [ParamKeys<P>] extends [never]
  ? { params?: undefined }
  : { params: { [Name in ParamKeys<P>]: string } };
