import { mkdirSync } from 'node:fs';
import { PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import { inSavepoint } from './savepoint';
import { assertPlainIdentifier, type SqlDatabase, type SqlResult } from './sql-database';

export interface PgliteDatabaseOptions {
  /** a directory for the database files; in memory when absent */
  dataDir?: string;
  /** created when missing and set as the search_path of the (only) connection */
  schema?: string;
}

const INT8 = 20;

/**
 * Embedded PostgreSQL (WASM) with one connection. PGlite already queues every query behind an
 * open transaction, so concurrent callers are serialized rather than interleaved.
 */
export class PgliteDatabase implements SqlDatabase {
  readonly kind = 'pglite' as const;
  readonly schema: string | undefined;
  private readonly pg: PGlite;
  private readonly ready: Promise<void>;
  private closed = false;

  constructor(options: PgliteDatabaseOptions = {}) {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    this.schema = options.schema === undefined ? undefined : assertPlainIdentifier(options.schema, 'schema');
    // PGlite returns a BigInt past 2^53 and a number below; always a number, as with pg.
    this.pg = new PGlite(options.dataDir, { parsers: { [INT8]: (value: string) => Number(value) } });
    const schema = this.schema;
    this.ready = schema
      ? this.pg.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path = ${schema}`).then(() => undefined)
      : this.pg.waitReady;
    // surfaced by the first query; this only stops an unhandled rejection before it
    this.ready.catch(() => undefined);
  }

  async query<T = any>(sql: string, params?: unknown[]): Promise<SqlResult<T>> {
    await this.ready;
    return toSqlResult(await this.pg.query<T>(sql, params as any[] | undefined));
  }

  async exec(sql: string): Promise<void> {
    await this.ready;
    await this.pg.exec(sql);
  }

  async transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    await this.ready;
    return this.pg.transaction((tx) => fn(new PgliteTransaction(tx, this, 1)));
  }

  async withSession<T>(fn: (session: SqlDatabase) => Promise<T>): Promise<T> {
    // one connection only: every session is the same one
    await this.ready;
    return fn(this);
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    await this.ready;
    const unlisten = await this.pg.listen(assertPlainIdentifier(channel, 'channel'), onNotify);
    return async () => {
      if (!this.closed) await unlisten();
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ready.catch(() => undefined);
    await this.pg.close();
  }
}

class PgliteTransaction implements SqlDatabase {
  readonly kind = 'pglite' as const;

  constructor(
    private readonly tx: Transaction,
    private readonly owner: PgliteDatabase,
    private readonly depth: number,
  ) {}

  async query<T = any>(sql: string, params?: unknown[]): Promise<SqlResult<T>> {
    return toSqlResult(await this.tx.query<T>(sql, params as any[] | undefined));
  }

  async exec(sql: string): Promise<void> {
    await this.tx.exec(sql);
  }

  transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    const inner = new PgliteTransaction(this.tx, this.owner, this.depth + 1);
    return inSavepoint(this, this.depth, () => fn(inner));
  }

  async withSession<T>(fn: (session: SqlDatabase) => Promise<T>): Promise<T> {
    return fn(this);
  }

  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    return this.owner.listen(channel, onNotify);
  }

  async close(): Promise<void> {
    // owned by the transaction that created it
  }
}

function toSqlResult<T>(result: Results<T>): SqlResult<T> {
  return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
}
