import { join } from 'node:path';
import { PgDatabase } from './pg-database';
import { PgliteDatabase } from './pglite-database';
import type { SqlDatabase } from './sql-database';

export interface OpenDatabaseOptions {
  /** a PostgreSQL connection string; without it an embedded PGlite database is used */
  databaseUrl?: string;
  /** where PGlite keeps its files (`<dataDir>/pglite`) */
  dataDir: string;
  schema?: string;
  /** pg pool size */
  max?: number;
  /** pg time-outs in ms (0 or unset: none); PGlite runs in this process and needs none */
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  queryTimeoutMs?: number;
}

export function openDatabase(options: OpenDatabaseOptions): SqlDatabase {
  if (options.databaseUrl) {
    return new PgDatabase({
      connectionString: options.databaseUrl,
      schema: options.schema,
      max: options.max,
      connectTimeoutMs: options.connectTimeoutMs,
      statementTimeoutMs: options.statementTimeoutMs,
      queryTimeoutMs: options.queryTimeoutMs,
    });
  }
  return new PgliteDatabase({ dataDir: join(options.dataDir, 'pglite'), schema: options.schema });
}
