import { type EventStore, type SqlDatabase, openDatabase } from '@app/event-store';
import { allReadModels } from '@app/runtime';
import { openEventStore, prepareDatabase, type AppConfig, type PrepareReport } from '@app/platform';
import { CliError } from './cli-error';

export interface CliStore {
  db: SqlDatabase;
  store: EventStore;
  /** one line naming the database, for the operator */
  description: string;
  /** how the database was migrated on opening, and what the operator should know about roles */
  prepared: PrepareReport;
  close(): Promise<void>;
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');

/**
 * The database and event store the CLI works on, opened directly (no Nest, no HTTP server)
 * exactly as PlatformModule opens them (openEventStore honours EVENT_STORE), migrated the same way.
 */
export async function openCliStore(config: AppConfig): Promise<CliStore> {
  const schema = config.DATABASE_SCHEMA === 'public' ? undefined : config.DATABASE_SCHEMA;
  // An operator's command may rightly run long (verify, rebuild, import of a large store): only
  // connecting is bounded; Ctrl-C stops the rest.
  const db = openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    schema,
    // a rebuild replays on three connections and reads the feed on a fourth (replay-lanes.ts);
    // fewer would make its lanes queue for a connection, and waiting is bounded like connecting
    max: 5,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
  });
  const description = config.DATABASE_URL
    ? `PostgreSQL ${redact(config.DATABASE_URL)}, schema ${config.DATABASE_SCHEMA}`
    : `embedded PGlite under ${config.DATA_DIR}`;
  try {
    await db.query('SELECT 1');
  } catch (error) {
    await db.close().catch(() => undefined);
    throw new CliError(
      config.DATABASE_URL
        ? `cannot reach PostgreSQL at ${redact(config.DATABASE_URL)} (${(error as Error).message}); start it, or unset DATABASE_URL to use the embedded store`
        : `cannot open the embedded store under ${config.DATA_DIR} (${(error as Error).message})`,
    );
  }
  let prepared: PrepareReport;
  try {
    prepared = await prepareDatabase(db, config, allReadModels(config.DEADLINE_TIMEZONE));
    for (const warning of prepared.warnings) process.stderr.write(`warning: ${warning}\n`);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  let store: EventStore;
  try {
    store = await openEventStore(config, db, { notify: false });
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return {
    db,
    store,
    description,
    prepared,
    close: async () => {
      await store.close().catch(() => undefined);
      await db.close().catch(() => undefined);
    },
  };
}
