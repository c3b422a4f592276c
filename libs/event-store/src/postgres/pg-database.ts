import { Client, Pool, types, type ClientBase, type ClientConfig, type CustomTypesConfig, type PoolClient } from 'pg';
import { HangWatch } from './hang-watch';
import { PgListener } from './pg-listener';
import { inSavepoint } from './savepoint';
import { assertPlainIdentifier, type QueryOptions, type SqlDatabase, type SqlResult } from './sql-database';

export interface PgDatabaseOptions {
  connectionString: string;
  /** every connection gets `search_path=<schema>`; the schema is created when missing */
  schema?: string;
  /** pool size (default 10) */
  max?: number;
  /**
   * the server ends a session left idle inside a transaction after this long (default 60 s):
   * an open transaction holds back every reader of the global feed
   */
  idleInTransactionTimeoutMs?: number;
  /** opening a connection, or waiting for a free pooled one (0 or unset: no limit) */
  connectTimeoutMs?: number;
  /** server-side statement_timeout: the server cancels a statement running longer (0 or unset: none) */
  statementTimeoutMs?: number;
  /**
   * a query unanswered this long makes the database check, on a fresh connection, that the
   * server still answers; when it does not (hung, frozen, a dead network path, which no
   * server-side time-out can catch) the query's connection is cut and the query fails
   * (see hang-watch.ts). 0 or unset: no check.
   */
  queryTimeoutMs?: number;
  applicationName?: string;
  /**
   * PostgreSQL's JIT compilation of plans (default off). The engine's statements are short; when
   * the planner's estimate crosses jit_above_cost, as a misestimate over millions of rows makes it
   * do, compiling took 100-230 ms for a statement that runs in a few (a past report at 1M tasks).
   */
  jit?: boolean;
  /**
   * Parallel workers per query node (max_parallel_workers_per_gather, default 0). Each worker is a
   * process started for the statement: 15-70 ms here before it returns a row, for index scans
   * that take 1 ms (a past report's changed tasks at 10M history rows, where the planner's
   * estimate crossed the parallel threshold), and under concurrent requests on few cores the
   * workers only compete with the other requests' backends.
   */
  parallelWorkers?: number;
}

const INT8 = 20;
const INT8_ARRAY = 1016;
const DUPLICATE_SCHEMA = '42P06';
const UNIQUE_VIOLATION = '23505';

// Positions and versions are bigint; they stay far below 2^53, and numbers keep the port simple.
// Per-pool parsers rather than pg.types.setTypeParser, which would change every pg user in the process.
const getTypeParser = types.getTypeParser as (oid: number, format?: 'text' | 'binary') => (value: string) => unknown;
const parseInt8Array = getTypeParser(INT8_ARRAY) as (value: string) => (string | null)[];
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return (value: string) => Number(value);
    if (oid === INT8_ARRAY) {
      return (value: string) => parseInt8Array(value).map((v) => (v === null ? null : Number(v)));
    }
    return getTypeParser(oid, format);
  }) as CustomTypesConfig['getTypeParser'],
};

export class PgDatabase implements SqlDatabase {
  readonly kind = 'pg' as const;
  readonly schema: string | undefined;
  private readonly config: ClientConfig;
  private readonly pool: Pool;
  /** tells a busy server from a hung one; shared with the connections of transactions and sessions */
  readonly hangs: HangWatch;
  private schemaReady: Promise<void> | null = null;
  private schemaCreated: boolean;
  private readonly listeners = new Set<PgListener>();
  private readonly sessions = new Set<Client>();
  private closed = false;

  constructor(options: PgDatabaseOptions) {
    this.schema = options.schema === undefined ? undefined : assertPlainIdentifier(options.schema, 'schema');
    const settings = [
      `-c idle_in_transaction_session_timeout=${options.idleInTransactionTimeoutMs ?? 60_000}`,
      `-c jit=${options.jit ? 'on' : 'off'}`,
      `-c max_parallel_workers_per_gather=${Math.max(0, Math.floor(options.parallelWorkers ?? 0))}`,
    ];
    if (this.schema) settings.push(`-c search_path=${this.schema}`);
    this.config = {
      connectionString: options.connectionString,
      options: settings.join(' '),
      application_name: options.applicationName,
      types: typeParsers,
      connectionTimeoutMillis: options.connectTimeoutMs || undefined,
      statement_timeout: options.statementTimeoutMs || undefined,
    };
    this.hangs = new HangWatch(this.config, options.queryTimeoutMs ?? 0);
    this.pool = new Pool({ ...this.config, max: options.max ?? 10 });
    // An idle pooled client whose server went away emits 'error'; unhandled, it would crash the
    // process. The pool drops that client and the next query opens a fresh one.
    this.pool.on('error', () => undefined);
    this.schemaCreated = this.schema === undefined;
  }

