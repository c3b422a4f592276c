import type { SqlDatabase, StoredEvent } from '@app/event-store';
import type { Projection } from '../projector/projection';

const TASK_STREAM = 'task-';

/**
 * rm_task_history: every task event by business and record time, the index the past reports and
 * the as-of list read. Apart from the task projection because nothing it writes depends on a
 * task's state: a replay writes it on a lane of its own (replay-lanes.ts).
 */
export class TaskHistoryProjection implements Projection {
  readonly name = 'task-history';

  async apply(tx: SqlDatabase, events: StoredEvent[]): Promise<void> {
    const taskEvents = events.filter((e) => e.streamId.startsWith(TASK_STREAM));
    if (taskEvents.length === 0) return;
    // parallel arrays through unnest: cheaper for the server than one JSON document to take apart
    await tx.query(
      `INSERT INTO rm_task_history (position, task_id, version, type, occurred_at, recorded_at)
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::int[], $4::text[], $5::timestamptz[], $6::timestamptz[])
       ON CONFLICT (position) DO NOTHING`,
      [
        taskEvents.map((e) => e.position),
        taskEvents.map((e) => e.streamId.slice(TASK_STREAM.length)),
        taskEvents.map((e) => e.version),
        taskEvents.map((e) => e.type),
        taskEvents.map((e) => e.occurredAt.toISOString()),
        taskEvents.map((e) => e.recordedAt.toISOString()),
      ],
    );
  }
}
