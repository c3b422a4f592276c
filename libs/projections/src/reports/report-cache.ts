import type { SqlDatabase } from '@app/event-store';
import { endOfLocalDay, localDay } from '@app/domain';
import { READ_MODELS_CHECKPOINT } from '../projector/checkpoint';

/**
 * Current report figures, kept between requests while they cannot have changed. A full
 * aggregate over rm_tasks costs a scan of every task (about 150 ms for 100,000 tasks on a
 * small machine), so the figures are computed once and served again as long as:
 * - the read models have not moved: the projector's checkpoint (position and update time, so
 *   a rebuild counts as a move) is the one read before computing; and
 * - no status can have changed with time alone: a status changes only when `now` passes the
 *   due instant of an open task (→ overdue) or a midnight in the deadline zone (→ due soon,
 *   and days late of overdue tasks); `validUntil` is the earlier of the two.
 * So an answer from the cache is the answer a fresh computation would give. Concurrent
 * requests for the same figures share one computation.
 */
export interface Cacheable<T> {
  value: T;
  /** the first instant at which the figures may differ */
  validUntil: Date;
}

interface Entry {
  checkpoint: string;
  computedAt: number;
  validUntil: number;
  value: unknown;
}

export class ReportCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Entry>>();

  constructor(private readonly maxEntries = 256) {}

  async get<T>(key: string, checkpoint: string, now: Date, compute: () => Promise<Cacheable<T>>): Promise<T> {
    const t = now.getTime();
    const fresh = (e: Entry | undefined): e is Entry => !!e && e.checkpoint === checkpoint && e.computedAt <= t && t < e.validUntil;
    const hit = this.entries.get(key);
    if (fresh(hit)) {
      this.entries.delete(key);
      this.entries.set(key, hit); // most recently used last
      return hit.value as T;
    }
    const flightKey = `${key}\u0000${checkpoint}`;
    const running = this.inflight.get(flightKey);
    if (running) {
      // Join a computation started earlier for the same read models, if it holds at our `now`.
      const entry = await running.catch(() => undefined);
      if (fresh(entry)) return entry.value as T;
    }
    const flight = compute().then((c) => ({ checkpoint, computedAt: t, validUntil: c.validUntil.getTime(), value: c.value }));
    if (!running) this.inflight.set(flightKey, flight);
    try {
      const entry = await flight;
      this.store(key, entry);
      return entry.value as T;
    } finally {
      if (this.inflight.get(flightKey) === flight) this.inflight.delete(flightKey);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  private store(key: string, entry: Entry): void {
    const current = this.entries.get(key);
    // Keep the newer computation when two finish out of order.
    if (current && current.checkpoint === entry.checkpoint && current.computedAt > entry.computedAt) return;
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** The read models' version stamp: changes with every applied batch and with a rebuild. */
export async function readModelStamp(db: SqlDatabase): Promise<string> {
  const { rows } = await db.query<{ stamp: string }>(
    `SELECT transaction_id::text || ':' || position || ':' || model_version || ':' || extract(epoch FROM updated_at)::text AS stamp
       FROM projection_checkpoints WHERE name = $1`,
    [READ_MODELS_CHECKPOINT],
    { name: 'reports_read_model_stamp' },
  );
  return rows[0]?.stamp ?? 'none';
}

/**
 * Until when figures computed at `now` hold: the next midnight in the deadline zone, or just
 * after the earliest due instant of an open task still ahead (it becomes overdue then).
 */
export async function currentFiguresValidUntil(db: SqlDatabase, now: Date, timeZone: string): Promise<Date> {
  const midnight = endOfLocalDay(localDay(now, timeZone), timeZone).getTime() + 1;
  const { rows } = await db.query<{ next: Date | null }>(
    `SELECT min(due) AS next FROM rm_tasks WHERE completed_at IS NULL AND cancelled_at IS NULL AND due >= $1`,
    [now],
    { name: 'reports_next_due' },
  );
  const next = rows[0]?.next ? new Date(rows[0].next).getTime() + 1 : Infinity;
  return new Date(Math.min(midnight, next));
}
