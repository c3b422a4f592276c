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
  apply(tx: SqlDatabase, events: StoredEvent[]): Promise<void>;
}

export const PROJECTIONS = Symbol('PROJECTIONS');
