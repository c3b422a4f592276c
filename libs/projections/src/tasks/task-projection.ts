import type { SqlDatabase, StoredEvent } from '@app/event-store';
import { DEFAULT_TIME_ZONE, TaskEvent, TaskState, evolveTask, initialTaskState, lastReportAt, openBlockers } from '@app/domain';
import type { Projection, ReplayProjection } from '../projector/projection';
import { TASK_TALLY_DDL, TASK_TALLY_TABLE, type TallyEntry, tallyChanges, tallyOf, writeTally } from './task-tally';
import { type EventImages, type TaskImages, taskImage } from './task-images';

const TASK_STREAM = 'task-';

/**
 * rm_tasks (one row per task), rm_task_state (the folded domain state as JSON, so the next batch
 * continues from it), rm_blockers, and rm_task_tally (the counts the current reports read, task-tally.ts). A batch
 * costs a few statements whatever its size: load, fold in memory, write.
 */
export class TaskProjection implements Projection {
  readonly name = 'tasks';
  readonly tables = [TASK_TALLY_TABLE];
  readonly ddl = TASK_TALLY_DDL;
  private readonly made = new WeakMap<TaskState, Figures>();

  /**
   * `timeZone`: the deadline zone, in which the tally counts a late completion's days;
   * `replayStatesKept`: how many fold states forReplay keeps in memory;
   * `images`: where each event's report image goes for the history projection (task-images.ts);
   * `replayStates`: while replaying, the fold states of the tasks touched last
   */
  constructor(
    private readonly timeZone: string = DEFAULT_TIME_ZONE,
    private readonly replayStatesKept = REPLAY_STATES_KEPT,
    protected readonly images?: TaskImages,
    protected readonly replayStates?: RecentStates,
  ) {}

  /**
   * While a rebuild replays the history a task is touched by several batches in a row (its events
   * are interleaved with everyone else's): its fold state stays in memory between them, and is
   * written once, when it falls out of the bounded cache or at the end, not after every batch.
   */
  forReplay(): ReplayProjection {
    return new ReplayingTaskProjection(this.timeZone, this.replayStatesKept, this.images);
  }

  async apply(tx: SqlDatabase, events: StoredEvent[]): Promise<void> {
    const taskEvents = events.filter((e) => e.streamId.startsWith(TASK_STREAM));
    if (taskEvents.length === 0) return;
    const ids = [...new Set(taskEvents.map(taskIdOf))];
    // a stream whose first event here is its first has no state to load
    const started = new Set(taskEvents.filter((e) => e.version === 1).map(taskIdOf));
    const states = await this.loadStates(
      tx,
      ids.filter((id) => !started.has(id)),
    );
    const before = new Map(states);
    const positions = new Map<string, number>();
    const images = this.images;
    // each task's latest state's figures in this batch: the state after one event is the state before the next
    const latest = new Map<string, Figures>();
    for (const event of taskEvents) {
      const id = taskIdOf(event);
      const previous: KeptState = states.get(id) ?? initialTaskState();
      const state: KeptState = evolveTask(previous, event as unknown as TaskEvent, event.occurredAt);
      const times: [number, number] = [event.occurredAt.getTime(), event.recordedAt.getTime()];
      if (images) {
        const was = latest.get(id) ?? this.figures(previous);
        const now = figuresOf(state, this.timeZone);
        images.put(event.position, { before: was.image, after: now.image, previous: outOfOrder(previous, times) });
        latest.set(id, now);
      }
      state.lastEventTimes = times;
      states.set(id, state);
      positions.set(id, event.position);
    }
    const tasks = ids.map((id) => ({ id, state: states.get(id)! }));
    for (const [id, figures] of latest) this.made.set(states.get(id)!, figures);
    // one statement at a time: node-postgres deprecates queueing queries on a busy client
    await writeStates(tx, this.replayStates ? this.replayStates.keep(tasks) : tasks);
    await writeTasks(
      tx,
      tasks.filter((t) => t.state.exists).map(({ id, state }) => taskRow(id, state, positions.get(id)!)),
    );
    await writeBlockers(tx, ids, states);
    const changes = tallyChanges(
      tasks.map(({ id, state }) => ({ before: before.get(id), after: state })),
      this.timeZone,
      (s) => this.figures(s).entry,
    );
    await writeTally(tx, changes, this.timeZone);
  }

