import { describe, expect, inject, it } from 'vitest';
import { authClient, refreshCookieOf, uniqueEmail } from '../../test/auth-client.ts';
import { emailOf, type Landing, oauthClient, uniqueLogin } from '../../test/oauth-client.ts';
import { testApp } from '../../test/test-app.ts';
import { userByEmail } from '../users/users.ts';

// A real OpenID Provider that, like Okta for the code flow, puts only `sub` in the ID token: the
// email, its verification and the name come from its UserInfo endpoint (test/oidc-provider.ts,
// `claimsOnlyInUserInfo`). The login name picks what UserInfo does.
const oidc = inject('oidc');
const { request, deps } = testApp(
  {},
  {
    AUTH_PROVIDERS: JSON.stringify([
      {
        id: 'userinfo',
        type: 'oidc',
        name: 'UserInfo SSO',
        issuer: oidc.userInfoIssuer,
        clientId: oidc.clientId,
        clientSecret: oidc.clientSecret,
      },
    ]),
  },
);
const oauth = oauthClient(request);
const auth = authClient(request);
const signIn = (login: string) => oauth.signIn(login, { provider: 'userinfo' });

async function expectRefused(landing: Landing, code: string, login: string) {
  expect(landing.location).toBe(`/login?error=${code}`);
  expect(refreshCookieOf(landing.response)).toBeNull();
  expect(await userByEmail(deps.store, emailOf(login))).toBeNull();
}

describe('an OpenID Provider that gives the email only from UserInfo', () => {
  it('creates the account from UserInfo’s email, verification and name, and signs it in again', async () => {
    const login = uniqueLogin();
    const landing = await signIn(login);
    expect(landing.location).toBe('/');
    const accessToken = await oauth.accessTokenOf(landing.browser);
    const me = (await (await auth.me(accessToken)).json()) as {
      user: { id: string; email: string; emailVerified: boolean; name: string };
    };
    expect(me.user).toMatchObject({ email: emailOf(login), emailVerified: true, name: `User ${login}` });
    expect(await oauth.identities(accessToken)).toEqual([
      { id: expect.any(String), provider: 'userinfo', email: emailOf(login), linkedAt: expect.any(String) },
    ]);
    const again = await signIn(login);
    expect(again.location).toBe('/');
    const meAgain = (await (await auth.me(await oauth.accessTokenOf(again.browser))).json()) as {
      user: { id: string };
    };
    expect(meAgain.user.id).toBe(me.user.id);
  });

  it('links an identity with UserInfo’s email from a signed-in session', async () => {
    const session = await auth.login((await auth.register(uniqueEmail('userinfo-linker'))).email);
    const login = uniqueLogin();
    const landing = await oauth.link(session.accessToken, login, 'userinfo');
    expect(landing.location).toBe('/security?linked=userinfo');
    expect(await oauth.identities(session.accessToken)).toEqual([
      { id: expect.any(String), provider: 'userinfo', email: emailOf(login), linkedAt: expect.any(String) },
    ]);
  });

  it('UserInfo about another user (its sub is not the ID token’s): token-invalid, nothing created', async () => {
    const login = uniqueLogin('userinfo-sub');
    await expectRefused(await signIn(login), 'token-invalid', login);
    // Not under the other user's name either.
    expect(await userByEmail(deps.store, emailOf(`someone-else-${login}`))).toBeNull();
  });

  it('UserInfo refusing the access token: token-invalid, nothing created', async () => {
    const login = uniqueLogin('userinfo-401');
    await expectRefused(await signIn(login), 'token-invalid', login);
  });

  it.each(['userinfo-503', 'userinfo-reset'])(
    'UserInfo down or unreachable (%s): provider-unavailable, nothing created',
    async (prefix) => {
      const login = uniqueLogin(prefix);
      await expectRefused(await signIn(login), 'provider-unavailable', login);
    },
  );

  it('no email in UserInfo either, or one it does not vouch for: email-unverified, nothing created', async () => {
    const unverified = uniqueLogin('unverified');
    await expectRefused(await signIn(unverified), 'email-unverified', unverified);
    const none = uniqueLogin('noemail');
    await expectRefused(await signIn(none), 'email-unverified', none);
  });
});
