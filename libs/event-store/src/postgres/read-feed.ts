import { START_OF_FEED, type FeedCursor, type FeedPage, type ReadFeedOptions } from '../event-store.port';
import type { SqlDatabase } from './sql-database';
import { EVENT_COLUMNS, toStoredEvent, type StoredEventRow } from './stored-event-row';

export const DEFAULT_FEED_LIMIT = 500;

// A position is taken at INSERT but becomes visible at COMMIT, so a slow transaction can commit
// a smaller position after a reader moved past it. Reading only transactions older than every
// one still in flight (the snapshot's xmin) and paging by the pair (transaction_id, position)
// means nothing can appear behind the cursor later: the emmett-postgresql technique. Comparing
// the position alone would still skip (emmett PR #336).
const VISIBLE = `transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;

const FEED_SQL = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE ${VISIBLE} AND (transaction_id, position) > ($1::xid8, $2::bigint)
  ORDER BY events.transaction_id, events.position LIMIT $3`;

const FEED_OF_TYPES_SQL = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE ${VISIBLE} AND (transaction_id, position) > ($1::xid8, $2::bigint) AND type = ANY($4::text[])
  ORDER BY events.transaction_id, events.position LIMIT $3`;

const CURSOR_OF_SQL = `SELECT transaction_id::text AS transaction_id FROM events WHERE position = $1 AND ${VISIBLE}`;

export async function readFeed(db: SqlDatabase, options: ReadFeedOptions = {}): Promise<FeedPage> {
  const after = options.after ?? START_OF_FEED;
  const limit = options.limit ?? DEFAULT_FEED_LIMIT;
  const params: unknown[] = [after.transactionId, after.position, limit];
  if (options.types) {
    if (options.types.length === 0) return { events: [], cursor: after };
    params.push(options.types);
  }
  const { rows } = await db.query<StoredEventRow>(options.types ? FEED_OF_TYPES_SQL : FEED_SQL, params);
  const events = rows.map(toStoredEvent);
  const last = events[events.length - 1];
  return { events, cursor: last ? { transactionId: last.transactionId, position: last.position } : after };
}

export async function cursorOf(db: SqlDatabase, position: number): Promise<FeedCursor | null> {
  const { rows } = await db.query<{ transaction_id: string }>(CURSOR_OF_SQL, [position]);
  return rows[0] ? { transactionId: rows[0].transaction_id, position } : null;
}
