import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/api-client.ts';
import type { TabMessage } from '../tabs/tab-channel.ts';
import { settle, type TestApp, testApp } from '../testing/signed-in.ts';

let app: TestApp;

afterEach(() => {
  app?.stop();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  localStorage.clear();
  sessionStorage.clear();
});

function otherTab(): { received: TabMessage[]; post(message: TabMessage): void; close(): void } {
  const channel = new BroadcastChannel('portcullis-auth');
  const received: TabMessage[] = [];
  channel.onmessage = (event: MessageEvent<TabMessage>) => received.push(event.data);
  return { received, post: (message) => channel.postMessage(message), close: () => channel.close() };
}

describe('session store', () => {
  it('restores the session from the refresh cookie on page load', async () => {
    app = await testApp();
    expect(app.session.status).toBe('signed-in');
    expect(app.session.user?.email).toBe('ada@example.com');
    expect(app.orgStore.activeOrg?.name).toBe('Acme');
    expect(app.api.refreshes).toBe(1);
  });

  it('stays signed out, without asking who-am-I, when there is no session cookie', async () => {
    app = await testApp({ signedIn: false });
    expect(app.session.status).toBe('signed-out');
    expect(app.api.callsTo('/api/auth/me')).toHaveLength(0);
  });

  it('keeps the access token out of web storage, readable cookies and the store state', async () => {
    app = await testApp({ signedIn: false });
    await app.session.login({ email: 'ada@example.com', password: 'correct horse' });
    expect(app.session.status).toBe('signed-in');

    const token = app.api.validToken ?? '';
    expect(token).not.toBe('');
    const everything = [
      JSON.stringify({ ...localStorage }),
      JSON.stringify({ ...sessionStorage }),
      document.cookie,
      JSON.stringify(app.session.$state),
      JSON.stringify(app.orgStore.$state),
    ];
    for (const place of everything) expect(place).not.toContain(token);
    // …and yet it is what authenticates the next request.
    await api.get('/api/sessions');
    expect(app.api.callsTo('/api/sessions').at(-1)?.authorization).toBe(`Bearer ${token}`);
  });

  it('refreshes once for any number of concurrent callers', async () => {
    app = await testApp();
    const before = app.api.refreshes;
    const results = await Promise.all([app.session.refresh(), app.session.refresh(), app.session.refresh()]);
    expect(results).toEqual([true, true, true]);
    expect(app.api.refreshes - before).toBe(1);
  });

  it('renews the access token a minute before it expires', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    app = await testApp();
    expect(app.api.refreshes).toBe(1);

    await vi.advanceTimersByTimeAsync(538_000);
    expect(app.api.refreshes).toBe(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(app.api.refreshes).toBe(2);
    // …and the renewed token is renewed in turn.
    await vi.advanceTimersByTimeAsync(541_000);
    expect(app.api.refreshes).toBe(3);
  });

  it('ends the session when the proactive refresh is refused', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    app = await testApp();
    app.api.cookieValid = false;
    await vi.advanceTimersByTimeAsync(541_000);
    expect(app.session.status).toBe('signed-out');
    expect(app.session.endReason).toBe('expired');
  });

  it('turns a wrong password into an error and stays signed out', async () => {
    app = await testApp({ signedIn: false });
    await expect(app.session.login({ email: 'ada@example.com', password: 'nope' })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect(app.session.status).toBe('signed-out');
  });

  it('tells the other tabs when it signs out', async () => {
    app = await testApp();
    const tab = otherTab();
    await app.session.logout();
    await settle();
    tab.close();

    expect(app.session.status).toBe('signed-out');
    expect(app.session.endReason).toBe('signed-out');
    expect(tab.received).toContainEqual({ type: 'signed-out' });
    expect(app.api.callsTo('/api/auth/logout')[0]?.authorization).toBeNull();
  });

  it('signs out when another tab signs out', async () => {
    app = await testApp();
    const tab = otherTab();
    tab.post({ type: 'signed-out' });
    await settle();
    tab.close();

    expect(app.session.status).toBe('signed-out');
    expect(app.session.endReason).toBe('other-tab');
  });

  it('picks up a sign-in made in another tab from the shared cookie', async () => {
    app = await testApp({ signedIn: false });
    app.api.cookieValid = true;
    const tab = otherTab();
    tab.post({ type: 'signed-in', userId: 'user-1' });
    await vi.waitFor(() => expect(app.session.status).toBe('signed-in'));
    tab.close();
  });

  it('takes over the session when another tab signs in as someone else', async () => {
    app = await testApp();
    const before = app.api.refreshes;
    app.api.me = { ...app.api.me, user: { ...app.api.me.user, id: 'user-2', email: 'grace@example.com' } };
    const tab = otherTab();
    tab.post({ type: 'signed-in', userId: 'user-2' });
    await vi.waitFor(() => expect(app.session.user?.id).toBe('user-2'));
    tab.close();
    expect(app.api.refreshes - before).toBe(1);
  });

  it('keeps this device signed in when signing out the others', async () => {
    app = await testApp();
    app.api.route('POST /api/auth/logout', () => new Response(null, { status: 204 }));
    const tab = otherTab();
    await app.session.logout('others');
    await settle();
    tab.close();

    expect(app.session.status).toBe('signed-in');
    expect(tab.received).toEqual([]);
  });
});
