import { applySchemaPart } from './schema-parts';
import type { SqlDatabase } from './sql-database';

/** SQLSTATE raised by append_events when the expected version does not hold */
export const CONCURRENCY_SQLSTATE = 'DL409';
/** SQLSTATE raised by the triggers that keep events immutable */
export const IMMUTABLE_SQLSTATE = 'DL403';
/** NOTIFY channel woken after appends */
export const EVENTS_CHANNEL = 'dle_events';
/** which DDL of the event store ran, kept by the role that owns the event tables */
export const STORE_SCHEMA_LEDGER = 'store_schema_parts';

const TABLES = `
CREATE TABLE IF NOT EXISTS streams (
  id          text PRIMARY KEY,
  version     bigint NOT NULL,
  last_hash   text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS events (
  position        bigserial PRIMARY KEY,
  -- commit order, not insert order, decides what a feed reader may see (see read-feed.ts)
  transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
  id              uuid NOT NULL UNIQUE,
  stream_id       text NOT NULL,
  version         bigint NOT NULL,
  type            text NOT NULL,
  schema_version  int NOT NULL DEFAULT 1,
  data            jsonb NOT NULL,
  metadata        jsonb NOT NULL DEFAULT '{}',
  occurred_at     timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL,
  hash            text NOT NULL,
  prev_hash       text,
  UNIQUE (stream_id, version)
);

CREATE INDEX IF NOT EXISTS events_feed_idx ON events (transaction_id, position);
CREATE INDEX IF NOT EXISTS events_recorded_at_idx ON events (recorded_at);
CREATE INDEX IF NOT EXISTS events_idempotency_key_idx ON events ((metadata->>'idempotencyKey'))
  WHERE (metadata->>'idempotencyKey') IS NOT NULL;
`;

const IMMUTABILITY = `
CREATE OR REPLACE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are immutable: % on %.% refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = '${IMMUTABLE_SQLSTATE}',
          HINT = 'correct history by appending a new event';
END
$$;

CREATE OR REPLACE TRIGGER events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_are_immutable();

CREATE OR REPLACE TRIGGER events_no_truncate
  BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_are_immutable();

-- a stream row holds the head of its hash chain; it only ever moves forward (append_events)
CREATE OR REPLACE TRIGGER streams_no_delete
  BEFORE DELETE ON streams
  FOR EACH ROW EXECUTE FUNCTION events_are_immutable();

CREATE OR REPLACE TRIGGER streams_no_truncate
  BEFORE TRUNCATE ON streams
  FOR EACH STATEMENT EXECUTE FUNCTION events_are_immutable();
`;

/**
 * The hash of one event, chained to the previous event of its stream. The single definition:
 * append_events writes it and verify recomputes it with this same function. Timestamps are
 * rendered in UTC with microseconds so the text does not depend on the session's TimeZone.
 */
const EVENT_HASH = `
CREATE OR REPLACE FUNCTION event_hash(
  prev_hash text, stream_id text, version bigint, type text,
  data jsonb, metadata jsonb, occurred_at timestamptz, recorded_at timestamptz
) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT encode(sha256(convert_to(
    coalesce(prev_hash, '') || '|' || stream_id || '|' || version::text || '|' || type
    || '|' || data::text || '|' || metadata::text
    || '|' || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    || '|' || to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'UTF8')), 'hex')
$$;
`;

/**
 * Appends in one round trip. The stream row is read without a lock and written back only if its
 * version is still the one read (a compare-and-set), so last_hash read with it is still the head
 * of the chain: version and last_hash always change together and versions never go back.
 * A lost race re-reads; for exact/no_stream expectations the re-read then reports the conflict.
 * UNIQUE (stream_id, version) on events is the second guard.
 */
