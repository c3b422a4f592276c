import { createHash } from 'node:crypto';
import { assertPlainIdentifier, type SqlDatabase } from './sql-database';

// Any fixed number: only concurrent migrations of the same database contend for it.
const MIGRATION_LOCK = 4_277_001;

export interface SchemaPart {
  /** a stable name for this block of DDL, such as `event-store` or `read-models` */
  part: string;
  /** idempotent DDL (CREATE … IF NOT EXISTS, CREATE OR REPLACE, ADD COLUMN IF NOT EXISTS) */
  ddl: string;
  /**
   * the table that remembers which DDL ran, in the current schema; the event store's owner and
   * the engine's role keep separate ones so that neither needs the other's rights
   */
  ledger: string;
}

/**
 * Runs a block of DDL once per text: a process starting against a database already at this
 * DDL reads one row and takes no lock a running engine could be waiting on. Even with IF NOT
 * EXISTS, `CREATE INDEX`, `CREATE OR REPLACE TRIGGER` and `ALTER TABLE` lock their tables, and a
 * process restarting beside a running one then deadlocked with its appends and projector batches.
 * When the DDL changed (a new version), it runs in one transaction under an advisory lock so that
 * processes starting together apply it one after the other.
 */
export async function applySchemaPart(db: SqlDatabase, { part, ddl, ledger }: SchemaPart): Promise<boolean> {
  const table = assertPlainIdentifier(ledger, 'ledger');
  const digest = createHash('sha256').update(ddl).digest('hex');
  if (await isApplied(db, table, part, digest)) return false;
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS ${table} (part text PRIMARY KEY, digest text NOT NULL, applied_at timestamptz NOT NULL)`);
    if (await isApplied(tx, table, part, digest)) return false;
    await tx.exec(ddl);
    await tx.query(
      `INSERT INTO ${table} (part, digest, applied_at) VALUES ($1, $2, now())
       ON CONFLICT (part) DO UPDATE SET digest = EXCLUDED.digest, applied_at = EXCLUDED.applied_at`,
      [part, digest],
    );
    return true;
  });
}

// The ledger of the schema the DDL creates in (the first of the search path), not one found
// further along it: a rebuild builds a new set in its own schema with the serving one behind it.
async function isApplied(db: SqlDatabase, table: string, part: string, digest: string): Promise<boolean> {
  const { rows } = await db.query<{ found: string | null }>(
    `SELECT to_regclass(quote_ident(current_schema()) || '.' || $1)::text AS found`,
    [table],
  );
  const ledger = rows[0]?.found;
  if (!ledger) return false;
  const applied = await db.query<{ digest: string }>(`SELECT digest FROM ${ledger} WHERE part = $1`, [part]);
  return applied.rows[0]?.digest === digest;
}
