import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  WebAuthnAbortService,
} from '@simplewebauthn/browser';
import { onBeforeUnmount, onMounted, type Ref, ref } from 'vue';
import { api } from '../api/api-client.ts';
import { toApiProblem } from '../api/api-problem.ts';
import { signWithPasskey } from '../api/passkey-ceremony.ts';
import { useSessionStore } from '../stores/session-store.ts';

export interface PasskeySignIn {
  /** Whether this browser can use passkeys at all (the button is hidden otherwise). */
  supported: Ref<boolean>;
  busy: Ref<boolean>;
  error: Ref<string | null>;
  /** "Sign in with a passkey": the browser's passkey prompt. */
  signIn(): Promise<void>;
}

/**
 * Passwordless sign-in for the login page: a button that opens the browser's passkey prompt, and
 * — where the browser supports conditional mediation — passkeys offered in the username field's
 * autofill (`autocomplete="username webauthn"`), waiting in the background from the moment the
 * page opens. The session store takes over once the API accepts the signature.
 */
export function usePasskeySignIn(): PasskeySignIn {
  const session = useSessionStore();
  const supported = ref(false);
  const busy = ref(false);
  const error = ref<string | null>(null);
  let left = false;

  async function ceremony(autofill: boolean): Promise<void> {
    const options = await api.post('/api/auth/passkeys/login/options', { body: {} });
    const response = await signWithPasskey(options, autofill);
    busy.value = true;
    await session.loginWithPasskey(response);
  }

  function explain(failure: unknown): string {
    const problem = toApiProblem(failure);
    // Passkeys the API does not know (removed from the account, or made for another site).
    if (problem.code === 'INVALID_CREDENTIALS')
      return 'That passkey was not accepted. It may have been removed from your account.';
    return problem.message;
  }

  /** The background request that autofill answers. */
  async function autofill(): Promise<void> {
    if (left) return;
    try {
      await ceremony(true);
    } catch (failure) {
      busy.value = false;
      const problem = toApiProblem(failure);
      // Cancelled: the button's prompt took over, or the page is closing. Not the person's concern.
      if (problem.code === 'PASSKEY_CANCELLED') return;
      // Not started again by itself: a browser that answers at once would ask in a loop. The
      // button, or the next visit, tries again.
      error.value = explain(problem);
    }
  }

  async function signIn(): Promise<void> {
    if (busy.value) return;
    error.value = null;
    busy.value = true;
    try {
      await ceremony(false);
    } catch (failure) {
      error.value = explain(failure);
      void autofillIfSupported();
    } finally {
      busy.value = false;
    }
  }

  async function autofillIfSupported(): Promise<void> {
    if (await browserSupportsWebAuthnAutofill()) void autofill();
  }

  onMounted(() => {
    supported.value = browserSupportsWebAuthn();
    if (supported.value) void autofillIfSupported();
  });
  onBeforeUnmount(() => {
    left = true;
    WebAuthnAbortService.cancelCeremony();
  });

  return { supported, busy, error, signIn };
}
