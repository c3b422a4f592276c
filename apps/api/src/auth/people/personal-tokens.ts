import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CLOCK, Clock, DomainError } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '@app/platform';
import type { Actor } from '../actor';
import { ApiError } from '../../http/api-error';
import { AuthTables } from '../auth-tables';
import { PeopleService } from '../../people/people.service';
import { SecurityEvents } from './security-events';
import { actorOf } from './sign-in.service';

/** Personal access tokens start with this, so a leaked one is recognisable (secret scanners, logs). */
export const PAT_PREFIX = 'dle_pat_';
const MAX_DAYS = 366;

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface PersonalTokenView {
  id: string;
  name: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/**
 * Tokens a signed-in person makes for scripts and integrations: shown once, stored as SHA-256
 * digests, for a period, revocable; a request with one acts as the person (their roles and
 * agency as they are at that moment: disabling the person stops their tokens too).
 */
@Injectable()
export class PersonalTokens {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly tables: AuthTables,
    private readonly people: PeopleService,
    private readonly security: SecurityEvents,
  ) {}

  async create(personId: string, body: Record<string, unknown>): Promise<{ id: string; token: string; name: string; expiresAt: Date }> {
    await this.tables.ensure();
    const issues = [];
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name || name.length > 100 || /[\u0000-\u001f\u007f]/.test(name))
      issues.push({ field: 'name', message: 'must be 1-200 printable characters' });
    const days = body.expiresInDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_DAYS)
      issues.push({ field: 'expiresInDays', message: `must be an integer from 1 to ${MAX_DAYS}` });
    if (issues.length) throw DomainError.invalidFields(issues);
    const token = `${PAT_PREFIX}${randomBytes(32).toString('base64url')}`;
    const id = randomUUID();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + (days as number) * 86_400_000);
    await this.db.query(
      `INSERT INTO auth_personal_tokens (id, person_id, name, digest, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, personId, name, digest(token), now, expiresAt],
    );
    await this.security.record('token_created', { personId, detail: { tokenId: id, name, expiresAt: expiresAt.toISOString() } });
    return { id, token, name, expiresAt };
  }

  async list(personId: string): Promise<PersonalTokenView[]> {
    await this.tables.ensure();
    const { rows } = await this.db.query<any>(
      `SELECT id, name, created_at, expires_at, revoked_at, last_used_at FROM auth_personal_tokens WHERE person_id = $1 ORDER BY created_at DESC`,
      [personId],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: new Date(r.created_at),
      expiresAt: new Date(r.expires_at),
      revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
      lastUsedAt: r.last_used_at ? new Date(r.last_used_at) : null,
    }));
  }

  async revoke(personId: string, id: string): Promise<void> {
    await this.tables.ensure();
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw ApiError.notFound('token');
    const { rows } = await this.db.query(
      `UPDATE auth_personal_tokens SET revoked_at = COALESCE(revoked_at, $3) WHERE id = $1 AND person_id = $2 RETURNING id`,
      [id, personId, this.clock.now()],
    );
    if (rows.length === 0) throw ApiError.notFound('token');
    await this.security.record('token_revoked', { personId, detail: { tokenId: id } });
  }

  /** The person a presented token acts for, or null (unknown, expired, revoked, person not active). */
  async resolve(token: string): Promise<Actor | null> {
    if (!token.startsWith(PAT_PREFIX)) return null;
    await this.tables.ensure();
    const now = this.clock.now();
    const { rows } = await this.db.query<{ person_id: string; last_used_at: Date | null }>(
      `SELECT person_id, last_used_at FROM auth_personal_tokens WHERE digest = $1 AND revoked_at IS NULL AND expires_at > $2`,
      [digest(token), now],
    );
    if (!rows[0]) return null;
    const person = await this.people.byId(rows[0].person_id);
    if (!person || person.status !== 'active') return null;
    const last = rows[0].last_used_at ? new Date(rows[0].last_used_at).getTime() : 0;
    if (now.getTime() - last > 60_000)
      await this.db.query(`UPDATE auth_personal_tokens SET last_used_at = $2 WHERE digest = $1`, [digest(token), now]);
    return actorOf(person);
  }
}
