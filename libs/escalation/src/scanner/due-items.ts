import type { SqlDatabase } from '@app/event-store';

/**
 * One page of the planner's rm_pending_notices that is due at `now`, with the task as the read
 * models know it. Keyset paging on (fire_at, notice_key) over the fire_at index: the cost
 * follows what is due, not the number of tasks or rules (architecture.md "Due work is found by
 * index").
 */
export interface DueRow {
  notice_key: string;
  task_id: string;
  task_code: string;
  rule_id: string;
  occurrence: number;
  deadline_version: number;
  due: Date;
  fire_at: Date;
  level: number;
  digest: boolean;
  catch_up: boolean;
  /** null when the task is unknown to the read models */
  lead_agency: string | null;
  assignee_name: string | null;
  assignee_email: string | null;
  extension_count: number | null;
  open: boolean | null;
}

export interface DueCursor {
  fireAt: Date;
  noticeKey: string;
}

/** exported for bench/profile-scan-plan.ts, which reads its plan */
export const DUE_PAGE_SQL = `
SELECT p.notice_key, p.task_id::text AS task_id, p.task_code, p.rule_id, p.occurrence, p.deadline_version, p.due,
       p.fire_at, p.level, p.digest, p.catch_up,
       t.lead_agency, t.assignee_name, t.assignee_email, t.extension_count,
       (t.completed_at IS NULL AND t.cancelled_at IS NULL) AS open
  FROM rm_pending_notices p
  LEFT JOIN rm_tasks t ON t.task_id = p.task_id
 WHERE p.fire_at <= $1 AND (p.fire_at, p.notice_key) > ($2::timestamptz, $3::text)
 ORDER BY p.fire_at, p.notice_key
 LIMIT $4`;

export async function readDuePage(db: SqlDatabase, now: Date, after: DueCursor | null, limit: number): Promise<DueRow[]> {
  const { rows } = await db.query<DueRow>(DUE_PAGE_SQL, [now, after?.fireAt ?? new Date(0), after?.noticeKey ?? '', limit]);
  return rows.map((r) => ({ ...r, due: new Date(r.due), fire_at: new Date(r.fire_at) }));
}

/**
 * Why a due row is not issued: its task is gone, closed, or has a newer deadline (the planner
 * re-plans those rows when it projects the change; until then the scanner leaves them alone).
 */
export function staleReason(row: DueRow): string | null {
  if (row.open === null || row.lead_agency === null) return 'task unknown';
  if (!row.open) return 'task completed or cancelled';
  if (row.extension_count !== row.deadline_version) return 'deadline changed since planned';
  return null;
}
