import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PgDatabase } from '../postgres/pg-database';
import { PgliteDatabase } from '../postgres/pglite-database';
import { PostgresEventStore, type PostgresEventStoreOptions } from '../postgres/postgres-event-store';
import { migrate } from '../postgres/schema';
import type { SqlDatabase } from '../postgres/sql-database';

export type TestDatabaseKind = 'pg' | 'pglite';

export interface TestDatabase {
  db: SqlDatabase;
  kind: TestDatabaseKind;
  /** the fresh schema (pg only) */
  schema?: string;
  /** closes the database and, for pg, drops its schema */
  drop(): Promise<void>;
}

export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/**
 * A database no other test touches: for pg a new schema `t_<random>` on TEST_DATABASE_URL (so
 * suites can run in parallel on one server), for PGlite a new in-memory instance.
 * With `migrate: true` the event store tables are created.
 */
export async function createTestDatabase(kind: TestDatabaseKind, options: { migrate?: boolean; max?: number } = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = new PgliteDatabase();
    if (options.migrate) await migrate(db);
    return { db, kind, drop: () => db.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const db = new PgDatabase({ connectionString: testDatabaseUrl(), schema, max: options.max ?? 10 });
  const drop = async () => {
    await db.close();
    await dropSchema(schema);
  };
  try {
    if (options.migrate) await migrate(db);
    else await db.query('SELECT 1');
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return { db, kind, schema, drop };
}

export interface TestEventStore extends TestDatabase {
  store: PostgresEventStore;
}

/** a migrated test database with a PostgresEventStore on it; drop() closes both */
export async function createTestEventStore(
  kind: TestDatabaseKind,
  options: PostgresEventStoreOptions & { max?: number } = {},
): Promise<TestEventStore> {
  const database = await createTestDatabase(kind, { migrate: true, max: options.max });
  const store = new PostgresEventStore(database.db, options);
  return {
    ...database,
    store,
    drop: async () => {
      await store.close();
      await database.drop();
    },
  };
}

async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
