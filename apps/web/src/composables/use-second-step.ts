import { type ComputedRef, computed, type Ref, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { toApiProblem } from '../api/api-problem.ts';
import type { SecondFactorMethod } from '../api/api-types.ts';
import { signWithPasskey } from '../api/passkey-ceremony.ts';
import { safeNext } from '../router/safe-next.ts';
import { useSessionStore } from '../stores/session-store.ts';
import { formatWait } from '../utils/format-wait.ts';
import { useCountdown } from './use-countdown.ts';

export interface SecondStep {
  /** The user's methods, passkey first (one touch), then the app's code, then a recovery code. */
  methods: ComputedRef<readonly SecondFactorMethod[]>;
  method: Ref<SecondFactorMethod>;
  code: Ref<string>;
  busy: Ref<boolean>;
  error: Ref<string | null>;
  choose(method: SecondFactorMethod): void;
  /** Sends the code or recovery code typed in. */
  submitCode(): Promise<void>;
  /** Opens the browser's passkey prompt for the API's challenge, and sends the signature. */
  withPasskey(): Promise<void>;
}

/** "Try again in 14 min 59 s", from the lockout's Retry-After as it counts down. */
export function lockoutMessage(retryAfter: number | null): string {
  const paused = 'Too many wrong answers: sign-in to this account is paused.';
  if (retryAfter === null) return `${paused} Try again later.`;
  if (retryAfter === 0) return 'You can try again now.';
  return `${paused} Try again in ${formatWait(retryAfter)}.`;
}

const order: readonly SecondFactorMethod[] = ['webauthn', 'totp', 'recovery'];

const wrongAnswer: Record<SecondFactorMethod, string> = {
  totp: 'That code is not right. Enter the current 6-digit code from your authenticator app.',
  recovery: 'That recovery code is not right, or it was already used.',
  webauthn: 'That passkey was not accepted. Try again, or choose another way.',
};

/**
 * The second step of a sign-in. The ticket is the session store's; this decides what the person
 * sees. A wrong answer says so and keeps the page; a dead ticket (expired, or killed by too many
 * wrong answers — the API answers 401 UNAUTHENTICATED) goes back to the password with a message;
 * a lockout (429) says how long to wait. Success is the session store's: follow-session.ts leaves
 * this guest-only page for `next`.
 */
export function useSecondStep(): SecondStep {
  const session = useSessionStore();
  const router = useRouter();
  const route = useRoute();
  const methods = computed(() => order.filter((method) => session.secondFactor?.methods.includes(method)));
  const method = ref<SecondFactorMethod>(methods.value[0] ?? 'totp');
  const code = ref('');
  const busy = ref(false);
  const error = ref<string | null>(null);
  const lockout = useCountdown((left) => {
    error.value = lockoutMessage(left);
  });

  function choose(next: SecondFactorMethod): void {
    lockout.stop();
    method.value = next;
    code.value = '';
    error.value = null;
  }

  async function answer(send: () => Promise<void>): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    lockout.stop();
    error.value = null;
    try {
      await send();
    } catch (failure) {
      const problem = toApiProblem(failure);
      if (problem.status === 401 && problem.code !== 'INVALID_CREDENTIALS') {
        const next = safeNext(route.query.next);
        await router.replace({ path: '/login', query: { step: 'expired', ...(next ? { next } : {}) } });
        return;
      }
      if (problem.code === 'INVALID_CREDENTIALS') {
        error.value = wrongAnswer[method.value];
        code.value = '';
      } else if (problem.code === 'RATE_LIMITED') {
        if (problem.retryAfter === null) error.value = lockoutMessage(null);
        else lockout.start(problem.retryAfter);
      } else {
        error.value = problem.message;
      }
    } finally {
      busy.value = false;
    }
  }

  function submitCode(): Promise<void> {
    const kind = method.value === 'recovery' ? 'recovery' : 'totp';
    // Authenticator apps show "123 456"; the API wants the six digits.
    const typed = kind === 'totp' ? code.value.replace(/\s+/g, '') : code.value.trim();
    if (!typed) {
      error.value =
        kind === 'totp' ? 'Enter the code from your authenticator app.' : 'Enter one of your recovery codes.';
      return Promise.resolve();
    }
    return answer(() => session.verifySecondFactor({ method: kind, code: typed }));
  }

  const withPasskey = (): Promise<void> =>
    answer(async () => {
      const options = await session.secondFactorPasskeyOptions();
      await session.verifySecondFactor({ method: 'webauthn', response: await signWithPasskey(options) });
    });

  return { methods, method, code, busy, error, choose, submitCode, withPasskey };
}
