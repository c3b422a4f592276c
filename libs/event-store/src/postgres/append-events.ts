import {
  ConcurrencyError,
  type AppendOptions,
  type AppendResult,
  type NewEvent,
  type StoredEvent,
} from '../event-store.port';
import { CONCURRENCY_SQLSTATE } from './schema';
import type { SqlDatabase } from './sql-database';
import { uuidV7 } from './uuid-v7';

// One round trip: the expected-version check, the stream row, the hash chain and the inserts all
// happen inside append_events (schema.ts).
const APPEND_SQL = `SELECT out_position AS position, out_transaction_id AS transaction_id, out_version AS version,
  out_hash AS hash, out_prev_hash AS prev_hash, out_recorded_at AS recorded_at
  FROM append_events($1, $2, $3, $4::jsonb, $5)`;
const APPEND_STATEMENT = { name: 'dle_append_events' };
const STREAM_VERSION_SQL = 'SELECT version FROM streams WHERE id = $1';
const STREAM_VERSION_UNIQUE = 'events_stream_id_version_key';

interface AppendedRow {
  position: number;
  transaction_id: string;
  version: number;
  hash: string;
  prev_hash: string | null;
  recorded_at: Date;
}

interface EventPayload {
  id: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  occurredAt: string;
}

export async function appendEvents(
  db: SqlDatabase,
  streamId: string,
  events: NewEvent[],
  options: AppendOptions & { recordedAt: Date | undefined },
): Promise<AppendResult> {
  if (events.length === 0) throw new Error(`append to ${streamId}: no events given`);
  const expected = options.expectedVersion;
  if (expected.kind === 'exact' && !(Number.isInteger(expected.version) && expected.version >= 0)) {
    throw new Error(`append to ${streamId}: expected version must be an integer ≥ 0`);
  }
  const json = JSON.stringify(events.map(toPayload));
  let rows: AppendedRow[];
  try {
    ({ rows } = await db.query<AppendedRow>(APPEND_SQL, [
      streamId,
      expected.kind,
      expected.kind === 'exact' ? expected.version : null,
      json,
      options.recordedAt ?? null,
    ], APPEND_STATEMENT));
  } catch (error: any) {
    if (error?.code === CONCURRENCY_SQLSTATE) {
      throw new ConcurrencyError(streamId, expected, Number(error.detail));
    }
    if (error?.code === '23505' && error?.constraint === STREAM_VERSION_UNIQUE) {
      throw new ConcurrencyError(streamId, expected, await streamVersion(db, streamId));
    }
    throw error;
  }
  // Hand back what was stored (JSON round trip: undefined dropped, Dates as strings), exactly
  // what a later read returns.
  const stored = JSON.parse(json) as EventPayload[];
  const byVersion = [...rows].sort((a, b) => a.version - b.version);
  const appended: StoredEvent[] = byVersion.map((row, i) => ({
    id: stored[i].id,
    streamId,
    version: row.version,
    position: row.position,
    transactionId: row.transaction_id,
    type: stored[i].type,
    schemaVersion: stored[i].schemaVersion,
    data: stored[i].data,
    metadata: stored[i].metadata,
    occurredAt: events[i].occurredAt,
    recordedAt: row.recorded_at,
    hash: row.hash,
    prevHash: row.prev_hash,
  }));
  const last = appended[appended.length - 1];
  return { version: last.version, position: last.position, events: appended };
}

export async function streamVersion(db: SqlDatabase, streamId: string): Promise<number> {
  const { rows } = await db.query<{ version: number }>(STREAM_VERSION_SQL, [streamId]);
  return rows[0]?.version ?? 0;
}

function toPayload(event: NewEvent): EventPayload {
  if (!(event.occurredAt instanceof Date) || Number.isNaN(event.occurredAt.getTime())) {
    throw new Error(`event ${event.type}: occurredAt must be a valid Date`);
  }
  return {
    id: event.id ?? uuidV7(),
    type: event.type,
    schemaVersion: event.schemaVersion ?? 1,
    data: event.data,
    metadata: event.metadata ?? {},
    occurredAt: event.occurredAt.toISOString(),
  };
}
