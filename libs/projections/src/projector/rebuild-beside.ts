import type { EventStore, FeedCursor, SqlDatabase } from '@app/event-store';
import { assertPlainIdentifier } from '@app/event-store';
import { Logger } from '@nestjs/common';
import { READ_MODEL_TABLES, migrateReadModels } from '../schema/read-model-schema';
import { SWITCH_LOCK_SQL } from './batch-lock';
import { buildDeferredIndexes, dropReaderIndexes } from './deferred-indexes';
import { READ_MODELS_CHECKPOINT, reached } from './checkpoint';
import type { Projection, ReplayProjection } from './projection';
import { DEFAULT_CATCH_UP_BATCH_SIZE, Projector } from './projector';
import { replayInLanes } from './replay-lanes';
import { SchemaScopedDatabase } from './schema-scoped-database';

export interface RebuildBesideOptions {
  /** events per transaction while building (default: the projector's catch-up size) */
  batchSize?: number;
  onProgress?(applied: number, cursor: FeedCursor): void;
  /** runs once the new set has caught up, before the switch (tests query the old set here) */
  beforeSwitch?(): Promise<void>;
  /** how often to catch up again when the live projector moved ahead meanwhile (default 20) */
  maxSwitchAttempts?: number;
}

export interface RebuildBesideResult {
  applied: number;
  /** the checkpoint the switched-in read models start from */
  cursor: FeedCursor;
}

const logger = new Logger('RebuildBeside');

/**
 * Builds a new read-model set in the schema `<serving>_rm_next` from the whole history (with the
 * indexes only readers use built after the bulk of it) while the serving set keeps answering (and the live projector keeps it current), catches it up to the
 * head, then switches in one transaction: the serving tables move to `<serving>_rm_old`, the new
 * ones into the serving schema, and the checkpoint takes the new set's position. Queries waiting
 * on the switch's locks resolve the names again and read the new tables; the live projector's
 * next batch finds the checkpoint moved and continues from it. The old set is dropped after.
 */
export async function rebuildBeside(
  db: SqlDatabase,
  store: EventStore,
  projections: Projection[],
  options: RebuildBesideOptions = {},
): Promise<RebuildBesideResult> {
  const { rows } = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
  const serving = assertPlainIdentifier(rows[0].schema, 'schema');
  const next = assertPlainIdentifier(`${serving.slice(0, 50)}_rm_next`, 'schema');
  const old = assertPlainIdentifier(`${serving.slice(0, 50)}_rm_old`, 'schema');
  await db.exec(`DROP SCHEMA IF EXISTS ${next} CASCADE; CREATE SCHEMA ${next}`);
  try {
    const building = new SchemaScopedDatabase(db, [next, serving]);
    await migrateReadModels(building, projections);
    const deferred = await dropReaderIndexes(
      db,
      next,
      projections.flatMap((p) => p.applyIndexes ?? []),
    );
    // the bulk of the history through the replay variants, then the rest the ordinary way
    const replaying: (Projection | ReplayProjection)[] = projections.map((p) => p.forReplay?.() ?? p);
    let applied = await replayInLanes(store, building, replaying, {
      batchSize: options.batchSize ?? DEFAULT_CATCH_UP_BATCH_SIZE,
      onProgress: options.onProgress,
    });
    await building.transaction(async (tx) => {
      for (const projection of replaying) if ('finish' in projection) await (projection as ReplayProjection).finish(tx);
    });
    await buildDeferredIndexes(db, deferred);
    logger.log(`new read models built beside the serving ones (${applied} events, ${deferred.length} indexes built after): switching`);
    // what was appended meanwhile, the ordinary way (the replay variants are done)
    const builder = new Projector(store, building, projections, { catchUpBatchSize: options.batchSize });
    const progress = (from: number) => options.onProgress && ((n: number, cursor: FeedCursor) => options.onProgress!(from + n, cursor));
    await options.beforeSwitch?.();
    const tables = [...new Set([...READ_MODEL_TABLES, ...projections.flatMap((p) => p.tables ?? [])])];
    for (let attempt = 1; attempt <= (options.maxSwitchAttempts ?? 20); attempt++) {
      applied += await builder.catchUp(progress(applied));
      const cursor = await db.transaction((tx) => switchIfCaughtUp(tx, { serving, next, old, tables }));
      if (cursor) {
        logger.log(`read models switched at position ${cursor.position}; the old set is dropped`);
        return { applied, cursor };
      }
    }
    throw new Error('the live projector kept moving ahead of the new read models: the switch was not made, the serving ones are unchanged');
  } finally {
    await db.exec(`DROP SCHEMA IF EXISTS ${old} CASCADE; DROP SCHEMA IF EXISTS ${next} CASCADE`);
  }
}

async function switchIfCaughtUp(
  tx: SqlDatabase,
  s: { serving: string; next: string; old: string; tables: string[] },
): Promise<FeedCursor | null> {
  await tx.query(SWITCH_LOCK_SQL);
  const built = await checkpointIn(tx, s.next);
  if (!built) throw new Error('the new read models have no checkpoint');
  const live = await checkpointIn(tx, s.serving);
  // The live projector applied something the new set has not: catch up again first.
  if (live && !reached(built.cursor, live.cursor)) return null;
  await tx.exec(`DROP SCHEMA IF EXISTS ${s.old} CASCADE; CREATE SCHEMA ${s.old}`);
  const { rows } = await tx.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name = ANY($2::text[])`,
    [s.serving, s.tables],
  );
  const present = new Set(rows.map((r) => r.table_name));
  for (const table of s.tables) {
    if (present.has(table)) await tx.exec(`ALTER TABLE ${s.serving}.${table} SET SCHEMA ${s.old}`);
    await tx.exec(`ALTER TABLE ${s.next}.${table} SET SCHEMA ${s.serving}`);
  }
  // Only the read models' row: other checkpoints in the table are not ours to move.
  await tx.query(
    `INSERT INTO ${s.serving}.projection_checkpoints (name, transaction_id, position, model_version, updated_at)
     SELECT name, transaction_id, position, model_version, now() FROM ${s.next}.projection_checkpoints WHERE name = $1
     ON CONFLICT (name) DO UPDATE SET transaction_id = EXCLUDED.transaction_id, position = EXCLUDED.position,
       model_version = EXCLUDED.model_version, updated_at = now()`,
    [READ_MODELS_CHECKPOINT],
  );
  return built.cursor;
}

async function checkpointIn(tx: SqlDatabase, schema: string): Promise<{ cursor: FeedCursor } | null> {
  const { rows } = await tx.query<{ transaction_id: string; position: number }>(
    `SELECT transaction_id::text AS transaction_id, position FROM ${schema}.projection_checkpoints WHERE name = $1`,
    [READ_MODELS_CHECKPOINT],
  );
  return rows[0] ? { cursor: { transactionId: rows[0].transaction_id, position: Number(rows[0].position) } } : null;
}
