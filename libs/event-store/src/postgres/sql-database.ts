/**
 * The one seam every PostgreSQL-backed piece of the project talks through (the event store,
 * projections, the scanner's locks). Two implementations share it: `pg` for a real server and
 * PGlite for an embedded, single-connection database, so the same SQL runs on both.
 */
export interface SqlResult<T> {
  rows: T[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Prepare the statement once per connection under this name and reuse it (pg; PGlite ignores
   * it). Only for fixed SQL text on hot paths: one name must always mean the same text.
   */
  name?: string;
}

export interface SqlDatabase {
  readonly kind: 'pg' | 'pglite';

  query<T = any>(sql: string, params?: unknown[], options?: QueryOptions): Promise<SqlResult<T>>;

  /** several statements separated by `;`, no parameters */
  exec(sql: string): Promise<void>;

  /**
   * BEGIN/COMMIT on one connection, ROLLBACK when `fn` throws. Called on a transaction handle it
   * nests through a savepoint. Inside `fn` use only `tx`: PGlite has one connection, so a query
   * on the outer handle would wait for this very transaction to end.
   */
  transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T>;

  /** one dedicated connection for the whole of `fn`, for session-level advisory locks */
  withSession<T>(fn: (session: SqlDatabase) => Promise<T>): Promise<T>;

  /** LISTEN on a channel; resolves once listening, to a function that stops it */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;

  close(): Promise<void>;
}

/** identifiers we splice into SQL (schema names, channels) must be plain to be safe unquoted */
export function assertPlainIdentifier(name: string, what: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`${what} must match [a-z_][a-z0-9_]* (got ${JSON.stringify(name)})`);
  }
  return name;
}
