import type { EventStore, FeedCursor, FeedPage, SqlDatabase } from '@app/event-store';
import { CheckpointMovedError, advanceCheckpoint, loadCheckpoint } from './checkpoint';
import type { Projection } from './projection';

export interface ReplayOptions {
  batchSize: number;
  onProgress?(applied: number, cursor: FeedCursor): void;
}

interface Lane {
  projections: Projection[];
  /** the lane that commits the checkpoint, and that the others wait for */
  sources: boolean;
  waitsForSources: boolean;
}

/** pages read but not yet applied by every lane: bounds memory to a few batches */
const PAGES_IN_FLIGHT = 2;

/**
 * Replays the feed into read models nobody reads yet (a rebuild beside the serving set) with the
 * work of several read models at once, so that Node's folding and planning and PostgreSQL's
 * writes overlap instead of taking turns. Each lane applies every page in order in a
 * transaction of its own: the sources lane (the read models others read, with the checkpoint),
 * one lane per projection that reads them (each page once the sources have committed it), and one
 * for the rest. No lane waits inside a transaction, so one connection (PGlite) serializes them
 * without deadlock. A failed lane fails the replay: the caller drops the set.
 */
export async function replayInLanes(
  store: EventStore,
  db: SqlDatabase,
  projections: Projection[],
  options: ReplayOptions,
): Promise<number> {
  const lanes = planLanes(projections);
  let cursor = (await loadCheckpoint(db)).cursor;
  let applied = 0;
  let previous: Promise<void>[] = lanes.map(() => Promise.resolve());
  const inFlight: Promise<unknown>[] = [];
  const all: Promise<unknown>[] = [];
  let page = await store.readFeed({ after: cursor, limit: options.batchSize });
  try {
    while (page.events.length > 0) {
      const ahead = store.readFeed({ after: page.cursor, limit: options.batchSize });
      ahead.catch(() => undefined); // awaited below
      const current = page;
      const from = cursor;
      const sourcesDone = previous[0].then(() => applyLane(db, lanes[0], current, from));
      const done = lanes.map((lane, i) => {
        if (i === 0) return sourcesDone;
        const before = lane.waitsForSources ? Promise.all([previous[i], sourcesDone]) : previous[i];
        return before.then(() => applyLane(db, lane, current));
      });
      for (const p of done) p.catch(() => undefined); // surfaced through `batch`
      const batch = Promise.all(done).then(() => {
        applied += current.events.length;
        options.onProgress?.(applied, current.cursor);
      });
      inFlight.push(batch);
      all.push(batch);
      previous = done;
      cursor = page.cursor;
      if (inFlight.length > PAGES_IN_FLIGHT) await inFlight.shift();
      page = await ahead;
    }
    await Promise.all(inFlight);
  } finally {
    await Promise.allSettled(all); // nothing left writing when the caller drops the set on failure
  }
  return applied;
}

async function applyLane(db: SqlDatabase, lane: Lane, page: FeedPage, from?: FeedCursor): Promise<void> {
  if (lane.projections.length === 0 && !lane.sources) return;
  await db.transaction(async (tx) => {
    if (lane.sources && !(await advanceCheckpoint(tx, from!, page.cursor))) throw new CheckpointMovedError();
    for (const projection of lane.projections) await projection.apply(tx, page.events);
  });
}

/** The lanes, in the projections' order within each; one lane when a projection reads a non-source. */
export function planLanes(projections: Projection[]): Lane[] {
  const readers = projections.filter((p) => p.reads?.length);
  const read = new Set(readers.flatMap((p) => p.reads!));
  const sources = projections.filter((p) => !p.reads?.length && read.has(p.name));
  const rest = projections.filter((p) => !p.reads?.length && !read.has(p.name));
  const sourceNames = new Set(sources.map((p) => p.name));
  // a reader of a reader (or of a projection not in the list) keeps the plain order: one lane
  if (readers.some((r) => r.reads!.some((name) => !sourceNames.has(name)))) {
    return [{ projections, sources: true, waitsForSources: false }];
  }
  return [
    { projections: sources, sources: true, waitsForSources: false },
    ...readers.map((r) => ({ projections: [r], sources: false, waitsForSources: true })),
    ...(rest.length ? [{ projections: rest, sources: false, waitsForSources: false }] : []),
  ];
}
