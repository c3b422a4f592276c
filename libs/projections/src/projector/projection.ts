import type { SqlDatabase, StoredEvent } from '@app/event-store';

/**
 * One read model. `apply` runs inside the projector's transaction, together with the
 * checkpoint update, so a batch is applied exactly once or not at all.
 */
export interface Projection {
  readonly name: string;
  /** tables this projection owns beyond the core read models (emptied on rebuild) */
  readonly tables?: string[];
  /** idempotent DDL for those tables, run once per text by migrateReadModels */
  readonly ddl?: string;
  /**
   * Indexes (beyond primary keys and unique constraints) that apply() itself reads. A rebuild
   * beside the serving set drops every other index while it replays the history and builds them
   * once at the end, which is far cheaper than keeping them current row by row.
   */
  readonly applyIndexes?: string[];
  /**
   * Names of the projections whose tables apply() reads (it runs after them in each batch). A
   * replay (replay-lanes.ts) applies such a projection on a connection of its own, a batch once
   * they have committed that batch, while they may already be further on: apply must end with the
   * same rows when what it reads is newer than its batch, as a planner that recomputes from the
   * current rows whatever its batch touched does.
   */
  readonly reads?: string[];
  apply(tx: SqlDatabase, events: StoredEvent[]): Promise<void>;
  /**
   * A fresh instance for replaying the history into a set nobody reads yet (a rebuild beside the
   * serving one): it may keep state between batches instead of writing it each time, and
   * writes it out in `finish`, before the set is caught up the ordinary way and switched in.
   */
  forReplay?(): ReplayProjection;
}

export interface ReplayProjection extends Projection {
  finish(tx: SqlDatabase): Promise<void>;
}

export const PROJECTIONS = Symbol('PROJECTIONS');
