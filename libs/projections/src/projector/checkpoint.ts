import type { FeedCursor, SqlDatabase } from '@app/event-store';
import { START_OF_FEED } from '@app/event-store';
import { READ_MODEL_VERSION } from '../schema/read-model-schema';

export const READ_MODELS_CHECKPOINT = 'read-models';

export class CheckpointMovedError extends Error {
  constructor() {
    super('the read-model checkpoint was moved by another projector');
  }
}

export interface Checkpoint {
  cursor: FeedCursor;
  modelVersion: number;
}

export async function loadCheckpoint(db: SqlDatabase, name = READ_MODELS_CHECKPOINT): Promise<Checkpoint> {
  await db.query(`INSERT INTO projection_checkpoints (name, model_version) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
    name,
    READ_MODEL_VERSION,
  ]);
  const { rows } = await db.query<{ transaction_id: string; position: number; model_version: number }>(
    `SELECT transaction_id::text AS transaction_id, position, model_version FROM projection_checkpoints WHERE name = $1`,
    [name],
  );
  const row = rows[0];
  return {
    cursor: { transactionId: row.transaction_id, position: Number(row.position) },
    modelVersion: row.model_version,
  };
}

/**
 * Compare-and-set: moves the checkpoint only if nobody else moved it since `from`. Runs in the
 * same transaction as the read-model writes, so events are applied exactly once.
 */
export async function advanceCheckpoint(
  tx: SqlDatabase,
  from: FeedCursor,
  to: FeedCursor,
  name = READ_MODELS_CHECKPOINT,
): Promise<boolean> {
  const result = await tx.query(
    `UPDATE projection_checkpoints
        SET transaction_id = $2::text::xid8, position = $3, updated_at = now()
      WHERE name = $1 AND transaction_id = $4::text::xid8 AND position = $5`,
    [name, to.transactionId, to.position, from.transactionId, from.position],
  );
  return result.rowCount === 1;
}

export async function resetCheckpoint(tx: SqlDatabase, name = READ_MODELS_CHECKPOINT): Promise<void> {
  await tx.query(
    `UPDATE projection_checkpoints SET transaction_id = $2::text::xid8, position = $3, model_version = $4, updated_at = now()
      WHERE name = $1`,
    [name, START_OF_FEED.transactionId, START_OF_FEED.position, READ_MODEL_VERSION],
  );
}

/** True once the read models have applied the event at `target` (or anything after it). */
export function reached(checkpoint: FeedCursor, target: FeedCursor): boolean {
  const cpTx = BigInt(checkpoint.transactionId);
  const tTx = BigInt(target.transactionId);
  return cpTx > tTx || (cpTx === tTx && checkpoint.position >= target.position);
}
