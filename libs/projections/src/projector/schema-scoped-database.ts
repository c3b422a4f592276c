import type { QueryOptions, SqlDatabase, SqlResult } from '@app/event-store';
import { assertPlainIdentifier } from '@app/event-store';

/**
 * The same database seen through another search_path: every statement runs in a transaction
 * that first sets `search_path = <first>, <rest>`, so the projections' unqualified table names
 * reach the tables of `first` (a read-model set being built beside the serving one) while
 * everything else (the events) still resolves in the serving schema.
 */
export class SchemaScopedDatabase implements SqlDatabase {
  readonly kind: SqlDatabase['kind'];

  constructor(
    private readonly db: SqlDatabase,
    private readonly searchPath: string[],
    private readonly inTransaction = false,
  ) {
    for (const schema of searchPath) assertPlainIdentifier(schema, 'schema');
    this.kind = db.kind;
  }

  query<T = any>(sql: string, params?: unknown[], options?: QueryOptions): Promise<SqlResult<T>> {
    // A prepared statement keeps the search_path it was planned with: never share one by name.
    void options;
    return this.scoped((tx) => tx.query<T>(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.scoped((tx) => tx.exec(sql));
  }

  transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    return this.scoped(fn);
  }

  withSession<T>(fn: (session: SqlDatabase) => Promise<T>): Promise<T> {
    return this.db.withSession((session) => fn(new SchemaScopedDatabase(session, this.searchPath)));
  }

  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    return this.db.listen(channel, onNotify);
  }

  /** the underlying database belongs to its owner */
  async close(): Promise<void> {}

  private scoped<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this.db);
    return this.db.transaction(async (tx) => {
      await tx.exec(`SET LOCAL search_path = ${this.searchPath.join(', ')}`);
      return fn(new SchemaScopedDatabase(tx, this.searchPath, true));
    });
  }
}
