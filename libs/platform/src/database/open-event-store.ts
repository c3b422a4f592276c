import type { Clock } from '@app/domain';
import { KurrentDbEventStore, PostgresEventStore, type EventStore, type SqlDatabase } from '@app/event-store';
import type { AppConfig } from '../config/app-config';

export interface OpenEventStoreOptions {
  clock?: Clock;
  /** NOTIFY other processes after PostgreSQL appends (the CLI's short runs need not) */
  notify?: boolean;
}

/**
 * The one opener of the event store for the API, the worker and the CLI, honouring EVENT_STORE:
 * KurrentDB at KURRENTDB_URL, or PostgreSQL/PGlite on the given database. Read models stay in
 * that database either way; only the events move to KurrentDB.
 */
export function openEventStore(config: AppConfig, db: SqlDatabase, options: OpenEventStoreOptions = {}): Promise<EventStore> {
  if (config.EVENT_STORE === 'kurrentdb') return KurrentDbEventStore.connect(config.KURRENTDB_URL!, { clock: options.clock });
  return Promise.resolve(new PostgresEventStore(db, { clock: options.clock, notify: options.notify }));
}
