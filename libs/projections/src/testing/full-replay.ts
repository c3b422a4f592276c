import { TaskEvent, TaskState, evolveTask, initialTaskState } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';

export interface ReplayScope {
  /** business time: only events that occurred by then */
  asOf: Date;
  /** record time: only events recorded by then (all when absent) */
  knownAt?: Date;
  /** only tasks whose assignment occurred in this window (business time) */
  assignedFrom?: Date;
  assignedTo?: Date;
  /** only tasks of this source document (a task's source never changes) */
  source?: string;
}

const FIRST = { taskId: '00000000-0000-0000-0000-000000000000', version: 0 };

/** A row of a task's event: what evolveTask needs. */
export interface TaskEventRow {
  task_id: string;
  type: string;
  data: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * Folds event rows ordered by (task, version) into task states, handing each task that exists
 * to `visit` once its rows are over.
 */
export class TaskFolder {
  private current: string | null = null;
  private state: TaskState = initialTaskState();

  constructor(private readonly visit: (state: TaskState) => void) {}

  add(row: TaskEventRow): void {
    if (row.task_id !== this.current) {
      this.end();
      this.current = row.task_id;
    }
    this.state = evolveTask(this.state, { type: row.type, data: row.data } as unknown as TaskEvent, new Date(row.occurred_at));
  }

  /** Hands over the task in progress, if any. */
  end(): void {
    if (this.current !== null && this.state.exists) this.visit(this.state);
    this.current = null;
    this.state = initialTaskState();
  }
}

/**
 * The tests' oracle: folds EVERY task as it stood at `asOf` as known at `knownAt`, one task at a
 * time, and hands each existing state to `visit`. The reports themselves replay only the tasks
 * changed since (report-past.ts, through ReportEvaluator); the tests compare them with this. rm_task_history (an index of task events by business and
 * record time) selects the qualifying events; their data comes from the `events` table in the
 * same database, read in pages ordered by (task, version) so memory stays flat. Events are
 * filtered one by one and folded in version order, as GET /tasks/{id}?asOf=&knownAt= does.
 */
export async function forEachTaskAsOf(
  db: SqlDatabase,
  scope: ReplayScope,
  visit: (state: TaskState) => void,
  pageSize = 5000,
): Promise<void> {
  // $1 asOf, $2 knownAt, $3/$4 the keyset cursor (set per page), then the scope's filters.
  const params: unknown[] = [scope.asOf, scope.knownAt ?? null, FIRST.taskId, FIRST.version];
  const where = [
    'h.occurred_at <= $1',
    '($2::timestamptz IS NULL OR h.recorded_at <= $2::timestamptz)',
    '(h.task_id, h.version) > ($3::uuid, $4::int)',
  ];
  if (scope.assignedFrom || scope.assignedTo) {
    params.push(scope.assignedFrom ?? null, scope.assignedTo ?? null);
    const [from, to] = [`$${params.length - 1}::timestamptz`, `$${params.length}::timestamptz`];
    where.push(
      `h.task_id IN (SELECT task_id FROM rm_task_history WHERE type = 'TaskAssigned'
                        AND (${from} IS NULL OR occurred_at >= ${from}) AND (${to} IS NULL OR occurred_at <= ${to}))`,
    );
  }
  if (scope.source !== undefined) {
    params.push(scope.source);
    where.push(`h.task_id IN (SELECT task_id FROM rm_tasks WHERE source_ref = $${params.length})`);
  }
  const limit = Math.max(1, Math.floor(pageSize));
  const sql = `SELECT h.task_id::text AS task_id, h.version, e.type, e.data, e.occurred_at
                 FROM rm_task_history h JOIN events e ON e.position = h.position
                WHERE ${where.join(' AND ')}
                ORDER BY h.task_id, h.version
                LIMIT ${limit}`;
  const folder = new TaskFolder(visit);
  for (;;) {
    const { rows } = await db.query<TaskEventRow & { version: number }>(sql, params);
    for (const row of rows) folder.add(row);
    if (rows.length < limit) break;
    const last = rows[rows.length - 1];
    params[2] = last.task_id;
    params[3] = last.version;
  }
  folder.end();
}