  async query<T = any>(sql: string, params?: unknown[], options?: QueryOptions): Promise<SqlResult<T>> {
    if (!this.schemaCreated) await this.ensureSchema();
    const result = await this.onPooledClient((client) => client.query({ text: sql, values: params, name: options?.name }));
    return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
  }

  async exec(sql: string): Promise<void> {
    if (!this.schemaCreated) await this.ensureSchema();
    await this.onPooledClient((client) => client.query(sql));
  }

  /** What pool.query does, with the hang watch on the query: a failed client is discarded, not reused. */
  private async onPooledClient<T>(run: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const ignore = () => undefined;
    client.on('error', ignore);
    try {
      const result = await this.hangs.watch(client, run(client));
      client.off('error', ignore);
      client.release();
      return result;
    } catch (error) {
      client.off('error', ignore);
      client.release(error as Error);
      throw error;
    }
  }

  async transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    if (!this.schemaCreated) await this.ensureSchema();
    const client = await this.pool.connect();
    // A checked-out client that loses its server between two queries emits 'error' with nobody
    // listening, which would crash the process; the next query on it rejects instead.
    const ignore = () => undefined;
    client.on('error', ignore);
    const connection = new PgConnection(client, this, 0);
    try {
      return await connection.transaction(fn);
    } finally {
      client.off('error', ignore);
      client.release(connection.broken || undefined);
    }
  }

  async withSession<T>(fn: (session: SqlDatabase) => Promise<T>): Promise<T> {
    if (!this.schemaCreated) await this.ensureSchema();
    // Outside the pool: the session may live as long as the process (a leader lock), and ending
    // the connection is what guarantees its session locks are released.
    const client = new Client(this.config);
    client.on('error', () => undefined);
    await client.connect();
    this.sessions.add(client);
    try {
      return await fn(new PgConnection(client, this, 0));
    } finally {
      this.sessions.delete(client);
      await client.end().catch(() => undefined);
    }
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    const listener = new PgListener(this.config, assertPlainIdentifier(channel, 'channel'), onNotify);
    await listener.start();
    this.listeners.add(listener);
    return async () => {
      this.listeners.delete(listener);
      await listener.stop();
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.listeners].map((listener) => listener.stop()));
    await Promise.all([...this.sessions].map((client) => client.end().catch(() => undefined)));
    await this.pool.end();
  }

  private ensureSchema(): Promise<void> {
    // Retried on the next query when it fails, so a database that starts late is not fatal.
    // Looked up first: a least-privileged role may use a schema it has no right to create.
    const create = `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '${this.schema}') THEN CREATE SCHEMA ${this.schema}; END IF; END $$`;
    this.schemaReady ??= this.pool.query(create).then(
      () => {
        this.schemaCreated = true;
      },
      (error) => {
        // two processes creating the same schema at once: the loser sees one of these
        if (error?.code === DUPLICATE_SCHEMA || error?.code === UNIQUE_VIOLATION) {
          this.schemaCreated = true;
          return;
        }
        this.schemaReady = null;
        throw error;
      },
    );
    return this.schemaReady;
  }
}

/** one connection, either a transaction (depth ≥ 1) or a dedicated session (depth 0) */
class PgConnection implements SqlDatabase {
  readonly kind = 'pg' as const;
  /** set when ROLLBACK failed: the connection is in an unknown state and must not be reused */
  broken = false;

  constructor(
    private readonly client: ClientBase,
    private readonly owner: PgDatabase,
    private readonly depth: number,
  ) {}

  async query<T = any>(sql: string, params?: unknown[], options?: QueryOptions): Promise<SqlResult<T>> {
    const result = await this.owner.hangs.watch(this.client, this.client.query({ text: sql, values: params, name: options?.name }));
    return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
  }

  async exec(sql: string): Promise<void> {
    await this.owner.hangs.watch(this.client, this.client.query(sql));
  }

  async transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    const inner = new PgConnection(this.client, this.owner, this.depth + 1);
    if (this.depth > 0) return inSavepoint(this, this.depth, () => fn(inner));
    try {
      await this.exec('BEGIN');
      const result = await fn(inner);
      await this.exec('COMMIT');
      return result;
    } catch (error) {
      // a connection cut by the hang watch fails the ROLLBACK at once: the connection is dropped
      await this.exec('ROLLBACK').catch(() => {
        this.broken = true;
      });
      throw error;
    }
  }

  async withSession<T>(fn: (session: SqlDatabase) => Promise<T>): Promise<T> {
    return fn(this);
  }

  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    return this.owner.listen(channel, onNotify);
  }

  async close(): Promise<void> {
    // the connection belongs to whoever opened the transaction or session
  }
}