  /**
   * A state's tally entry and image, made once: in a replay the next batch starts from the
   * state this one ended with. Asked only at a batch's ends, so the WeakMap is touched twice per
   * task and batch, not per event.
   */
  private figures(s: TaskState): Figures {
    let figures = this.made.get(s);
    if (figures === undefined) {
      figures = figuresOf(s, this.timeZone);
      this.made.set(s, figures);
    }
    return figures;
  }

  private async loadStates(tx: SqlDatabase, ids: string[]): Promise<Map<string, TaskState>> {
    if (!this.replayStates) return loadStates(tx, ids);
    const recent = this.replayStates;
    const states = await loadStates(
      tx,
      ids.filter((id) => !recent.has(id)),
    );
    for (const id of ids) if (recent.has(id)) states.set(id, recent.get(id)!);
    return states;
  }
}

/** What the tally and the history read of one fold state: its tally entry and its report image. */
interface Figures {
  entry: TallyEntry | null;
  image: string;
}

function figuresOf(s: TaskState, timeZone: string): Figures {
  const entry = tallyOf(s, timeZone);
  return { entry, image: taskImage(s, entry) };
}

/**
 * The fold state as rm_task_state keeps it: the domain state and its last event's business and
 * record times (ms), by which the next event's history row is marked when it comes out of order.
 */
type KeptState = TaskState & { lastEventTimes?: [number, number] };

function outOfOrder(previous: KeptState, [occurred, recorded]: [number, number]): EventImages['previous'] {
  if (previous.version === 0) return null;
  const last = previous.lastEventTimes;
  if (!last) return 'unknown';
  if (occurred >= last[0] && recorded >= last[1]) return null;
  return { occurredAt: new Date(last[0]), recordedAt: new Date(last[1]) };
}

class ReplayingTaskProjection extends TaskProjection implements ReplayProjection {
  constructor(timeZone: string, kept: number, images: TaskImages | undefined) {
    super(timeZone, kept, images, new RecentStates(kept));
  }

  async finish(tx: SqlDatabase): Promise<void> {
    const all = this.replayStates!.drain();
    for (let i = 0; i < all.length; i += STATE_WRITE_CHUNK) await writeStates(tx, all.slice(i, i + STATE_WRITE_CHUNK));
  }
}

/** about 100 MB of fold states at most, whatever the history's length */
const REPLAY_STATES_KEPT = 20_000;
const STATE_WRITE_CHUNK = 5_000;

/** The fold states of the tasks touched last, up to a limit; what falls out is handed back to be written. */
class RecentStates {
  private readonly states = new Map<string, TaskState>();

  constructor(private readonly limit: number) {}

  has(id: string): boolean {
    return this.states.has(id);
  }

  get(id: string): TaskState | undefined {
    return this.states.get(id);
  }

  /** keeps these as the most recent; returns the least recent ones beyond the limit */
  keep(tasks: { id: string; state: TaskState }[]): { id: string; state: TaskState }[] {
    for (const { id, state } of tasks) {
      this.states.delete(id); // a Map iterates in insertion order: re-inserting makes it the newest
      this.states.set(id, state);
    }
    const evicted: { id: string; state: TaskState }[] = [];
    for (const [id, state] of this.states) {
      if (this.states.size - evicted.length <= this.limit) break;
      evicted.push({ id, state });
    }
    for (const { id } of evicted) this.states.delete(id);
    return evicted;
  }

  drain(): { id: string; state: TaskState }[] {
    const all = [...this.states].map(([id, state]) => ({ id, state }));
    this.states.clear();
    return all;
  }
}

const taskIdOf = (event: StoredEvent): string => event.streamId.slice(TASK_STREAM.length);

async function loadStates(tx: SqlDatabase, ids: string[]): Promise<Map<string, TaskState>> {
  if (ids.length === 0) return new Map();
  const { rows } = await tx.query<{ task_id: string; state: TaskState }>(
    `SELECT task_id::text AS task_id, state FROM rm_task_state WHERE task_id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.task_id, r.state]));
}

async function writeStates(tx: SqlDatabase, tasks: { id: string; state: TaskState }[]): Promise<void> {
  if (tasks.length === 0) return;
  // the states as one JSON array zipped with the ids: a json[] parameter would have node-postgres
  // escape every state into an array literal, which cost more than the server's whole insert
  await tx.query(
    `INSERT INTO rm_task_state (task_id, state)
     SELECT * FROM ROWS FROM (unnest($1::uuid[]), json_array_elements($2::json))
     ON CONFLICT (task_id) DO UPDATE SET state = EXCLUDED.state`,
    [tasks.map((t) => t.id), JSON.stringify(tasks.map((t) => t.state))],
  );
}

async function writeTasks(tx: SqlDatabase, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO rm_tasks AS t (${COLUMNS.join(', ')})
     SELECT ${COLUMNS.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${COLUMN_TYPES})
     ON CONFLICT (task_id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'task_id')
       .map((c) => `${c} = EXCLUDED.${c}`)
       .join(', ')}`,
    [JSON.stringify(rows)],
  );
}

