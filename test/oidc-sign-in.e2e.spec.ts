/**
 * Single sign-on (issue 13): the engine against a real OpenID Provider started in the test
 * (oidc-provider). Discovery, code + PKCE, the ID token checked; the person matched by verified
 * email; unknown emails, disabled people and tampered tokens refused.
 */
import request from 'supertest';
import { startOidcProvider, type TestOidcProvider } from './support/oidc-provider';
import { TestApp, agencyBody, startTestApp } from './support/test-app';

const PUBLIC_URL = 'http://127.0.0.1:3999';
const CALLBACK = `${PUBLIC_URL}/api/v1/auth/oidc/callback`;

describe('single sign-on with OpenID Connect', () => {
  let provider: TestOidcProvider;
  let t: TestApp;
  let server: any;

  beforeAll(async () => {
    provider = await startOidcProvider({
      redirectUri: CALLBACK,
      accounts: {
        'kc-1': { email: 'Le.Van.C@mic.gov.vn', name: 'Lê Văn C' },
        'kc-2': { email: 'stranger@mic.gov.vn' },
        'kc-3': { email: 'disabled@mic.gov.vn' },
        'kc-4': { email: 'le.van.c@mic.gov.vn', emailVerified: false },
      },
    });
    t = await startTestApp({
      env: {
        PUBLIC_URL,
        SCAN_INTERVAL_MS: '3600000',
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        OIDC_ALLOW_HTTP: 'true',
      },
    });
    server = t.app.getHttpServer();
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BTTTT', 'Bộ Thông tin và Truyền thông')).expect(201);
    await t
      .as('admin')
      .post('/api/v1/users', { email: 'le.van.c@mic.gov.vn', name: 'Lê Văn C', agency: 'BTTTT', roles: ['agency'] })
      .expect(201);
    const off = await t
      .as('admin')
      .post('/api/v1/users', { email: 'disabled@mic.gov.vn', name: 'Khóa', roles: ['auditor'] })
      .expect(201);
    await t.as('admin').post(`/api/v1/users/${off.body.id}/disable`, {}).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });
  afterEach(() => provider.tamper(undefined));

  /** The browser's round trip: our login → the provider (signed in as `sub`) → our callback. */
  async function signInAs(sub: string, returnTo = '/#/tasks') {
    const agent = request.agent(server);
    provider.signInAs(sub);
    const start = await agent.get(`/api/v1/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`).expect(302);
    const authorize = new URL(start.headers.location);
    expect(authorize.origin).toBe(provider.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(CALLBACK);
    // at the provider: follow its redirects, keeping its cookies, until it sends us back
    const jar = new Map<string, string>();
    let next = authorize.toString();
    while (!next.startsWith(CALLBACK)) {
      const res = await fetch(next, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      next = new URL(res.headers.get('location') as string, next).toString();
    }
    const back = new URL(next);
    const done = await agent.get(`${back.pathname}${back.search}`).expect(302);
    return { agent, location: done.headers.location as string };
  }

  it('says single sign-on is on, for the sign-in page', async () => {
    const { body } = await request(server).get('/api/v1/auth/options').expect(200);
    expect(body).toEqual({ oidc: true, oidcLabel: 'Đăng nhập một lần (SSO)' });
  });

  it('signs in the person whose verified email matches, and opens the page asked for', async () => {
    const { agent, location } = await signInAs('kc-1', '/#/tasks/NQ71-003');
    expect(location).toBe('/#/tasks/NQ71-003');
    const me = await agent.get('/api/v1/me').expect(200);
    expect(me.body).toMatchObject({ email: 'le.van.c@mic.gov.vn', agency: 'BTTTT', status: 'active' });
    const events = (await t.as('auditor').get('/api/v1/audit/security-events?kind=sign_in').expect(200)).body.items;
    expect(events[0]).toMatchObject({ email: 'le.van.c@mic.gov.vn', detail: { via: 'oidc', subject: 'kc-1' } });
  });

  it('never sends the browser to another site after sign-in', async () => {
    const { location } = await signInAs('kc-1', 'https://evil.example.org/');
    expect(location).toBe('/');
  });

  it('refuses an unknown email, a disabled person and an unverified email, signing nobody in', async () => {
    for (const [sub, reason] of [
      ['kc-2', 'unknown_email'],
      ['kc-3', 'disabled'],
      ['kc-4', 'email_not_verified'],
    ]) {
      const { agent, location } = await signInAs(sub);
      expect(location).toBe(`/login?sso=${reason}`);
      await agent.get('/api/v1/me').expect(401);
    }
  });

  it('refuses ID tokens for another audience or with another nonce', async () => {
    for (const claims of [{ aud: 'another-client' }, { nonce: 'replayed' }]) {
      provider.tamper(claims);
      const { agent, location } = await signInAs('kc-1');
      expect(location).toBe('/login?sso=invalid_response');
      await agent.get('/api/v1/me').expect(401);
    }
  });

  it('refuses a callback in a browser that began no sign-in', async () => {
    const res = await request(server).get('/api/v1/auth/oidc/callback?code=abc&state=def').expect(302);
    expect(res.headers.location).toBe('/login?sso=no_transaction');
  });
});
