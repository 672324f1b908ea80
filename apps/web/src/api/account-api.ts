import { api } from './api-client.ts';
import type {
  PasswordChangeRequest,
  PasswordForgotRequest,
  PasswordResetRequest,
  UpdateNameResponse,
  VerifyEmailRequest,
} from './api-types.ts';

/** Always answers the same, whether or not the email has an account (no enumeration). */
export const requestPasswordReset = (body: PasswordForgotRequest): Promise<void> =>
  api.post('/api/auth/password/forgot', { body });

/** Ends every session of the account. */
export const resetPassword = (body: PasswordResetRequest): Promise<void> =>
  api.post('/api/auth/password/reset', { body });

/** Whether a reset link still works, without spending it (the page asks on load). */
export const checkResetLink = (token: string): Promise<void> =>
  api.post('/api/auth/password/reset/check', { body: { token }, anonymous: true });

/** Ends every other session of the account. */
export const changePassword = (body: PasswordChangeRequest): Promise<void> =>
  api.post('/api/auth/password/change', { body });

export const verifyEmail = (body: VerifyEmailRequest): Promise<void> => api.post('/api/auth/verify-email', { body });

/** For the signed-in caller (the bearer token says who). */
export const resendVerification = (): Promise<void> => api.post('/api/auth/verify-email/resend', { body: {} });

/** For someone who cannot sign in until verified; answers alike whether or not the email exists. */
export const resendVerificationTo = (email: string): Promise<void> =>
  api.post('/api/auth/verify-email/resend', { body: { email }, anonymous: true });

export const updateName = (name: string): Promise<UpdateNameResponse> => api.patch('/api/auth/me', { body: { name } });

/** Step-up: the API may ask the person to prove who they are first (api-client.ts replays the call). */
export const requestEmailChange = (email: string): Promise<void> =>
  api.post('/api/auth/email/change', { body: { email } });

/** The token alone: the link may be opened on a device that is not signed in. */
export const confirmEmailChange = (token: string): Promise<void> =>
  api.post('/api/auth/email/confirm', { body: { token }, anonymous: true });

/** Step-up, like changing the address. Ends every session. */
export const deleteOwnAccount = (): Promise<void> => api.delete('/api/auth/me');
