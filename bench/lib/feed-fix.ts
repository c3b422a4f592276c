import { PostgresEventStore, START_OF_FEED, type FeedPage, type ReadFeedOptions, type SqlDatabase } from '@app/event-store';
import { EVENT_COLUMNS, toStoredEvent, type StoredEventRow } from '@app/event-store/postgres/stored-event-row';
import { log, now } from './harness';

/**
 * The read-feed ORDER BY fix (landed in b29558f while the benchmarks were written): kept so the
 * rebuild benchmark can check the store's readFeed against it and measure with the fix if a
 * regression made the shipped one several times slower.
 *
 * Before b29558f, FEED_SQL said `ORDER BY transaction_id, position` while its select list (EVENT_COLUMNS)
 * has `transaction_id::text AS transaction_id`. In ORDER BY a bare name means the OUTPUT column,
 * so PostgreSQL sorts by the text form of the xid: the (transaction_id, position) index cannot be
 * used, every page is a sequential scan plus a top-N sort of the whole events table, and the
 * order is wrong once xids cross a power of ten ('10000000' < '9999999'), after which the
 * cursor, compared as xid8 in WHERE, passes events that were never returned. Qualifying the
 * columns (`events.transaction_id, events.position`) fixes both.
 */
const VISIBLE = `transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;
export const FIXED_FEED_SQL = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE ${VISIBLE} AND (transaction_id, position) > ($1::xid8, $2::bigint)
  ORDER BY events.transaction_id, events.position LIMIT $3`;
const FIXED_FEED_OF_TYPES_SQL = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE ${VISIBLE} AND (transaction_id, position) > ($1::xid8, $2::bigint) AND type = ANY($4::text[])
  ORDER BY events.transaction_id, events.position LIMIT $3`;

export class FixedFeedStore extends PostgresEventStore {
  constructor(private readonly database: SqlDatabase) {
    super(database, { notify: false });
  }

  override async readFeed(options: ReadFeedOptions = {}): Promise<FeedPage> {
    const after = options.after ?? START_OF_FEED;
    const params: unknown[] = [after.transactionId, after.position, options.limit ?? 500];
    if (options.types) {
      if (options.types.length === 0) return { events: [], cursor: after };
      params.push(options.types);
    }
    const { rows } = await this.database.query<StoredEventRow>(options.types ? FIXED_FEED_OF_TYPES_SQL : FIXED_FEED_SQL, params);
    const events = rows.map(toStoredEvent);
    const last = events[events.length - 1];
    return { events, cursor: last ? { transactionId: last.transactionId, position: last.position } : after };
  }
}

export interface FeedCheck {
  /** ms per 500-event page from the start of the feed, shipped readFeed vs the fix */
  shippedMsPerPage: number;
  fixedMsPerPage: number;
  /** the shipped readFeed is several times slower than the fix: measure with the fix */
  needsFix: boolean;
  /** rows the pre-b29558f query text reads for the first page (EXPLAIN ANALYZE): the whole table, sorted */
  shippedRowsRead: number;
  shippedPlan: string;
  /** the same with the fix: one page through events_feed_idx */
  fixedRowsRead: number;
  fixedPlan: string;
  pages: number;
}

/**
 * Times a few pages of the shipped readFeed against the fixed one on the same data, and reads
 * the shipped query's plan. Used by every benchmark that reads the feed, to decide which store
 * to measure with and to report the difference.
 */
export async function checkFeed(db: SqlDatabase, pages = 3): Promise<FeedCheck> {
  const shipped = new PostgresEventStore(db, { notify: false });
  const fixed = new FixedFeedStore(db);
  const time = async (store: PostgresEventStore) => {
    let after = START_OF_FEED;
    const t0 = now();
    for (let i = 0; i < pages; i++) after = (await store.readFeed({ after, limit: 500 })).cursor;
    return (now() - t0) / pages;
  };
  await time(fixed); // warm the cache for both
  const fixedMsPerPage = await time(fixed);
  const shippedMsPerPage = await time(shipped);
  const needsFix = shippedMsPerPage > 3 * fixedMsPerPage + 2;
  const explain = async (orderBy: string) => {
    const { rows } = await db.query<{ 'QUERY PLAN': any }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) SELECT ${EVENT_COLUMNS} FROM events WHERE ${VISIBLE} AND (transaction_id, position) > ('0'::xid8, 0::bigint) ORDER BY ${orderBy} LIMIT 500`,
    );
    const plan = rows[0]['QUERY PLAN'][0].Plan;
    let scanned = 0;
    const names: string[] = [];
    const walk = (node: any) => {
      names.push(node['Node Type']);
      if (/Scan/.test(node['Node Type'])) scanned += (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1);
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(plan);
    return { scanned, plan: [...new Set(names)].join(' > ') };
  };
  // the text of read-feed.ts before b29558f (bare names: the ORDER BY binds to the text output column)
  const shippedExplain = await explain('transaction_id, position');
  const fixedExplain = await explain('events.transaction_id, events.position');
  log(
    `feed: shipped readFeed ${shippedMsPerPage.toFixed(1)} ms/page (old query text: ${shippedExplain.plan}, ${shippedExplain.scanned} rows read for 500), ` +
      `with the ORDER BY fix ${fixedMsPerPage.toFixed(1)} ms/page (${fixedExplain.plan}, ${fixedExplain.scanned} rows)${needsFix ? ': measuring with the fix' : ''}`,
  );
  return {
    shippedMsPerPage,
    fixedMsPerPage,
    needsFix,
    pages,
    shippedRowsRead: shippedExplain.scanned,
    shippedPlan: shippedExplain.plan,
    fixedRowsRead: fixedExplain.scanned,
    fixedPlan: fixedExplain.plan,
  };
}
