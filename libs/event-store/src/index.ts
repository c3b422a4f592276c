export * from './event-store.port';
export type { SqlDatabase, SqlResult } from './postgres/sql-database';
export { PgDatabase, type PgDatabaseOptions } from './postgres/pg-database';
export { PgliteDatabase, type PgliteDatabaseOptions } from './postgres/pglite-database';
export { openDatabase, type OpenDatabaseOptions } from './postgres/open-database';
export { migrate, CONCURRENCY_SQLSTATE, IMMUTABLE_SQLSTATE, EVENTS_CHANNEL } from './postgres/schema';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { startPollingSubscription, type PollingSubscriptionOptions } from './subscription/polling-subscription';
export { Wakeup } from './subscription/wakeup';
