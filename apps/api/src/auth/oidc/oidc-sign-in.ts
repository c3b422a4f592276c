import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { CLOCK, Clock } from '@app/domain';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { ApiError } from '../../http/api-error';
import { PeopleService } from '../../people/people.service';
import { actorOf, SignInService } from '../people/sign-in.service';
import { SecurityEvents } from '../people/security-events';
import { OidcClient, OidcRefusal } from './oidc-client';

/**
 * Single sign-on: the browser goes to the provider with a transaction kept in its (pre-sign-in)
 * session, comes back with a code, and the person whose verified email matches an active
 * person of the directory is signed in. Nobody is created by signing in: an unknown email is
 * refused, as is a disabled person. Refusals go back to the console's sign-in page with a reason
 * code it can show; the details are in the log and the security events.
 */
@Injectable()
export class OidcSignIn {
  private readonly log = new Logger('OIDC');
  private readonly client: OidcClient | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly people: PeopleService,
    private readonly signIn: SignInService,
    private readonly security: SecurityEvents,
  ) {
    this.client =
      config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET
        ? new OidcClient(
            {
              issuer: config.OIDC_ISSUER,
              clientId: config.OIDC_CLIENT_ID,
              clientSecret: config.OIDC_CLIENT_SECRET,
              redirectUri: `${config.PUBLIC_URL.replace(/\/+$/, '')}/api/v1/auth/oidc/callback`,
              scopes: config.OIDC_SCOPES,
              allowHttp: config.OIDC_ALLOW_HTTP,
            },
            () => clock.now().getTime(),
          )
        : null;
  }

  async begin(req: Request, returnTo: string | undefined): Promise<string> {
    if (!this.client) throw ApiError.notFound('single sign-on');
    try {
      const { url, transaction } = await this.client.begin(safeReturnTo(returnTo));
      req.session.oidc = transaction;
      await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
      return url.toString();
    } catch (error) {
      if (error instanceof OidcRefusal) {
        this.log.warn(`single sign-on unavailable: ${error.detail}`);
        throw new ApiError(
          503,
          'identity_provider_unavailable',
          'the identity provider does not answer; try again or sign in with a password',
        );
      }
      throw error;
    }
  }

  /** Where to send the browser: the page it asked for, or the sign-in page with `?sso=<reason>`. */
  async finish(req: Request): Promise<string> {
    const transaction = req.session?.oidc;
    const refuse = async (reason: string, detail: string, email?: string) => {
      this.log.warn(`single sign-on refused (${reason}): ${detail}`);
      await this.security.record('oidc_refused', { email, address: req.ip, detail: { reason, detail } });
      return `/login?sso=${encodeURIComponent(reason)}`;
    };
    if (!this.client) return refuse('not_configured', 'OIDC_ISSUER is not set');
    if (!transaction) return refuse('no_transaction', 'no sign-in in progress in this browser (cookie lost, or the link reused)');
    delete req.session.oidc;
    const callback = new URL(req.originalUrl, this.config.PUBLIC_URL);
    let identity;
    try {
      identity = await this.client.finish(callback, transaction);
    } catch (error) {
      if (error instanceof OidcRefusal) return refuse(error.reason, error.detail);
      throw error;
    }
    const person = await this.people.byEmail(identity.email);
    if (!person) return refuse('unknown_email', `no person has the email ${identity.email}`, identity.email);
    if (person.status === 'disabled') return refuse('disabled', `${identity.email} is disabled`, identity.email);
    if (person.status === 'invited') await this.people.activate(person.id, 'oidc', actorOf({ ...person, status: 'active' }));
    await this.signIn.startSession(req, { ...person, status: 'active' });
    await this.security.record('sign_in', {
      personId: person.id,
      email: person.email,
      address: req.ip,
      detail: { via: 'oidc', subject: identity.subject },
    });
    return transaction.returnTo;
  }
}

/** Only a path of this site ("/#/tasks/X"), never another origin ("//evil", "https://…"). */
function safeReturnTo(returnTo: string | undefined): string {
  if (!returnTo || !returnTo.startsWith('/') || returnTo.startsWith('//') || /[\\\u0000-\u001f]/.test(returnTo)) return '/';
  return returnTo.slice(0, 2000);
}
