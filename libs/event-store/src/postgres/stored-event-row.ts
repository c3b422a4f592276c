import type { EventMetadata, StoredEvent } from '../event-store.port';

/** the select list every read uses, so each returns the same row shape */
export const EVENT_COLUMNS = `position, transaction_id::text AS transaction_id, id::text AS id, stream_id,
  version, type, schema_version, data, metadata, occurred_at, recorded_at, hash, prev_hash`;

export interface StoredEventRow {
  position: number;
  transaction_id: string;
  id: string;
  stream_id: string;
  version: number;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  occurred_at: Date;
  recorded_at: Date;
  hash: string;
  prev_hash: string | null;
}

export function toStoredEvent(row: StoredEventRow): StoredEvent {
  return {
    id: row.id,
    streamId: row.stream_id,
    version: row.version,
    position: row.position,
    transactionId: row.transaction_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    hash: row.hash,
    prevHash: row.prev_hash,
  };
}
