import type { Anchor } from '../anchors/anchor';
import type { AnchorLeaf } from '../anchors/merkle';
import { merkleRoot, sortLeaves } from '../anchors/merkle';
import { START_OF_FEED, type FeedCursor } from '../event-store.port';
import type { SqlDatabase } from './sql-database';

// The anchored history is a prefix of the feed (commit order), so it can be recomputed exactly
// later: the same rule as read-feed.ts decides what is visible now.
const HEAD_SQL = `SELECT transaction_id::text AS transaction_id, position FROM events
  WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY transaction_id DESC, position DESC LIMIT 1`;

const PREFIX = `(transaction_id, position) <= ($1::xid8, $2::bigint)`;

const LEAVES_SQL = `SELECT DISTINCT ON (stream_id) stream_id, version, hash, position FROM events
  WHERE ${PREFIX} ORDER BY stream_id, version DESC`;

const COUNT_SQL = `SELECT count(*) AS n FROM events WHERE ${PREFIX}`;

export interface AnchorState {
  feed: FeedCursor;
  events: number;
  leaves: AnchorLeaf[];
}

interface LeafRow {
  stream_id: string;
  version: number;
  hash: string;
  position: number;
}

/** Every stream's head at the end of the visible feed, read in one snapshot. */
export async function readAnchorState(db: SqlDatabase): Promise<AnchorState> {
  return db.transaction(async (tx) => {
    await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const head = await tx.query<{ transaction_id: string; position: number }>(HEAD_SQL);
    const feed = head.rows[0] ? { transactionId: head.rows[0].transaction_id, position: Number(head.rows[0].position) } : START_OF_FEED;
    const [leaves, count] = await Promise.all([
      leavesAt(tx, feed),
      tx.query<{ n: number }>(COUNT_SQL, [feed.transactionId, feed.position]),
    ]);
    return { feed, events: Number(count.rows[0].n), leaves: leaves.map(({ leaf }) => leaf) };
  });
}

async function leavesAt(db: SqlDatabase, feed: FeedCursor): Promise<{ leaf: AnchorLeaf; position: number }[]> {
  const { rows } = await db.query<LeafRow>(LEAVES_SQL, [feed.transactionId, feed.position]);
  return rows.map((r) => ({ leaf: [r.stream_id, Number(r.version), r.hash] as AnchorLeaf, position: Number(r.position) }));
}

export interface AnchorFailure {
  streamId: string;
  version: number;
  position: number;
  reason: string;
}

/**
 * What differs between the anchored history and the database's history up to the same feed
 * position. With the anchor's leaves each difference is named by stream; with its root alone
 * (pasted from a mailbox) only that the history differs.
 */
export async function compareWithAnchor(db: SqlDatabase, anchor: Anchor): Promise<AnchorFailure[]> {
  const now = await leavesAt(db, anchor.feed);
  if (!anchor.leaves) {
    if (merkleRoot(now.map((n) => n.leaf)) === anchor.root) return [];
    return [
      {
        streamId: '*',
        version: 0,
        position: anchor.feed.position,
        reason:
          'the history up to the anchored position differs from the anchored one (give the anchor with its stream heads to name the streams)',
      },
    ];
  }
  const current = new Map(now.map((n) => [n.leaf[0], n]));
  const failures: AnchorFailure[] = [];
  for (const [streamId, version, hash] of sortLeaves(anchor.leaves)) {
    const found = current.get(streamId);
    current.delete(streamId);
    if (!found)
      failures.push({ streamId, version, position: 0, reason: `anchored at version ${version}, now missing: the stream was deleted` });
    else if (found.leaf[1] < version)
      failures.push({
        streamId,
        version,
        position: found.position,
        reason: `anchored at version ${version}, now ends at ${found.leaf[1]}: truncated`,
      });
    else if (found.leaf[1] > version)
      failures.push({
        streamId,
        version,
        position: found.position,
        reason: `anchored at version ${version}, now ${found.leaf[1]} at the same feed position: events were inserted into the past`,
      });
    else if (found.leaf[2] !== hash)
      failures.push({
        streamId,
        version,
        position: found.position,
        reason: `version ${version} no longer has the anchored hash: an event up to it was changed`,
      });
  }
  for (const extra of current.values()) {
    failures.push({
      streamId: extra.leaf[0],
      version: extra.leaf[1],
      position: extra.position,
      reason: 'not in the anchored history: inserted into the past',
    });
  }
  return failures;
}
