import { type SqlDatabase, applySchemaPart } from '@app/event-store';
import { READ_MODEL_SCHEMA_LEDGER } from '@app/projections';

/**
 * The send claim of a notice: one row per notice in flight, in PostgreSQL, so it holds across
 * worker processes and survives a Redis flush (a BullMQ job lock does neither: a flushed Redis
 * forgets it and the re-enqueued job runs beside the old one). A process sends a notice only
 * while it holds an unexpired lease; the lease is renewed while the send and its recording run,
 * and deleted when the outcome is recorded. A killed process's lease simply runs out.
 *
 * Lease times are PostgreSQL's own (clock_timestamp()), not the processes' clocks: every
 * process compares against the same clock, and a test's injected fixed clock cannot make a
 * lease last forever.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS notice_claims (
  notice_id text PRIMARY KEY,
  claimed_by text NOT NULL,
  lease_until timestamptz NOT NULL
)`;

// Taken when nobody holds it, the lease ran out, or it is already ours (a renewal).
const CLAIM_SQL = `
INSERT INTO notice_claims (notice_id, claimed_by, lease_until)
VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3::double precision / 1000))
ON CONFLICT (notice_id) DO UPDATE
  SET claimed_by = EXCLUDED.claimed_by, lease_until = EXCLUDED.lease_until
  WHERE notice_claims.claimed_by = EXCLUDED.claimed_by OR notice_claims.lease_until < clock_timestamp()
RETURNING notice_id`;

const RELEASE_SQL = `DELETE FROM notice_claims WHERE notice_id = $1 AND claimed_by = $2`;

export class NoticeClaims {
  private ready: Promise<void> | null = null;

  constructor(
    private readonly db: SqlDatabase,
    /** this process's name in the claim rows, e.g. `worker-<host>-<pid>-<random>` */
    readonly owner: string,
    /** how long a claim lasts without renewal (a killed sender blocks its notice this long) */
    readonly leaseMs: number,
  ) {}

  /** true when this process now holds the notice's claim (taken or renewed) */
  async claim(noticeId: string): Promise<boolean> {
    await this.ensureTable();
    const { rows } = await this.db.query(CLAIM_SQL, [noticeId, this.owner, this.leaseMs]);
    return rows.length === 1;
  }

  async release(noticeId: string): Promise<void> {
    await this.ensureTable();
    await this.db.query(RELEASE_SQL, [noticeId, this.owner]);
  }

  private ensureTable(): Promise<void> {
    this.ready ??= applySchemaPart(this.db, { part: 'notice-claims', ddl: DDL, ledger: READ_MODEL_SCHEMA_LEDGER }).then(
      () => undefined,
      (error: unknown) => {
        this.ready = null; // try again on the next call (the database may have been down)
        throw error;
      },
    );
    return this.ready;
  }
}

/** The notice is being sent by another process: the job is retried after the queue's backoff. */
export class NoticeClaimedElsewhereError extends Error {
  constructor(noticeId: string) {
    super(`notice ${noticeId} is being sent by another process`);
    this.name = 'NoticeClaimedElsewhereError';
  }
}
