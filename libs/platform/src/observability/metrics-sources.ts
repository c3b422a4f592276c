import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { EVENT_STORE, START_OF_FEED, type EventStore, type SqlDatabase, type StoredEvent } from '@app/event-store';
import { READ_MODELS_CHECKPOINT } from '@app/projections';
import { SQL_DATABASE } from '../platform.module';
import { ScrapeReading, recordProjectedEvents, registerScrapeSource } from './metrics';

/** The worker's projector emits this after each applied batch (apps/worker READ_MODELS_UPDATED). */
const READ_MODELS_UPDATED = 'read-models.updated';

/**
 * Reads the shared gauges at scrape time: projection lag (events beyond the checkpoint), feed lag
 * (age of the oldest unapplied event) and pending notices. The events come through the store port
 * (PostgreSQL: the events primary key and feed index; KurrentDB: its $all), the checkpoint and the
 * notices from the read-model database (the partial index on pending notifications).
 */
export async function readDatabaseGauges(db: SqlDatabase, store: EventStore, nowMs = Date.now()): Promise<ScrapeReading> {
  const reading: ScrapeReading = {};
  try {
    // a plain read: a scrape must not create the checkpoint row as loadCheckpoint does
    const { rows } = await db.query<{ position: string | null; transaction_id: string | null }>(
      `SELECT position, transaction_id::text AS transaction_id FROM projection_checkpoints WHERE name = $1`,
      [READ_MODELS_CHECKPOINT],
    );
    const checkpoint = { transactionId: rows[0]?.transaction_id ?? START_OF_FEED.transactionId, position: Number(rows[0]?.position ?? 0) };
    const head = await store.headPosition();
    reading.projectionLagEvents = Math.max(0, head - checkpoint.position);
    const oldest = (await store.readFeed({ after: checkpoint, limit: 1 })).events[0];
    reading.feedLagSeconds = oldest ? Math.max(0, (nowMs - oldest.recordedAt.getTime()) / 1000) : 0;
  } catch {
    // the database or the store is down: the gauges stay empty
  }
  try {
    const { rows } = await db.query<{ table: string | null }>(`SELECT to_regclass('rm_notifications')::text AS table`);
    if (rows[0]?.table) {
      const pending = await db.query<{ n: string }>(`SELECT count(*) AS n FROM rm_notifications WHERE status = 'pending'`);
      reading.noticesPending = Number(pending.rows[0]?.n ?? 0);
    }
  } catch {
    // as above
  }
  return reading;
}

/** Registers the database gauges for /metrics while the module lives. */
@Injectable()
export class DatabaseMetricsSource implements OnModuleInit, OnModuleDestroy {
  private unregister: (() => void) | null = null;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.unregister = registerScrapeSource('database', () => readDatabaseGauges(this.db, this.store));
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }
}

/** Counts what the projector of this process applies (events, notices issued/sent/failed). */
@Injectable()
export class ProjectionMetricsListener {
  @OnEvent(READ_MODELS_UPDATED)
  onApplied(update: { events?: StoredEvent[] }): void {
    if (update?.events?.length) recordProjectedEvents(update.events);
  }
}
