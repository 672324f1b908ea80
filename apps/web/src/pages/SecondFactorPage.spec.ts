import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lockoutMessage } from '../composables/use-second-step.ts';
import type { FakeApi } from '../testing/fake-api.ts';
import { problem } from '../testing/fake-api.ts';
import { settle, type TestApp, testApp } from '../testing/signed-in.ts';
import SecondFactorPage from './SecondFactorPage.vue';

let app: TestApp;

afterEach(() => {
  app?.stop();
  vi.unstubAllGlobals();
});

/**
 * The API for a user with an authenticator app and recovery codes: the password answers a ticket;
 * `mfa/verify` takes 123456 or the recovery code `abcd-efgh`, refuses other codes, treats `dead`
 * as a spent ticket and `lock` as a locked account.
 */
function withSecondFactor(fake: FakeApi, methods = ['totp', 'recovery']): void {
  fake.route('POST /api/auth/login', () =>
    Response.json({ mfaRequired: true, mfaToken: 'ticket-1', methods, expiresIn: 300 }),
  );
  fake.route('POST /api/auth/mfa/verify', async (request) => {
    const body = (await request.json()) as { mfaToken?: string; method?: string; code?: string };
    if (body.mfaToken !== 'ticket-1' || body.code === 'dead') return problem(401, 'UNAUTHENTICATED');
    if (body.code === 'lock') {
      const locked = problem(429, 'RATE_LIMITED');
      locked.headers.set('Retry-After', '900');
      return locked;
    }
    const right = body.method === 'totp' ? body.code === '123456' : body.code === 'abcd-efgh';
    if (!right) return problem(401, 'INVALID_CREDENTIALS');
    fake.cookieValid = true;
    fake.validToken = 'token-mfa';
    return Response.json({ accessToken: 'token-mfa', tokenType: 'Bearer', expiresIn: 600, user: fake.me.user });
  });
}

async function atSecondStep(methods?: string[]) {
  app = await testApp({ signedIn: false, configure: (fake) => withSecondFactor(fake, methods) });
  await app.router.push('/login?next=/devices');
  expect(await app.session.login({ email: 'ada@example.com', password: 'correct horse' })).toBe('second-factor');
  await app.router.push('/login/verify?next=/devices');
  const wrapper = mount(SecondFactorPage, { global: { plugins: [app.router] } });
  await flushPromises();
  return wrapper;
}

async function answer(wrapper: Awaited<ReturnType<typeof atSecondStep>>, field: string, code: string) {
  await wrapper.get(field).setValue(code);
  await wrapper.get('form').trigger('submit');
  await settle();
}

const path = () => app.router.currentRoute.value.fullPath;

describe('the second step of a sign-in', () => {
  it('holds no session after the password alone, and signs in with the right code, on to next', async () => {
    const wrapper = await atSecondStep();
    expect(app.session.status).toBe('signed-out');
    expect(app.api.validToken).toBeNull();

    await answer(wrapper, '#second-step-code', '123 456');

    expect(app.session.status).toBe('signed-in');
    expect(app.session.secondFactor).toBeNull();
    // The first visit to /devices compiles its page: allow for it.
    await vi.waitFor(() => expect(path()).toBe('/devices'), { timeout: 10_000 });
  });

  it('says a wrong code is wrong and stays, ready for another', async () => {
    const wrapper = await atSecondStep();

    await answer(wrapper, '#second-step-code', '000000');

    expect(wrapper.get('[role="alert"]').text()).toContain('That code is not right');
    expect(path()).toBe('/login/verify?next=/devices');
    expect((wrapper.get('#second-step-code').element as HTMLInputElement).value).toBe('');
    expect(app.session.status).toBe('signed-out');
  });

  it('offers the other methods the user has, and takes a recovery code', async () => {
    const wrapper = await atSecondStep();
    const toRecovery = wrapper.findAll('button').find((button) => button.text() === 'Use a recovery code instead');
    expect(toRecovery).toBeDefined();
    expect(wrapper.text()).not.toContain('Use a passkey instead');
    await toRecovery?.trigger('click');

    await answer(wrapper, '#second-step-recovery', 'abcd-efgh');

    expect(app.session.status).toBe('signed-in');
  });

  it('goes back to the password with a message when the ticket has expired or died', async () => {
    const wrapper = await atSecondStep();

    await answer(wrapper, '#second-step-code', 'dead');

    await vi.waitFor(() => expect(path()).toBe('/login?step=expired&next=/devices'));
    expect(app.session.secondFactor).toBeNull();
    expect(app.session.status).toBe('signed-out');
  });

  it('says how long the account is locked when the API answers 429', async () => {
    const wrapper = await atSecondStep();

    await answer(wrapper, '#second-step-code', 'lock');

    expect(wrapper.get('[role="alert"]').text()).toBe(lockoutMessage(900));
    expect(lockoutMessage(900)).toContain('Try again in 15 min 00 s.');
    // It counts down, and says when the wait is over.
    expect(lockoutMessage(59)).toContain('Try again in 59 seconds.');
    expect(lockoutMessage(0)).toBe('You can try again now.');
    expect(path()).toBe('/login/verify?next=/devices');
  });

  it('puts the passkey first for a user who has one', async () => {
    const wrapper = await atSecondStep(['webauthn', 'totp', 'recovery']);

    expect(wrapper.findAll('button').some((button) => button.text() === 'Use a passkey')).toBe(true);
    expect(wrapper.find('#second-step-code').exists()).toBe(false);
    expect(wrapper.text()).toContain('Use your authenticator app instead');
  });

  it('cannot be opened without a ticket (a reload, a bookmark): back to the password', async () => {
    app = await testApp({ signedIn: false });

    await app.router.push('/login/verify?next=/devices');

    expect(path()).toBe('/login?next=/devices');
  });
});
