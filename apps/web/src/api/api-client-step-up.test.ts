import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ReauthDialog from '../components/ReauthDialog.vue';
import { problem } from '../testing/fake-api.ts';
import { settle, type TestApp, testApp } from '../testing/signed-in.ts';
import { api } from './api-client.ts';
import type { ApiProblem } from './api-problem.ts';
import { connectStepUp } from './step-up.ts';

let app: TestApp;
let disconnect = () => {};

afterEach(() => {
  disconnect();
  app?.stop();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

/**
 * A sensitive route as the API has it: 403 REAUTH_REQUIRED until the session proved a credential
 * again through POST /api/auth/reauth (the right password is `correct horse`).
 */
function sensitiveRoute(options: { alwaysRefuse?: boolean } = {}): { proved: () => boolean } {
  let proved = false;
  app.api.authenticated('POST /api/auth/reauth', async (request) => {
    const body = (await request.json()) as { password?: string };
    if (body.password !== 'correct horse') return problem(401, 'INVALID_CREDENTIALS');
    proved = true;
    return new Response(null, { status: 204 });
  });
  app.api.authenticated('DELETE /api/auth/mfa/totp', () =>
    proved && !options.alwaysRefuse ? new Response(null, { status: 204 }) : problem(403, 'REAUTH_REQUIRED'),
  );
  app.api.authenticated('GET /api/auth/mfa', () => Response.json({ totp: true, passkeys: 0, recoveryCodesLeft: 10 }));
  return { proved: () => proved };
}

/** A dialog stand-in that answers with the password (or cancels), counting how often it is opened. */
function scriptedDialog(answer: 'password' | 'cancel') {
  const asked: ApiProblem[] = [];
  disconnect = connectStepUp(async (reason) => {
    asked.push(reason);
    if (answer === 'cancel') return false;
    await api.post('/api/auth/reauth', { body: { password: 'correct horse' } });
    return true;
  });
  return asked;
}

describe('step-up in the api client', () => {
  it('opens the re-authentication dialog on REAUTH_REQUIRED and replays the call once', async () => {
    app = await testApp();
    const route = sensitiveRoute();
    const asked = scriptedDialog('password');

    await expect(api.delete('/api/auth/mfa/totp')).resolves.toBeUndefined();

    expect(asked.map((reason) => reason.code)).toEqual(['REAUTH_REQUIRED']);
    expect(route.proved()).toBe(true);
    expect(app.api.callsTo('/api/auth/mfa/totp')).toHaveLength(2);
  });

  it('fails the call with REAUTH_REQUIRED, unreplayed, when the person cancels', async () => {
    app = await testApp();
    sensitiveRoute();
    scriptedDialog('cancel');

    await expect(api.delete('/api/auth/mfa/totp')).rejects.toMatchObject({ status: 403, code: 'REAUTH_REQUIRED' });
    expect(app.api.callsTo('/api/auth/mfa/totp')).toHaveLength(1);
    expect(app.api.callsTo('/api/auth/reauth')).toHaveLength(0);
  });

  it('does not ask again when the replay answers REAUTH_REQUIRED too', async () => {
    app = await testApp();
    sensitiveRoute({ alwaysRefuse: true });
    const asked = scriptedDialog('password');

    await expect(api.delete('/api/auth/mfa/totp')).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    expect(asked).toHaveLength(1);
    expect(app.api.callsTo('/api/auth/mfa/totp')).toHaveLength(2);
  });

  it('asks once for calls that need it at the same time, and replays each', async () => {
    app = await testApp();
    sensitiveRoute();
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let asked = 0;
    disconnect = connectStepUp(async () => {
      asked += 1;
      await gate;
      await api.post('/api/auth/reauth', { body: { password: 'correct horse' } });
      return true;
    });

    const calls = Promise.all([api.delete('/api/auth/mfa/totp'), api.delete('/api/auth/mfa/totp')]);
    await settle();
    open();
    await calls;

    expect(asked).toBe(1);
    expect(app.api.callsTo('/api/auth/mfa/totp')).toHaveLength(4);
  });

  it('fails with REAUTH_REQUIRED when no dialog is there to ask', async () => {
    app = await testApp();
    sensitiveRoute();

    await expect(api.delete('/api/auth/mfa/totp')).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
  });
});

describe('the re-authentication dialog', () => {
  async function mountDialog() {
    const wrapper = mount(ReauthDialog, { attachTo: document.body });
    await flushPromises();
    return wrapper;
  }

  it('takes the password, says when it is wrong, and lets the waiting call through once right', async () => {
    app = await testApp();
    sensitiveRoute();
    const wrapper = await mountDialog();

    const call = api.delete('/api/auth/mfa/totp');
    await settle();
    const dialog = wrapper.get('dialog');
    expect(dialog.element.open).toBe(true);
    // The user has an authenticator app: it is offered beside the password.
    expect(wrapper.text()).toContain('Authenticator code');

    await wrapper.get('#reauth-password').setValue('wrong horse');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.text()).toContain('Incorrect password');
    expect(dialog.element.open).toBe(true);

    await wrapper.get('#reauth-password').setValue('correct horse');
    await wrapper.get('form').trigger('submit');
    await expect(call).resolves.toBeUndefined();
    expect(dialog.element.open).toBe(false);
    expect(app.api.callsTo('/api/auth/mfa/totp')).toHaveLength(2);
    wrapper.unmount();
  });

  it('fails the waiting call with its problem on Cancel', async () => {
    app = await testApp();
    sensitiveRoute();
    const wrapper = await mountDialog();

    const call = api.delete('/api/auth/mfa/totp');
    await settle();
    const cancel = wrapper.findAll('button').find((button) => button.text() === 'Cancel');
    await cancel?.trigger('click');

    await expect(call).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    expect(app.api.callsTo('/api/auth/mfa/totp')).toHaveLength(1);
    wrapper.unmount();
  });
});
