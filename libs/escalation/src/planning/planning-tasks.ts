import type { Priority } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import type { PlanningTask } from './plan-pending';

/** A planning task plus what recipient resolution and the dry-run show. */
export interface TaskForNotices extends PlanningTask {
  assignee: { name: string; email: string | null } | null;
}

interface TaskRow {
  task_id: string;
  code: string;
  source_ref: string | null;
  lead_agency: string;
  priority: Priority;
  due: Date | string | null;
  extension_count: number;
  completed_at: Date | null;
  cancelled_at: Date | null;
  assignee_name: string | null;
  assignee_email: string | null;
}

const SELECT = `SELECT task_id::text AS task_id, code, source_ref, lead_agency, priority, due, extension_count,
                       completed_at, cancelled_at, assignee_name, assignee_email
                  FROM rm_tasks`;
const OPEN_WITH_DEADLINE = `completed_at IS NULL AND cancelled_at IS NULL AND due IS NOT NULL`;

/**
 * Tasks from rm_tasks (written by the task projection earlier in the same projector
 * transaction, so it holds the state after the current batch): the given ids, whatever their
 * state, and, with `allOpen`, every open task that has a deadline.
 */
export async function loadPlanningTasks(db: SqlDatabase, opts: { ids?: string[]; allOpen?: boolean }): Promise<TaskForNotices[]> {
  const ids = opts.ids ?? [];
  if (!opts.allOpen && ids.length === 0) return [];
  const where = opts.allOpen ? `task_id = ANY($1::uuid[]) OR (${OPEN_WITH_DEADLINE})` : `task_id = ANY($1::uuid[])`;
  const { rows } = await db.query<TaskRow>(`${SELECT} WHERE ${where} ORDER BY code`, [ids]);
  return rows.map(toPlanningTask);
}

/** Every open task with a deadline (the dry-run's population). */
export async function loadOpenTasks(db: SqlDatabase): Promise<TaskForNotices[]> {
  const { rows } = await db.query<TaskRow>(`${SELECT} WHERE ${OPEN_WITH_DEADLINE} ORDER BY code`);
  return rows.map(toPlanningTask);
}

function toPlanningTask(r: TaskRow): TaskForNotices {
  return {
    taskId: r.task_id,
    code: r.code,
    sourceRef: r.source_ref,
    leadAgency: r.lead_agency,
    priority: r.priority,
    due: r.due === null ? null : new Date(r.due),
    deadlineVersion: Number(r.extension_count),
    open: r.completed_at === null && r.cancelled_at === null,
    assignee: r.assignee_name === null ? null : { name: r.assignee_name, email: r.assignee_email },
  };
}
