import * as path from 'node:path';
import { ATTACHMENT_STORE, AttachmentStore, DatabaseAttachmentStore, DiskAttachmentStore } from './attachments/attachment-store';
import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, Clock, systemClock } from '@app/domain';
import { Anchoring } from './anchors/anchoring';
import { EVENT_STORE, EventStore, SqlDatabase, openDatabase } from '@app/event-store';
import { Projection } from '@app/projections';
import { prepareDatabase } from './database/prepare-database';
import { openEventStore } from './database/open-event-store';
import { CalendarService } from './calendar/calendar.service';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { ReadModelWaiter } from './read-models/read-model-waiter';

export const SQL_DATABASE = Symbol('SQL_DATABASE');

export interface PlatformOverrides {
  clock?: Clock;
  /** read models whose tables must exist before anything queries them */
  readModels?: () => Projection[];
}

@Injectable()
class PlatformShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close().catch(() => undefined);
    await this.db.close().catch(() => undefined);
  }
}

/**
 * What every process shares: configuration, the clock, the database (pg or embedded PGlite),
 * the event store on it, the working-day calendar and read-your-writes waiting.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, overrides: PlatformOverrides = {}): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: overrides.clock ?? systemClock },
        {
          provide: SQL_DATABASE,
          useFactory: async () => {
            const db = await openDatabase({
              databaseUrl: config.DATABASE_URL,
              dataDir: config.DATA_DIR,
              schema: config.DATABASE_SCHEMA === 'public' ? undefined : config.DATABASE_SCHEMA,
              connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
              statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
              queryTimeoutMs: config.DB_QUERY_TIMEOUT_MS,
            });
            const logger = new Logger('Database');
            const prepared = await prepareDatabase(db, config, overrides.readModels?.() ?? []);
            for (const warning of prepared.warnings) logger.warn(warning);
            logger.log(config.DATABASE_URL ? `PostgreSQL, schema ${config.DATABASE_SCHEMA}` : `embedded PGlite under ${config.DATA_DIR}`);
            return db;
          },
        },
        {
          provide: EVENT_STORE,
          inject: [SQL_DATABASE, CLOCK],
          // Read models stay in PostgreSQL either way; only the events move to KurrentDB.
          useFactory: (db: SqlDatabase, clock: Clock) => openEventStore(config, db, { clock }),
        },
        { provide: CalendarService, inject: [SQL_DATABASE], useFactory: (db: SqlDatabase) => new CalendarService(db) },
        {
          provide: ReadModelWaiter,
          inject: [EVENT_STORE, SQL_DATABASE],
          useFactory: (store: EventStore, db: SqlDatabase) => new ReadModelWaiter(store, db, config.MIN_POSITION_WAIT_MS),
        },
        {
          provide: Anchoring,
          inject: [SQL_DATABASE, EVENT_STORE, CLOCK],
          useFactory: (db: SqlDatabase, store: EventStore, clock: Clock) => new Anchoring(db, store, config, clock),
        },
        {
          provide: ATTACHMENT_STORE,
          inject: [SQL_DATABASE],
          useFactory: (db: SqlDatabase): AttachmentStore =>
            config.ATTACHMENT_STORE === 'disk'
              ? new DiskAttachmentStore(path.join(config.DATA_DIR, 'attachments'))
              : new DatabaseAttachmentStore(db),
        },
        PlatformShutdown,
      ],
      exports: [APP_CONFIG, CLOCK, SQL_DATABASE, EVENT_STORE, CalendarService, ReadModelWaiter, Anchoring, ATTACHMENT_STORE],
    };
  }
}
