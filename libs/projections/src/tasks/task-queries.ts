import type { SqlDatabase } from '@app/event-store';
import { RiskInputs, RiskLevel, TaskRisk, riskOf } from '@app/domain';
import { statusSql } from './task-status-sql';
import { type SortDirection, type TaskSort, decodeTaskCursor, encodeTaskCursor, sortKeySql } from './task-list-order';
import { riskLevelSql, riskPointsSql } from './task-risk-sql';

export interface TaskListFilter {
  agency?: string;
  status?: string;
  source?: string;
  dueFrom?: Date;
  dueTo?: Date;
  /** early-warning level: only open tasks with a deadline at that level */
  risk?: RiskLevel;
  /** agency scoping: only tasks this agency leads or coordinates */
  visibleTo?: string;
  /** words the code, title, officer, source or lead agency contains */
  q?: string;
  /** only tasks missing some of the "6 rõ" */
  gaps?: boolean;
  /** the order pages follow (default: by code) */
  sort?: TaskSort;
  dir?: SortDirection;
  /**
   * A past list's first half: only tasks assigned by `asOf` none of whose events occurred after it
   * (or was recorded after `knownAt`), which rm_tasks holds exactly as they stood then.
   */
  unchangedSince?: { asOf: Date; knownAt?: Date };
  limit: number;
  cursor?: string;
}

export interface TaskListItem {
  id: string;
  code: string;
  title: string;
  status: string;
  leadAgency: string;
  coordinatingAgencies: string[];
  source: { kind: string | null; ref: string | null; issuedOn: string | null } | null;
  priority: string;
  assignee: { name: string; email: string | null } | null;
  deadline: {
    due: string | null;
    original: string | null;
    expression: string;
    originalExpression: string;
    adjusted: boolean;
    extensions: number;
  };
  progress: { percent: number; note: string | null } | null;
  /** the early warning at the list's "now"; null when finished, cancelled or ongoing */
  risk: TaskRisk | null;
  awaitingConfirmation: boolean;
  completedAt: string | null;
  openBlockers: number;
  clarity: unknown;
  assignedAt: string;
  version: number;
}

/** What a list is evaluated with: the clock, the status rules and the agencies with a poor record. */
export interface TaskListContext {
  now: Date;
  dueSoonDays: number;
  timeZone: string;
  poorAgencies: readonly string[];
  formatInstant: (d: Date) => string;
}

