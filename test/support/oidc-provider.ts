import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, type JWK } from 'jose';

/**
 * A real OpenID Provider for the tests: `oidc-provider` (the certified implementation) running
 * in-process on a free port. Sign-in at the provider is automatic for the account named by
 * `signInAs` (the provider's own login page is not what is under test); consent is granted for
 * the requested scopes. `tamper` re-signs the next ID tokens with the provider's own key but with
 * claims changed (another audience, another nonce), as a hostile or misconfigured provider would.
 */
export interface TestAccount {
  email: string;
  emailVerified?: boolean;
  name?: string;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** the account the provider signs in at its next authorization request */
  signInAs(sub: string): void;
  accounts: Map<string, TestAccount>;
  /** claims overwritten in the ID tokens the token endpoint returns from now on (undefined: none) */
  tamper(claims: Record<string, unknown> | undefined): void;
  close(): Promise<void>;
}

export async function startOidcProvider(options: {
  redirectUri: string;
  accounts: Record<string, TestAccount>;
  clientId?: string;
  clientSecret?: string;
}): Promise<TestOidcProvider> {
  const { default: Provider } = await import('oidc-provider');
  const clientId = options.clientId ?? 'deadline-engine';
  const clientSecret = options.clientSecret ?? 'a-client-secret-of-the-tests-0123456789';
  const accounts = new Map(Object.entries(options.accounts));
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key', use: 'sig', alg: 'RS256' };
  let current: string | undefined;
  let tampered: Record<string, unknown> | undefined;

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['cookie-key-of-the-test-provider-0123456789'] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: unknown, sub: string) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: account.email, email_verified: account.emailVerified ?? true, name: account.name }),
      };
    },
    loadExistingGrant: async (ctx: any) => {
      if (!ctx.oidc.session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  // http on 127.0.0.1 is the test's own network: no proxy, no TLS.
  provider.proxy = false;

  provider.use(async (ctx: any, next: () => Promise<void>) => {
    if (ctx.path.startsWith('/interaction/')) {
      if (!current) {
        ctx.status = 400;
        ctx.body = 'no account to sign in';
        return;
      }
      await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: current } }, { mergeWithLastSubmission: false });
      ctx.respond = false;
      return;
    }
    await next();
    if (ctx.path === '/token' && tampered && ctx.body && typeof ctx.body.id_token === 'string') {
      const claims = { ...decodeJwt(ctx.body.id_token), ...tampered };
      ctx.body = {
        ...ctx.body,
        id_token: await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' }).sign(privateKey),
      };
    }
  });
  server.on('request', provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    signInAs: (sub) => {
      current = sub;
    },
    tamper: (claims) => {
      tampered = claims;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