async function writeBlockers(tx: SqlDatabase, ids: string[], states: Map<string, TaskState>): Promise<void> {
  const rows = ids.flatMap((id) =>
    (states.get(id)?.blockers ?? []).map((b) => ({
      blocker_id: b.blockerId,
      task_id: id,
      description: b.description,
      raised_at: b.raisedAt,
      resolved_at: b.resolvedAt,
      resolution_note: b.resolutionNote,
    })),
  );
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO rm_blockers (blocker_id, task_id, description, raised_at, resolved_at, resolution_note)
     SELECT blocker_id, task_id, description, raised_at, resolved_at, resolution_note
       FROM jsonb_to_recordset($1::jsonb) AS x(blocker_id text, task_id uuid, description text, raised_at timestamptz, resolved_at timestamptz, resolution_note text)
     ON CONFLICT (blocker_id) DO UPDATE SET resolved_at = EXCLUDED.resolved_at, resolution_note = EXCLUDED.resolution_note`,
    [JSON.stringify(rows)],
  );
}

const COLUMN_DEFS: [string, string][] = [
  ['task_id', 'uuid'],
  ['code', 'text'],
  ['title', 'text'],
  ['description', 'text'],
  ['source_kind', 'text'],
  ['source_ref', 'text'],
  ['source_issued_on', 'text'],
  ['lead_agency', 'text'],
  ['coordinating_agencies', 'text[]'],
  ['assignee_name', 'text'],
  ['assignee_email', 'text'],
  ['deliverable', 'text'],
  ['approver', 'text'],
  ['priority', 'text'],
  ['deadline_expression', 'text'],
  ['last_day', 'text'],
  ['due', 'timestamptz'],
  ['adjusted', 'boolean'],
  ['original_expression', 'text'],
  ['original_due', 'timestamptz'],
  ['extension_count', 'int'],
  ['progress_percent', 'int'],
  ['progress_note', 'text'],
  ['completed_at', 'timestamptz'],
  ['on_time', 'boolean'],
  ['cancelled_at', 'timestamptz'],
  ['open_blockers', 'int'],
  ['last_report_at', 'timestamptz'],
  ['awaiting_confirmation', 'boolean'],
  ['clarity', 'jsonb'],
  ['assigned_at', 'timestamptz'],
  ['version', 'int'],
  ['last_position', 'bigint'],
];
const COLUMNS = COLUMN_DEFS.map(([name]) => name);
const COLUMN_TYPES = COLUMN_DEFS.map(([name, type]) => `${name} ${type}`).join(', ');

function taskRow(id: string, s: TaskState, position: number): Record<string, unknown> {
  return {
    task_id: id,
    code: s.code,
    title: s.title,
    description: s.description,
    source_kind: s.source?.kind ?? null,
    source_ref: s.source?.ref ?? null,
    source_issued_on: s.source?.issuedOn ?? null,
    lead_agency: s.leadAgency,
    coordinating_agencies: s.coordinatingAgencies,
    assignee_name: s.assignee?.name ?? null,
    assignee_email: s.assignee?.email ?? null,
    deliverable: s.deliverable,
    approver: s.approver,
    priority: s.priority,
    deadline_expression: s.deadline?.expression ?? 'ongoing',
    last_day: s.deadline?.lastDay ?? null,
    due: s.deadline?.due ?? null,
    adjusted: s.deadline?.adjusted ?? false,
    original_expression: s.originalDeadline?.expression ?? 'ongoing',
    original_due: s.originalDeadline?.due ?? null,
    extension_count: s.extensions.length,
    progress_percent: s.progress?.percent ?? null,
    progress_note: s.progress?.note ?? null,
    completed_at: s.completedAt,
    on_time: s.completion?.onTime ?? null,
    cancelled_at: s.cancelled?.at ?? null,
    open_blockers: openBlockers(s).length,
    last_report_at: lastReportAt(s),
    awaiting_confirmation: s.completionReport?.status === 'reported',
    clarity: s.clarity,
    assigned_at: s.assignedAt,
    version: s.version,
    last_position: position,
  };
}
