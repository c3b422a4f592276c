import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as path from 'node:path';
import { CLOCK, Clock, DomainError, formatInZone } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { MailTransport, createMailTransport } from '@app/escalation';
import { APP_CONFIG, AppConfig, SQL_DATABASE } from '@app/platform';
import { Actor, Role, strongestRole } from '../actor';
import { ApiError } from '../../http/api-error';
import { AuthTables } from '../auth-tables';
import { sessionSecret } from '../session/session-middleware';
import { TotpVault } from '../totp/totp-vault';
import { checkTotp } from '../totp/totp';
import { PeopleService, PersonView } from '../../people/people.service';
import { AccountMailKind, renderAccountMail } from './account-mail';
import { checkNewPassword, hashPassword, verifyPassword } from './passwords';
import { SecurityEvents } from './security-events';

/** Failures for one account within the window that lock it (api.md: 5 in 15 minutes). */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
/** From one client address, whatever the accounts tried. */
export const ADDRESS_FAILURES = 30;

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface SignedIn {
  user: PersonView;
  csrfToken: string;
}

/**
 * Sign-in for people: passwords (argon2id) from single-use links, sessions with idle and
 * absolute time-outs by the injected clock, the optional TOTP second factor, lockout after
 * repeated failures (per account and per client address, without telling whether an email
 * exists), and the security events of all of it. Single sign-on ends in `startSession` too.
 */
