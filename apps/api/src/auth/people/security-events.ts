import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '@app/platform';
import { AuthTables } from '../auth-tables';

export type SecurityEventKind =
  | 'sign_in'
  | 'sign_in_failed'
  | 'locked_out'
  | 'sign_out'
  | 'sign_out_everywhere'
  | 'invitation_sent'
  | 'password_set'
  | 'password_reset_sent'
  | 'password_reset'
  | 'password_reset_unknown'
  | 'totp_enrolled'
  | 'totp_removed'
  | 'token_created'
  | 'token_revoked'
  | 'oidc_refused';

export interface SecurityEventView {
  id: number;
  at: Date;
  kind: SecurityEventKind;
  personId: string | null;
  email: string | null;
  address: string | null;
  detail: Record<string, unknown>;
}

/**
 * Sign-ins, failures, lockouts, password and token changes: kept apart from task history (they
 * are not the Government's business record, and may be pruned), readable by auditors. Never a
 * password, a token or a session id.
 */
@Injectable()
export class SecurityEvents {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly tables: AuthTables,
  ) {}

  async record(
    kind: SecurityEventKind,
    who: { personId?: string; email?: string; address?: string; detail?: Record<string, unknown> } = {},
  ): Promise<void> {
    await this.tables.ensure();
    await this.db.query(`INSERT INTO security_events (at, kind, person_id, email, address, detail) VALUES ($1, $2, $3, $4, $5, $6)`, [
      this.clock.now(),
      kind,
      who.personId ?? null,
      who.email ?? null,
      who.address ?? null,
      JSON.stringify(who.detail ?? {}),
    ]);
  }

  /** Newest first, `limit` at a time, `before` the id of the last one seen. */
  async list(q: { limit: number; before?: number; kind?: string; personId?: string }): Promise<SecurityEventView[]> {
    await this.tables.ensure();
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.before !== undefined) where.push(`id < $${params.push(q.before)}`);
    if (q.kind) where.push(`kind = $${params.push(q.kind)}`);
    if (q.personId) where.push(`person_id = $${params.push(q.personId)}`);
    const { rows } = await this.db.query<any>(
      `SELECT id, at, kind, person_id, email, address, detail FROM security_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT ${Math.max(1, Math.min(500, q.limit))}`,
      params,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at),
      kind: r.kind,
      personId: r.person_id,
      email: r.email,
      address: r.address,
      detail: typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail,
    }));
  }
}
