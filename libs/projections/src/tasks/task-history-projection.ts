import type { SqlDatabase, StoredEvent } from '@app/event-store';
import type { Projection } from '../projector/projection';
import type { TaskImages } from './task-images';

const TASK_STREAM = 'task-';

/**
 * rm_task_history: every task event by business and record time, with the task's report images
 * before and after it (task-images.ts), and, when it occurred or was recorded before the task's
 * previous event, that event's times: the index the past reports and the as-of list read. Apart from the
 * task projection so that a replay writes it on a lane of its own (replay-lanes.ts); the images
 * come from the task projection's fold of the same batch through `images`, which is why it
 * reads 'tasks' (it runs after it, in a replay once the tasks' lane has committed the batch).
 * Without `images` the rows carry none and are marked out of order, so the past reports fold those
 * tasks instead.
 */
export class TaskHistoryProjection implements Projection {
  readonly name = 'task-history';
  readonly reads?: string[];

  constructor(private readonly images?: TaskImages) {
    if (images) this.reads = ['tasks'];
  }

  async apply(tx: SqlDatabase, events: StoredEvent[]): Promise<void> {
    const taskEvents = events.filter((e) => e.streamId.startsWith(TASK_STREAM));
    if (taskEvents.length === 0) return;
    const images = taskEvents.map((e) => this.images?.take(e.position) ?? null);
    const previous = images.map((i) => (i === null ? 'unknown' : i.previous));
    // parallel arrays through unnest: cheaper for the server than one JSON document to take apart
    await tx.query(
      `INSERT INTO rm_task_history (position, task_id, version, type, occurred_at, recorded_at, image_before, image_after,
                                    previous_occurred_at, previous_recorded_at)
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::int[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::text[], $8::text[],
                            $9::timestamptz[], $10::timestamptz[])
       ON CONFLICT (position) DO NOTHING`,
      [
        taskEvents.map((e) => e.position),
        taskEvents.map((e) => e.streamId.slice(TASK_STREAM.length)),
        taskEvents.map((e) => e.version),
        taskEvents.map((e) => e.type),
        taskEvents.map((e) => e.occurredAt.toISOString()),
        taskEvents.map((e) => e.recordedAt.toISOString()),
        images.map((i) => i?.before ?? null),
        images.map((i) => i?.after ?? null),
        // unknown images or order: marked as after everything, so a past report folds the task
        previous.map((p) => (p === 'unknown' ? 'infinity' : (p?.occurredAt.toISOString() ?? null))),
        previous.map((p) => (p === 'unknown' ? 'infinity' : (p?.recordedAt.toISOString() ?? null))),
      ],
    );
  }
}
