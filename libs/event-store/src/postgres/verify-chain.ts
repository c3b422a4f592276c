import type { VerifyResult } from '../event-store.port';
import type { SqlDatabase } from './sql-database';

type Failure = VerifyResult['failures'][number];

// Each event is checked against its predecessor in the stream: the version follows on, the
// stored prev_hash is the predecessor's hash, and event_hash() (the one append_events used)
// reproduces its own hash. An edited event shows as 'hash mismatch'; one whose hash was also
// recomputed shows as 'broken chain' on the next event.
const EVENT_FAILURES_SQL = `
WITH chain AS (
  SELECT stream_id, version, position, hash, prev_hash,
         event_hash(prev_hash, stream_id, version, type, data, metadata, occurred_at, recorded_at) AS computed,
         lag(hash) OVER w AS previous_hash,
         lag(version) OVER w AS previous_version
    FROM events
  WINDOW w AS (PARTITION BY stream_id ORDER BY version)
)
SELECT c.stream_id, c.version, c.position, f.reason
  FROM chain c
 CROSS JOIN LATERAL (VALUES
   (CASE WHEN c.version <> coalesce(c.previous_version, 0) + 1 THEN 'version gap' END),
   (CASE WHEN c.prev_hash IS DISTINCT FROM c.previous_hash THEN 'broken chain' END),
   (CASE WHEN c.hash IS DISTINCT FROM c.computed THEN 'hash mismatch' END)
 ) AS f(reason)
 WHERE f.reason IS NOT NULL`;

// The stream rows hold the head of each chain: a deleted tail or a replaced last event leaves
// no trace among the remaining events, only here.
const HEAD_FAILURES_SQL = `
WITH heads AS (
  SELECT DISTINCT ON (stream_id) stream_id, version, position, hash
    FROM events ORDER BY stream_id, version DESC
)
SELECT coalesce(s.id, h.stream_id) AS stream_id,
       CASE WHEN h.version IS DISTINCT FROM s.version THEN coalesce(h.version, 0) + 1 ELSE h.version END AS version,
       coalesce(h.position, 0) AS position,
       CASE WHEN h.version IS DISTINCT FROM s.version THEN 'version gap' ELSE 'broken chain' END AS reason
  FROM streams s FULL JOIN heads h ON h.stream_id = s.id
 WHERE h.version IS DISTINCT FROM s.version OR h.hash IS DISTINCT FROM s.last_hash`;

const COUNTS_SQL = `SELECT (SELECT count(*) FROM streams) AS streams, (SELECT count(*) FROM events) AS events`;

export async function verifyChain(db: SqlDatabase): Promise<VerifyResult> {
  // one snapshot for all three reads, so appends running meanwhile cannot look like damage
  return db.transaction(async (tx) => {
    await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const events = await tx.query<Failure & { stream_id: string }>(EVENT_FAILURES_SQL);
    const heads = await tx.query<Failure & { stream_id: string }>(HEAD_FAILURES_SQL);
    const counts = await tx.query<{ streams: number; events: number }>(COUNTS_SQL);
    const failures = [...events.rows, ...heads.rows]
      .map((row) => ({ streamId: row.stream_id, version: row.version, position: row.position, reason: row.reason }))
      .sort((a, b) => a.position - b.position || a.version - b.version);
    return { ok: failures.length === 0, streams: counts.rows[0].streams, events: counts.rows[0].events, failures };
  });
}
