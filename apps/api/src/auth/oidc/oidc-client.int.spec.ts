import { startOidcProvider, type TestOidcProvider } from '../../../../../test/support/oidc-provider';
import { OidcClient, OidcRefusal, type OidcSettings } from './oidc-client';

const REDIRECT = 'http://127.0.0.1:3999/api/v1/auth/oidc/callback';

/** Follows the provider's redirects (keeping its cookies) until it sends the browser back to us. */
async function authorize(url: URL): Promise<URL> {
  const jar = new Map<string, string>();
  let next = url.toString();
  for (let hop = 0; hop < 10; hop++) {
    if (next.startsWith(REDIRECT)) return new URL(next);
    const response = await fetch(next, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get('location');
    if (!location) throw new Error(`provider answered ${response.status} without a redirect: ${await response.text()}`);
    next = new URL(location, next).toString();
  }
  throw new Error('too many redirects');
}

describe('OidcClient against a real OpenID Provider (oidc-provider)', () => {
  let provider: TestOidcProvider;
  let settings: OidcSettings;

  beforeAll(async () => {
    provider = await startOidcProvider({
      redirectUri: REDIRECT,
      accounts: {
        'officer-1': { email: 'Nguyen.Van.A@mic.gov.vn', name: 'Nguyễn Văn A' },
        'unverified-1': { email: 'b@mic.gov.vn', emailVerified: false },
      },
    });
    settings = {
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      redirectUri: REDIRECT,
      scopes: 'openid email profile',
      allowHttp: true,
    };
  });
  afterAll(() => provider.close());
  afterEach(() => provider.tamper(undefined));

  it('discovers the provider, sends code + PKCE (S256), state and nonce, and returns the verified email', async () => {
    const oidc = new OidcClient(settings);
    const { url, transaction } = await oidc.begin('/tasks/42');
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toBe(transaction.state);
    expect(url.searchParams.get('nonce')).toBe(transaction.nonce);
    expect(transaction.returnTo).toBe('/tasks/42');
    provider.signInAs('officer-1');
    const identity = await oidc.finish(await authorize(url), transaction);
    expect(identity).toEqual({ subject: 'officer-1', email: 'nguyen.van.a@mic.gov.vn', name: 'Nguyễn Văn A' });
  });

  it('refuses an ID token made for another client (wrong audience)', async () => {
    const oidc = new OidcClient(settings);
    const { url, transaction } = await oidc.begin('/');
    provider.signInAs('officer-1');
    const callback = await authorize(url);
    provider.tamper({ aud: 'another-client' });
    await expect(oidc.finish(callback, transaction)).rejects.toMatchObject({
      reason: 'invalid_response',
      detail: expect.stringMatching(/"aud"/),
    });
  });

  it('refuses an ID token with another nonce (a replayed token)', async () => {
    const oidc = new OidcClient(settings);
    const { url, transaction } = await oidc.begin('/');
    provider.signInAs('officer-1');
    const callback = await authorize(url);
    provider.tamper({ nonce: 'a-nonce-from-another-sign-in' });
    await expect(oidc.finish(callback, transaction)).rejects.toMatchObject({
      reason: 'invalid_response',
      detail: expect.stringMatching(/"nonce"/),
    });
  });

  it('refuses a callback whose state is not the one this browser began with', async () => {
    const oidc = new OidcClient(settings);
    const first = await oidc.begin('/');
    const second = await oidc.begin('/');
    provider.signInAs('officer-1');
    const callback = await authorize(first.url);
    await expect(oidc.finish(callback, second.transaction)).rejects.toMatchObject({
      reason: 'invalid_response',
      detail: expect.stringMatching(/"state"/),
    });
  });

  it('refuses an account whose email the provider has not verified', async () => {
    const oidc = new OidcClient(settings);
    const { url, transaction } = await oidc.begin('/');
    provider.signInAs('unverified-1');
    await expect(oidc.finish(await authorize(url), transaction)).rejects.toMatchObject({ reason: 'email_not_verified' });
  });

  it('refuses a sign-in begun more than ten minutes ago', async () => {
    let now = Date.now();
    const oidc = new OidcClient(settings, () => now);
    const { url, transaction } = await oidc.begin('/');
    provider.signInAs('officer-1');
    const callback = await authorize(url);
    now += 11 * 60_000;
    await expect(oidc.finish(callback, transaction)).rejects.toMatchObject({ reason: 'expired' });
  });

  it('reports an unreachable provider as unavailable, and discovers again on the next try', async () => {
    const down = new OidcClient({ ...settings, issuer: 'http://127.0.0.1:9' });
    const refusal = await down.begin('/').catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(OidcRefusal);
    expect((refusal as OidcRefusal).reason).toBe('provider_unavailable');
    await expect(down.begin('/')).rejects.toMatchObject({ reason: 'provider_unavailable' });
  });
});
