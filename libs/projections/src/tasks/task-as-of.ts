import { TASK_EVENT_TYPES, TaskEvent, TaskState, evolveTask, initialTaskState, taskStreamId } from '@app/domain';
import type { EventStore, StoredEvent } from '@app/event-store';

/**
 * The one place that answers "this task (or these tasks) as of business time T and record time
 * R", straight from the event store through its port (so it reads PostgreSQL or KurrentDB alike).
 * The API (GET /tasks/{id}?asOf=&knownAt=), the CLI's replay, the deliverer's task loading and
 * the past reports all use it.
 */
export interface AsOfTimes {
  /** business time: only events that occurred by then (all when absent) */
  asOf?: Date;
  /** record time: only events recorded by then (all when absent) */
  knownAt?: Date;
}

const TASK_TYPES: ReadonlySet<string> = new Set(TASK_EVENT_TYPES);

/** Narrows a stored event to a task event by its type (no cast: the type names the variant). */
export function isTaskEvent<E extends { type: string; data: Record<string, unknown> }>(event: E): event is E & TaskEvent {
  return TASK_TYPES.has(event.type);
}

/** Folds a task's stored events (in version order) as they stood at `when`. */
export function foldTaskAsOf(events: StoredEvent[], when: AsOfTimes = {}): TaskState {
  let state = initialTaskState();
  for (const event of events) {
    if (when.asOf && event.occurredAt.getTime() > when.asOf.getTime()) continue;
    if (when.knownAt && event.recordedAt.getTime() > when.knownAt.getTime()) continue;
    if (isTaskEvent(event)) state = evolveTask(state, event, event.occurredAt);
  }
  return state;
}

export interface TaskAsOf {
  state: TaskState;
  /** events of the stream recorded by knownAt */
  eventsRead: number;
  /** of those, the ones that occurred by asOf (folded) */
  eventsFolded: number;
}

/** One task as of `when`; `state.exists` is false when it did not exist then. */
export async function readTaskAsOf(store: EventStore, taskId: string, when: AsOfTimes = {}): Promise<TaskAsOf> {
  const events = await store.readStream(taskStreamId(taskId), when.knownAt ? { knownAt: when.knownAt } : {});
  const folded = when.asOf ? events.filter((e) => e.occurredAt.getTime() <= when.asOf!.getTime()) : events;
  return { state: foldTaskAsOf(folded), eventsRead: events.length, eventsFolded: folded.length };
}

/** Streams read in one call by readTasksAsOf: one round trip on PostgreSQL, bounded memory. */
const STREAMS_PER_READ = 500;

/** Several tasks as of `when`, by id (duplicates read once), in the order of the distinct ids. */
export async function readTasksAsOf(store: EventStore, taskIds: string[], when: AsOfTimes = {}): Promise<Map<string, TaskState>> {
  const ids = [...new Set(taskIds)];
  const states = new Map<string, TaskState>();
  for (let i = 0; i < ids.length; i += STREAMS_PER_READ) {
    const chunk = ids.slice(i, i + STREAMS_PER_READ);
    const streams = await store.readStreams(
      chunk.map((id) => taskStreamId(id)),
      when.knownAt ? { knownAt: when.knownAt } : {},
    );
    for (const id of chunk) states.set(id, foldTaskAsOf(streams.get(taskStreamId(id)) ?? [], { asOf: when.asOf }));
  }
  return states;
}
