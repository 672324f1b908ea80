import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import * as z from 'zod';

/**
 * The browser's WebAuthn answers in their standard JSON forms (`RegistrationResponseJSON`,
 * `AuthenticationResponseJSON`), checked for shape and size at the boundary; what they prove is
 * @simplewebauthn/server's to check. Bounds: a credential id is at most 1023 bytes (WebAuthn
 * §6.1), and the whole body is capped at 16 KiB anyway.
 */
const b64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

/** A credential id as base64url: 1023 bytes at most. */
export const credentialIdSchema = b64url(1364);

const common = {
  id: credentialIdSchema,
  rawId: credentialIdSchema,
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  // Extension outputs are the browser's; none is used here, so none is kept.
  clientExtensionResults: z.looseObject({}).default({}),
};

export const registrationResponseSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url(4096),
    attestationObject: b64url(8192),
    authenticatorData: b64url(4096).optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url(4096).optional(),
  }),
}) satisfies z.ZodType<RegistrationResponseJSON>;

export const authenticationResponseSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url(4096),
    authenticatorData: b64url(4096),
    signature: b64url(1024),
    userHandle: b64url(128).optional(),
  }),
}) satisfies z.ZodType<AuthenticationResponseJSON>;
