import * as client from 'openid-client';

/** Where the engine meets a ministry's identity provider (Keycloak, an SSO tied to VNeID…). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** the engine's callback, registered at the provider */
  redirectUri: string;
  scopes: string;
  /** plain-http issuer allowed (a provider on the local machine in development and tests) */
  allowHttp: boolean;
}

/** What one browser's sign-in in progress must remember between the redirect and the callback. */
export interface OidcTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** the page to open after sign-in (a path of this site) */
  returnTo: string;
  /** epoch ms: transactions older than TRANSACTION_TTL_MS are refused */
  startedAt: number;
}

export interface VerifiedIdentity {
  subject: string;
  /** lower-case; verified by the provider (email_verified true) */
  email: string;
  name?: string;
}

export type OidcRefusalReason = 'provider_unavailable' | 'invalid_response' | 'email_not_verified' | 'expired';

/** A sign-in the engine refuses; `reason` is safe to show, `detail` is for the log only. */
export class OidcRefusal extends Error {
  constructor(
    readonly reason: OidcRefusalReason,
    readonly detail: string,
  ) {
    super(`single sign-on refused: ${reason}`);
  }
}

export const TRANSACTION_TTL_MS = 10 * 60_000;

/**
 * Authorization code flow with PKCE, state and nonce (openid-client). Discovery happens on first
 * use and again after a failure, so a provider that is down at start-up does not stop the engine.
 * The ID token's signature, issuer, audience, expiry and nonce are checked by openid-client; the
 * engine then requires a verified email, the only thing it matches a person by.
 */
export class OidcClient {
  private discovered?: Promise<client.Configuration>;

  constructor(
    private readonly settings: OidcSettings,
    private readonly now: () => number = Date.now,
  ) {}

  async begin(returnTo: string): Promise<{ url: URL; transaction: OidcTransaction }> {
    const config = await this.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const transaction: OidcTransaction = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier,
      returnTo,
      startedAt: this.now(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: transaction.state,
      nonce: transaction.nonce,
    });
    return { url, transaction };
  }

  /** The callback URL as the browser requested it, with the transaction begun for that browser. */
  async finish(callbackUrl: URL, transaction: OidcTransaction): Promise<VerifiedIdentity> {
    if (this.now() - transaction.startedAt > TRANSACTION_TTL_MS) throw new OidcRefusal('expired', 'sign-in took longer than 10 minutes');
    const config = await this.configuration();
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: transaction.codeVerifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      throw new OidcRefusal('invalid_response', describe(error));
    }
    if (!claims) throw new OidcRefusal('invalid_response', 'no ID token');
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email || claims.email_verified !== true)
      throw new OidcRefusal('email_not_verified', `email ${email ? 'not verified' : 'missing'}`);
    return { subject: claims.sub, email, name: typeof claims.name === 'string' ? claims.name : undefined };
  }

  private configuration(): Promise<client.Configuration> {
    if (!this.discovered) {
      const { issuer, clientId, clientSecret, allowHttp } = this.settings;
      this.discovered = client
        .discovery(new URL(issuer), clientId, clientSecret, undefined, allowHttp ? { execute: [client.allowInsecureRequests] } : undefined)
        .catch((error) => {
          this.discovered = undefined; // try again next time
          throw new OidcRefusal('provider_unavailable', describe(error));
        });
    }
    return this.discovered;
  }
}

/** For the log: the error and what openid-client says it was about (a claim, a parameter), never a token. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const about: string[] = [];
  // openid-client wraps oauth4webapi's error, whose cause names the claim or parameter at fault
  for (let cause: unknown = error, depth = 0; cause && typeof cause === 'object' && depth < 4; depth++) {
    for (const [key, value] of Object.entries(cause as Record<string, unknown>)) {
      if (['claim', 'parameter', 'code'].includes(key) && typeof value === 'string') about.push(`${key}=${JSON.stringify(value)}`);
    }
    if (cause !== error && cause instanceof Error) about.push(cause.message);
    cause = (cause as { cause?: unknown }).cause;
  }
  return `${error.name}: ${error.message}${about.length ? ` (${[...new Set(about)].join(' ')})` : ''}`;
}