/** Keyset pagination on the task code: stable under concurrent inserts, O(limit) per page. */
export async function listTasks(
  db: SqlDatabase,
  filter: TaskListFilter,
  ctx: TaskListContext,
): Promise<{ items: TaskListItem[]; nextCursor: string | null }> {
  const { now, dueSoonDays, timeZone } = ctx;
  const params: unknown[] = [now, dueSoonDays, timeZone];
  const where: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.agency) add((p) => `lead_agency = ${p}`, filter.agency);
  if (filter.visibleTo) add((p) => `(lead_agency = ${p} OR ${p} = ANY(coordinating_agencies))`, filter.visibleTo);
  if (filter.source) add((p) => `source_ref = ${p}`, filter.source);
  if (filter.dueFrom) add((p) => `due >= ${p}`, filter.dueFrom);
  if (filter.dueTo) add((p) => `due <= ${p}`, filter.dueTo);
  if (filter.status) add((p) => `(${statusSql('$1', '$2::int', '$3::text')}) = ${p}`, filter.status);
  if (filter.risk) {
    params.push([...ctx.poorAgencies]);
    const level = riskLevelSql(riskPointsSql('$1::timestamptz', '$3::text', `$${params.length}::text[]`));
    where.push('completed_at IS NULL AND cancelled_at IS NULL AND due IS NOT NULL');
    add((p) => `${level} = ${p}`, filter.risk);
  }
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    add(
      (p) => `(code ILIKE ${p} OR title ILIKE ${p} OR assignee_name ILIKE ${p} OR source_ref ILIKE ${p} OR lead_agency ILIKE ${p})`,
      like,
    );
  }
  if (filter.gaps) where.push(`coalesce(jsonb_array_length(clarity->'missing'), 0) > 0`);
  if (filter.unchangedSince) {
    params.push(filter.unchangedSince.asOf, filter.unchangedSince.knownAt ?? null);
    const [asOf, knownAt] = [`$${params.length - 1}::timestamptz`, `$${params.length}::timestamptz`];
    // NOT EXISTS plans as an anti-join on the history's indexes, whatever the size
    where.push(
      `assigned_at <= ${asOf} AND NOT EXISTS (SELECT 1 FROM rm_task_history h WHERE h.task_id = rm_tasks.task_id
         AND (h.occurred_at > ${asOf} OR (${knownAt} IS NOT NULL AND h.recorded_at > ${knownAt})))`,
    );
  }
  const sort = filter.sort ?? 'code';
  const dir = filter.dir ?? 'asc';
  const key = sortKeySql(sort, statusSql('$1', '$2::int', '$3::text'));
  if (filter.cursor) {
    const [value, code] = decodeTaskCursor(filter.cursor, sort, dir);
    const after = dir === 'asc' ? '>' : '<';
    if (sort === 'code') add((p) => `code ${after} ${p}::text`, code);
    else {
      params.push(value, code);
      where.push(`(${key.sql}, code) ${after} ($${params.length - 1}::${key.cast}, $${params.length}::text)`);
    }
  }
  params.push(filter.limit + 1);
  const order = dir === 'asc' ? 'ASC' : 'DESC';
  const { rows } = await db.query(
    `SELECT *, task_id::text AS id, ${statusSql('$1', '$2::int', '$3::text')} AS status FROM rm_tasks
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${sort === 'code' ? `code ${order}` : `${key.sql} ${order}, code ${order}`} LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, filter.limit).map((r) => toItem(r, ctx));
  const more = rows.length > filter.limit;
  return {
    items: page,
    nextCursor: more ? encodeTaskCursor(page[page.length - 1], sort, dir) : null,
  };
}

export async function taskCodeExists(db: SqlDatabase, code: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(`SELECT task_id::text AS id FROM rm_tasks WHERE code = $1`, [code]);
  return rows[0]?.id ?? null;
}

/** The formula's inputs from an rm_tasks row of an open task with a deadline (the columns riskPointsSql reads). */
export function riskInputsOfRow(r: any): RiskInputs | null {
  if (r.completed_at !== null || r.cancelled_at !== null || r.due === null) return null;
  return {
    assignedAt: new Date(r.assigned_at),
    due: new Date(r.due),
    lastReportAt: r.last_report_at ? new Date(r.last_report_at) : null,
    progressPercent: r.progress_percent,
    awaitingConfirmation: r.awaiting_confirmation === true,
    openBlockers: r.open_blockers,
    extensions: r.extension_count,
    leadAgency: r.lead_agency,
  };
}

function toItem(r: any, ctx: TaskListContext): TaskListItem {
  const instant = (d: Date | null) => (d ? ctx.formatInstant(d) : null);
  const inputs = riskInputsOfRow(r);
  return {
    id: r.id,
    code: r.code,
    title: r.title,
    status: r.status,
    leadAgency: r.lead_agency,
    coordinatingAgencies: r.coordinating_agencies ?? [],
    source: r.source_ref || r.source_kind ? { kind: r.source_kind, ref: r.source_ref, issuedOn: r.source_issued_on } : null,
    priority: r.priority,
    assignee: r.assignee_name ? { name: r.assignee_name, email: r.assignee_email } : null,
    deadline: {
      due: instant(r.due),
      original: instant(r.original_due),
      expression: r.deadline_expression,
      originalExpression: r.original_expression,
      adjusted: r.adjusted,
      extensions: r.extension_count,
    },
    progress: r.progress_percent === null ? null : { percent: r.progress_percent, note: r.progress_note },
    risk: inputs ? riskOf(inputs, ctx.now, ctx.poorAgencies, ctx.timeZone) : null,
    awaitingConfirmation: r.awaiting_confirmation === true,
    completedAt: instant(r.completed_at),
    openBlockers: r.open_blockers,
    clarity: r.clarity,
    assignedAt: instant(r.assigned_at)!,
    version: r.version,
  };
}
