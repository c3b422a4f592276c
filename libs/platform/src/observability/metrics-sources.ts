import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { SqlDatabase, StoredEvent } from '@app/event-store';
import { READ_MODELS_CHECKPOINT } from '@app/projections';
import { SQL_DATABASE } from '../platform.module';
import { ScrapeReading, recordProjectedEvents, registerScrapeSource } from './metrics';

/** The worker's projector emits this after each applied batch (apps/worker READ_MODELS_UPDATED). */
const READ_MODELS_UPDATED = 'read-models.updated';

/**
 * Reads the shared gauges from PostgreSQL at scrape time: projection lag (events beyond the
 * checkpoint), feed lag (age of the oldest unapplied event) and pending notices. Each query uses
 * an index (events primary key and feed index, the partial index on pending notifications).
 */
export async function readDatabaseGauges(db: SqlDatabase, nowMs = Date.now()): Promise<ScrapeReading> {
  const reading: ScrapeReading = {};
  try {
    const { rows } = await db.query<{ head: string | null; position: string | null; transaction_id: string | null }>(
      `SELECT (SELECT max(position) FROM events) AS head, c.position, c.transaction_id::text AS transaction_id
         FROM (SELECT 1) AS one LEFT JOIN projection_checkpoints c ON c.name = $1`,
      [READ_MODELS_CHECKPOINT],
    );
    const head = Number(rows[0]?.head ?? 0);
    const position = Number(rows[0]?.position ?? 0);
    reading.projectionLagEvents = Math.max(0, head - position);
    const oldest = await db.query<{ recorded_at: Date }>(
      `SELECT recorded_at FROM events WHERE (transaction_id, position) > ($1::text::xid8, $2::bigint)
        ORDER BY transaction_id, position LIMIT 1`,
      [rows[0]?.transaction_id ?? '0', position],
    );
    const recordedAt = oldest.rows[0]?.recorded_at;
    reading.feedLagSeconds = recordedAt ? Math.max(0, (nowMs - new Date(recordedAt).getTime()) / 1000) : 0;
  } catch {
    // no events table here (KurrentDB) or the database is down: the gauges stay empty
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

  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}

  onModuleInit(): void {
    this.unregister = registerScrapeSource('database', () => readDatabaseGauges(this.db));
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
