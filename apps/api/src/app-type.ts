/**
 * What the web app may know of the API, as the package export `@portcullis/api/app-type`: the Hono
 * app (its routes give the request and response types and the paths) and the problem vocabulary.
 * Types only: importing them puts nothing of the API in the SPA's bundle.
 */
export type { App } from './app.ts';
export type { ProblemBody, ProblemCode } from './errors/index.ts';
export type { OAuthFailureCode } from './oauth/oauth-failure.ts';
