import { ConcurrencyError, type AppendOptions, type AppendResult, type NewEvent, type StoredEvent } from '../event-store.port';
import { CONCURRENCY_SQLSTATE } from './schema';
import type { SqlDatabase } from './sql-database';
import { uuidV7 } from './uuid-v7';

// One round trip: the expected-version check, the stream row, the hash chain and the inserts all
// happen inside append_events (schema.ts).
const APPEND_SQL = `SELECT out_position AS position, out_transaction_id AS transaction_id, out_version AS version,
  out_hash AS hash, out_prev_hash AS prev_hash, out_recorded_at AS recorded_at
  FROM append_events($1, $2, $3, $4::jsonb, $5)`;
const APPEND_STATEMENT = { name: 'dle_append_events' };

/**
 * One event (most commands produce one): the same checks and rows as append_events in a single
 * SQL statement, without the PL/pgSQL call (half of an append's server time). The stream row is
 * read from the snapshot and written back only if its version is still the one read: an UPDATE
 * whose WHERE is re-checked against the row's latest version when another append changed it
 * meanwhile (READ COMMITTED), or, for a new stream, an INSERT that does nothing on a conflict.
 * The event is inserted only when that write happened. No row back means the expectation did not
 * hold or another append won the race: appendOne reads the version and decides.
 */
const APPEND_ONE_SQL = `WITH head AS (
    SELECT coalesce(max(s.version), 0) AS version, max(s.last_hash) AS hash, count(*) > 0 AS found
      FROM streams s WHERE s.id = $1
  ), next AS (
    SELECT head.version + 1 AS version, head.hash AS prev_hash, at.recorded_at,
           event_hash(head.hash, $1, head.version + 1, $5, $7::jsonb, $8::jsonb, $9::timestamptz, at.recorded_at) AS hash
      FROM head, (SELECT coalesce($10::timestamptz, date_trunc('milliseconds', now())) AS recorded_at) at
     WHERE CASE $2::text WHEN 'no_stream' THEN NOT head.found
                         WHEN 'stream_exists' THEN head.found
                         WHEN 'exact' THEN head.version = $3::bigint
                         WHEN 'any' THEN true END
  ), moved AS (
    UPDATE streams s SET version = next.version, last_hash = next.hash
      FROM next WHERE s.id = $1 AND next.version > 1 AND s.version = next.version - 1
    RETURNING s.version
  ), created AS (
    INSERT INTO streams (id, version, last_hash, created_at)
    SELECT $1, next.version, next.hash, next.recorded_at FROM next WHERE next.version = 1
    ON CONFLICT (id) DO NOTHING
    RETURNING version
  )
  INSERT INTO events (id, stream_id, version, type, schema_version, data, metadata, occurred_at, recorded_at, hash, prev_hash)
  SELECT $4::uuid, $1, next.version, $5, $6, $7::jsonb, $8::jsonb, $9::timestamptz, next.recorded_at, next.hash, next.prev_hash
    FROM next, (SELECT version FROM moved UNION ALL SELECT version FROM created) AS written
  RETURNING position, transaction_id::text AS transaction_id, version, hash, prev_hash, recorded_at`;
const APPEND_ONE_STATEMENT = { name: 'dle_append_one' };
/** an 'any' or 'stream_exists' append that keeps losing the race gives up (like append_events) */
const MAX_ATTEMPTS = 100;
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
  // What is stored, and handed back below: the JSON round trip drops undefined and turns Dates
  // into strings, exactly as a later read returns them.
  const stored = JSON.parse(json) as EventPayload[];
  const rows = events.length === 1 ? await appendOne(db, streamId, stored[0], options) : await appendBatch(db, streamId, json, options);
  const byVersion = [...rows].sort((a, b) => a.version - b.version);
  const appended: StoredEvent[] = byVersion.map((row, i) => ({
    id: stored[i].id,
    streamId,
    version: Number(row.version),
    position: Number(row.position),
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

type AppendSqlOptions = AppendOptions & { recordedAt: Date | undefined };

/** Several events: one call of the PL/pgSQL append_events. */
async function appendBatch(db: SqlDatabase, streamId: string, json: string, options: AppendSqlOptions): Promise<AppendedRow[]> {
  const expected = options.expectedVersion;
  try {
    const { rows } = await db.query<AppendedRow>(
      APPEND_SQL,
      [streamId, expected.kind, expected.kind === 'exact' ? expected.version : null, json, options.recordedAt ?? null],
      APPEND_STATEMENT,
    );
    return rows;
  } catch (error: any) {
    if (error?.code === CONCURRENCY_SQLSTATE) throw new ConcurrencyError(streamId, expected, Number(error.detail));
    throw await versionTaken(db, streamId, expected, error);
  }
}

/** One event: APPEND_ONE_SQL, retried while an `any` / `stream_exists` append loses races. */
async function appendOne(db: SqlDatabase, streamId: string, payload: EventPayload, options: AppendSqlOptions): Promise<AppendedRow[]> {
  const expected = options.expectedVersion;
  const params = [
    streamId,
    expected.kind,
    expected.kind === 'exact' ? expected.version : null,
    payload.id,
    payload.type,
    payload.schemaVersion,
    JSON.stringify(payload.data),
    JSON.stringify(payload.metadata),
    payload.occurredAt,
    options.recordedAt ?? null,
  ];
  for (let attempt = 1; ; attempt++) {
    let rows: AppendedRow[];
    try {
      ({ rows } = await db.query<AppendedRow>(APPEND_ONE_SQL, params, APPEND_ONE_STATEMENT));
    } catch (error) {
      throw await versionTaken(db, streamId, expected, error);
    }
    if (rows.length === 1) return rows;
    // the expectation failed, or it held but another append moved the stream first
    const actual = await streamVersion(db, streamId);
    const holds = expected.kind === 'any' || (expected.kind === 'stream_exists' && actual > 0);
    if (!holds || attempt >= MAX_ATTEMPTS) throw new ConcurrencyError(streamId, expected, actual);
  }
}

/** UNIQUE (stream_id, version), the second guard, as a ConcurrencyError; other errors unchanged. */
async function versionTaken(db: SqlDatabase, streamId: string, expected: AppendOptions['expectedVersion'], error: any): Promise<unknown> {
  if (error?.code === '23505' && error?.constraint === STREAM_VERSION_UNIQUE) {
    return new ConcurrencyError(streamId, expected, await streamVersion(db, streamId));
  }
  return error;
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