const APPEND_EVENTS = `
CREATE OR REPLACE FUNCTION append_events(
  p_stream_id text, p_expected_kind text, p_expected_version bigint,
  p_events jsonb, p_recorded_at timestamptz
) RETURNS TABLE (out_position bigint, out_transaction_id text, out_version bigint, out_hash text,
                 out_prev_hash text, out_recorded_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
  v_count    int := jsonb_array_length(p_events);
  -- millisecond precision: recorded_at must survive a round trip through a JS Date exactly,
  -- or knownAt = event.recordedAt would exclude the event itself
  v_recorded timestamptz := coalesce(p_recorded_at, date_trunc('milliseconds', now()));
  v_exists   boolean;
  v_current  bigint;
  v_head     text;
  v_hashes   text[];
  v_prev     text;
  v_event    jsonb;
  v_attempt  int := 0;
BEGIN
  IF v_count IS NULL OR v_count = 0 THEN
    RAISE EXCEPTION 'append_events: no events to append to stream %', p_stream_id USING ERRCODE = '22023';
  END IF;
  IF p_expected_kind = 'exact' AND p_expected_version = 0 THEN
    p_expected_kind := 'no_stream';
  END IF;

  LOOP
    v_attempt := v_attempt + 1;
    SELECT s.version, s.last_hash INTO v_current, v_head FROM streams s WHERE s.id = p_stream_id;
    v_exists := FOUND;
    IF NOT v_exists THEN
      v_current := 0;
      v_head := NULL;
    END IF;

    IF (p_expected_kind = 'no_stream' AND v_exists)
       OR (p_expected_kind = 'stream_exists' AND NOT v_exists)
       OR (p_expected_kind = 'exact' AND v_current <> p_expected_version) THEN
      RAISE EXCEPTION 'concurrency conflict on stream %: expected % %, actual version %',
        p_stream_id, p_expected_kind, p_expected_version, v_current
        USING ERRCODE = '${CONCURRENCY_SQLSTATE}', DETAIL = v_current::text;
    ELSIF p_expected_kind NOT IN ('no_stream', 'stream_exists', 'exact', 'any') THEN
      RAISE EXCEPTION 'append_events: unknown expected kind %', p_expected_kind USING ERRCODE = '22023';
    END IF;

    v_hashes := '{}';
    v_prev := v_head;
    FOR i IN 0 .. v_count - 1 LOOP
      v_event := p_events -> i;
      v_prev := event_hash(v_prev, p_stream_id, v_current + i + 1, v_event ->> 'type',
        v_event -> 'data', coalesce(v_event -> 'metadata', '{}'),
        (v_event ->> 'occurredAt')::timestamptz, v_recorded);
      v_hashes := v_hashes || v_prev;
    END LOOP;

    IF v_exists THEN
      UPDATE streams s SET version = v_current + v_count, last_hash = v_prev
       WHERE s.id = p_stream_id AND s.version = v_current;
    ELSE
      INSERT INTO streams (id, version, last_hash, created_at)
      VALUES (p_stream_id, v_count, v_prev, v_recorded)
      ON CONFLICT (id) DO NOTHING;
    END IF;
    EXIT WHEN FOUND;
    IF v_attempt >= 100 THEN
      RAISE EXCEPTION 'append_events: stream % kept changing under us', p_stream_id USING ERRCODE = '40001';
    END IF;
  END LOOP;

  RETURN QUERY
  INSERT INTO events AS e (id, stream_id, version, type, schema_version, data, metadata,
                           occurred_at, recorded_at, hash, prev_hash)
  SELECT (x.ev ->> 'id')::uuid, p_stream_id, v_current + x.n, x.ev ->> 'type',
         coalesce((x.ev ->> 'schemaVersion')::int, 1), x.ev -> 'data',
         coalesce(x.ev -> 'metadata', '{}'), (x.ev ->> 'occurredAt')::timestamptz, v_recorded,
         v_hashes[x.n], CASE WHEN x.n = 1 THEN v_head ELSE v_hashes[x.n - 1] END
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(ev, n)
  RETURNING e.position, e.transaction_id::text, e.version, e.hash, e.prev_hash, e.recorded_at;
END
$$;
`;

/** The event tables, their immutability and hash triggers and `append_events`: the same on PostgreSQL 15+ and PGlite. */
export async function migrate(db: SqlDatabase): Promise<void> {
  await applySchemaPart(db, { part: 'event-store', ddl: TABLES + IMMUTABILITY + EVENT_HASH + APPEND_EVENTS, ledger: STORE_SCHEMA_LEDGER });
}