@Injectable()
export class SignInService {
  private readonly log = new Logger('SignIn');
  private readonly mail: MailTransport;
  private readonly vault: TotpVault;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tables: AuthTables,
    private readonly people: PeopleService,
    private readonly security: SecurityEvents,
  ) {
    this.mail = createMailTransport({ smtpUrl: config.SMTP_URL, outboxDir: path.join(config.DATA_DIR, 'outbox') });
    this.vault = new TotpVault(config.TOTP_KEY ?? sessionSecret(config));
  }

  // ---- passwords

  async login(req: Request, body: Record<string, unknown>): Promise<SignedIn> {
    await this.tables.ensure();
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const issues = [
      ...(email ? [] : [{ field: 'email', message: 'is required' }]),
      ...(password ? [] : [{ field: 'password', message: 'is required' }]),
    ];
    if (issues.length) throw DomainError.invalidFields(issues);
    const address = req.ip ?? 'unknown';
    await this.refuseWhileLocked(email, address);
    const person = await this.people.byEmail(email);
    const hash = person ? await this.passwordHash(person.id) : null;
    const ok = await verifyPassword(hash, password);
    if (!ok || !person || person.status !== 'active') {
      await this.failed(email, address, person, ok && person ? `status ${person.status}` : 'wrong email or password');
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'invalid_credentials', 'wrong email or password');
    }
    const totp = await this.totpOf(person.id);
    if (totp?.confirmed) {
      const code = typeof body.totp === 'string' ? body.totp : '';
      if (!code)
        throw new ApiError(HttpStatus.UNAUTHORIZED, 'totp_required', 'enter the 6-digit code of your authenticator app', [
          { field: 'totp', message: 'is required' },
        ]);
      const check = checkTotp(totp.secret, code, this.clock.now(), totp.lastStep ?? undefined);
      if (!check.ok) {
        await this.failed(email, address, person, 'wrong second-factor code');
        throw new ApiError(HttpStatus.UNAUTHORIZED, 'invalid_totp', 'wrong or already used code', [
          { field: 'totp', message: 'is wrong or already used' },
        ]);
      }
      await this.db.query(`UPDATE auth_totp SET last_step = $2 WHERE person_id = $1`, [person.id, check.step]);
    }
    await this.db.query(`DELETE FROM auth_failures WHERE account = $1`, [email]);
    const csrfToken = await this.startSession(req, person);
    await this.security.record('sign_in', { personId: person.id, email, address, detail: { via: 'password', totp: !!totp?.confirmed } });
    return { user: person, csrfToken };
  }

  /** A new session for `person` (after a password, or single sign-on): a fresh id, so no fixation. */
  async startSession(req: Request, person: PersonView): Promise<string> {
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    const now = this.clock.now().getTime();
    const csrfToken = randomBytes(24).toString('base64url');
    const needsSecondFactor =
      person.roles.some((r) => (this.config.TOTP_REQUIRED_ROLES as string[]).includes(r)) && !(await this.totpOf(person.id))?.confirmed;
    Object.assign(req.session, { personId: person.id, signedInAt: now, seenAt: now, csrfToken, totpEnrolmentRequired: needsSecondFactor });
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
    return csrfToken;
  }

  async logout(req: Request): Promise<void> {
    const personId = req.session?.personId;
    if (!req.session) return;
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    if (personId) await this.security.record('sign_out', { personId, address: req.ip });
  }

  /** Every session of the person ends (another browser, a lost phone). */
  async logoutEverywhere(personId: string, address?: string): Promise<number> {
    await this.tables.ensure();
    const { rows } = await this.db.query<{ sid: string }>(`DELETE FROM auth_sessions WHERE sess->>'personId' = $1 RETURNING sid`, [
      personId,
    ]);
    await this.security.record('sign_out_everywhere', { personId, address, detail: { sessions: rows.length } });
    return rows.length;
  }

  /**
   * The person behind the session cookie, or null (no session, ended by time-out, disabled).
   * State-changing requests must carry the session's CSRF token (403 otherwise).
   */
  async resolveSession(req: Request): Promise<Actor | null> {
    const s = req.session;
    if (!s?.personId || !s.signedInAt || !s.seenAt) return null;
    const now = this.clock.now().getTime();
    const idle = now - s.seenAt > this.config.SESSION_IDLE_MINUTES * 60_000;
    const absolute = now - s.signedInAt > this.config.SESSION_ABSOLUTE_HOURS * 3_600_000;
    const person = await this.people.byId(s.personId);
    // `invited` too: single sign-on activates a person in the same request that signs them in,
    // and the read model may not have caught up with that yet; only a disabled person is out
    if (idle || absolute || !person || person.status === 'disabled') {
      await new Promise<void>((resolve) => s.destroy(() => resolve()));
      return null;
    }
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !s.csrfToken || !sameSecret(sent, s.csrfToken)) {
        throw new ApiError(HttpStatus.FORBIDDEN, 'csrf_token_invalid', 'the X-CSRF-Token header is missing or wrong', [
          { field: 'X-CSRF-Token', message: 'is missing or wrong' },
        ]);
      }
    }
    // a write per minute at most, not per request
    if (now - s.seenAt > 60_000) s.seenAt = now;
    return actorOf(person);
  }

  // ---- invitations and resets

  /** Emails a single-use link; an earlier unused link of the same purpose stops working. */
  async sendLink(person: PersonView, purpose: AccountMailKind): Promise<void> {
    await this.tables.ensure();
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const ttlMs = purpose === 'invitation' ? this.config.INVITATION_TTL_HOURS * 3_600_000 : this.config.PASSWORD_RESET_TTL_MINUTES * 60_000;
    const expires = new Date(now.getTime() + ttlMs);
    await this.db.query(`UPDATE auth_links SET used_at = $3 WHERE person_id = $1 AND purpose = $2 AND used_at IS NULL`, [
      person.id,
      purpose,
      now,
    ]);
    await this.db.query(`INSERT INTO auth_links (digest, person_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
      digest(token),
      person.id,
      purpose,
      now,
      expires,
    ]);
    const link = `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/${purpose === 'invitation' ? 'accept' : 'reset'}?token=${token}`;
    const mail = renderAccountMail({
      kind: purpose,
      to: { name: person.name, email: person.email, title: person.title },
      language: person.language === 'en' ? 'en' : 'vi',
      link,
      expires: formatInZone(expires, this.config.DEADLINE_TIMEZONE)
        .slice(0, 16)
        .replace(/^(\d{4})-(\d{2})-(\d{2})T/, '$3/$2/$1 '),
      office: this.config.MAIL_OFFICE_NAME ?? 'Văn phòng Chính phủ',
      mailFrom: this.config.MAIL_FROM,
      replyTo: this.config.MAIL_REPLY_TO,
      linkId: digest(token).slice(0, 24),
    });
    await this.mail.send(mail);
    await this.security.record(purpose === 'invitation' ? 'invitation_sent' : 'password_reset_sent', {
      personId: person.id,
      email: person.email,
    });
  }

  /** Always answers the same, whether the email is known or not. */
  async requestReset(body: Record<string, unknown>, address?: string): Promise<void> {
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    if (!email) throw DomainError.invalid('email', 'is required');
    const person = await this.people.byEmail(email);
    if (person && person.status !== 'disabled') {
      await this.sendLink(person, 'reset').catch((error) => this.log.warn(`password reset mail not sent: ${(error as Error).message}`));
    } else {
      await this.security.record('password_reset_unknown', { email, address });
    }
  }

  /** Sets the password from an invitation or reset link: the link works once and only until it expires. */
  async acceptLink(body: Record<string, unknown>, address?: string): Promise<PersonView> {
    await this.tables.ensure();
    const token = typeof body.token === 'string' ? body.token.trim() : '';
    if (!token) throw DomainError.invalid('token', 'is required');
    const now = this.clock.now();
    const { rows } = await this.db.query<{ person_id: string; purpose: string; expires_at: Date; used_at: Date | null }>(
      `SELECT person_id, purpose, expires_at, used_at FROM auth_links WHERE digest = $1`,
      [digest(token)],
    );
    const link = rows[0];
    if (!link || link.used_at || new Date(link.expires_at).getTime() < now.getTime()) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'invalid_link', 'this link is unknown, already used or expired: ask for a new one', [
        { field: 'token', message: 'is unknown, already used or expired' },
      ]);
    }
    const state = await this.people.read(link.person_id);
    if (state.status === 'disabled') throw ApiError.forbidden('this account is disabled');
    const password = checkNewPassword(body.password, state.email as string);
    const hash = await hashPassword(password);
    // single use even when two requests race: only one UPDATE finds the link unused
    const used = await this.db.query(`UPDATE auth_links SET used_at = $2 WHERE digest = $1 AND used_at IS NULL RETURNING person_id`, [
      digest(token),
      now,
    ]);
    if (used.rows.length === 0)
      throw new ApiError(HttpStatus.BAD_REQUEST, 'invalid_link', 'this link was used already', [
        { field: 'token', message: 'is unknown, already used or expired' },
      ]);
    await this.db.query(
      `INSERT INTO auth_passwords (person_id, hash, set_at) VALUES ($1, $2, $3)
       ON CONFLICT (person_id) DO UPDATE SET hash = EXCLUDED.hash, set_at = EXCLUDED.set_at`,
      [link.person_id, hash, now],
    );
    await this.db.query(`DELETE FROM auth_failures WHERE account = $1`, [state.email]);
    const self: Actor = { id: `person:${link.person_id}`, role: 'agency', roles: [], name: state.name as string, personId: link.person_id };
    if (!state.activated)
      await this.people.activate(link.person_id, 'password', {
        ...self,
        roles: (state.roles ?? []) as Role[],
        role: strongestRole((state.roles ?? []) as Role[]),
      });
    // a reset ends the sessions a thief may hold
    if (link.purpose === 'reset') await this.logoutEverywhere(link.person_id, address);
    await this.security.record(link.purpose === 'invitation' ? 'password_set' : 'password_reset', {
      personId: link.person_id,
      email: state.email as string,
      address,
    });
    return { ...(await this.people.get(link.person_id)) };
  }

  // ---- lockout

  private async refuseWhileLocked(email: string, address: string): Promise<void> {
    const since = new Date(this.clock.now().getTime() - LOCKOUT_WINDOW_MS);
    const { rows } = await this.db.query<{ account: string | null; n: string; oldest: Date }>(
      `SELECT 'account' AS account, count(*) AS n, min(at) AS oldest FROM (SELECT at FROM auth_failures WHERE account = $1 AND at > $3 ORDER BY at DESC LIMIT ${LOCKOUT_FAILURES}) a
       UNION ALL
       SELECT 'address', count(*), min(at) FROM (SELECT at FROM auth_failures WHERE address = $2 AND at > $3 ORDER BY at DESC LIMIT ${ADDRESS_FAILURES}) b`,
      [email, address, since],
    );
    for (const row of rows) {
      const limit = row.account === 'account' ? LOCKOUT_FAILURES : ADDRESS_FAILURES;
      if (Number(row.n) >= limit) {
        const retryAfterS = Math.max(
          1,
          Math.ceil((new Date(row.oldest).getTime() + LOCKOUT_WINDOW_MS - this.clock.now().getTime()) / 1000),
        );
        await this.security.record('locked_out', { email, address, detail: { by: row.account } });
        throw new LockedOut(retryAfterS);
      }
    }
  }

  private async failed(email: string, address: string, person: PersonView | null, reason: string): Promise<void> {
    await this.db.query(`INSERT INTO auth_failures (account, address, at) VALUES ($1, $2, $3)`, [email, address, this.clock.now()]);
    await this.security.record('sign_in_failed', { personId: person?.id, email, address, detail: { reason } });
  }

  // ---- stored secrets

  private async passwordHash(personId: string): Promise<string | null> {
    const { rows } = await this.db.query<{ hash: string }>(`SELECT hash FROM auth_passwords WHERE person_id = $1`, [personId]);
    return rows[0]?.hash ?? null;
  }

  async totpOf(personId: string): Promise<{ secret: string; confirmed: boolean; lastStep: number | null } | null> {
    await this.tables.ensure();
    const { rows } = await this.db.query<{ secret: string; confirmed_at: Date | null; last_step: string | null }>(
      `SELECT secret, confirmed_at, last_step FROM auth_totp WHERE person_id = $1`,
      [personId],
    );
    const r = rows[0];
    if (!r) return null;
    const { secret, legacy } = this.vault.open(personId, r.secret);
    // a secret stored before encryption is sealed the first time it is read
    if (legacy)
      await this.db.query(`UPDATE auth_totp SET secret = $2 WHERE person_id = $1 AND secret = $3`, [
        personId,
        this.vault.seal(personId, secret),
        r.secret,
      ]);
    return { secret, confirmed: r.confirmed_at !== null, lastStep: r.last_step === null ? null : Number(r.last_step) };
  }

  /** A new, unconfirmed second-factor secret for the person, stored sealed (replacing an unconfirmed one). */
  async beginTotp(personId: string, secret: string): Promise<void> {
    await this.tables.ensure();
    await this.db.query(
      `INSERT INTO auth_totp (person_id, secret) VALUES ($1, $2) ON CONFLICT (person_id) DO UPDATE SET secret = EXCLUDED.secret, confirmed_at = NULL, last_step = NULL`,
      [personId, this.vault.seal(personId, secret)],
    );
  }
}

/** 429 with Retry-After (the error filter copies `retryAfterSeconds` into the header). */
export class LockedOut extends ApiError {
  constructor(readonly retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, 'locked_out', 'too many failed sign-ins: try again later');
  }
}

export function actorOf(person: PersonView): Actor {
  const roles = person.roles as Role[];
  return {
    id: `person:${person.id}`,
    role: strongestRole(roles),
    roles,
    name: person.name,
    agency: person.agency ?? undefined,
    personId: person.id,
    language: person.language === 'en' ? 'en' : 'vi',
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
