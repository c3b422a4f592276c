import type { SqlDatabase } from '@app/event-store';
import { DomainError } from '@app/domain';
import { statusSql } from './task-status-sql';

export interface TaskListFilter {
  agency?: string;
  status?: string;
  source?: string;
  dueFrom?: Date;
  dueTo?: Date;
  /** agency scoping: only tasks this agency leads or coordinates */
  visibleTo?: string;
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
  completedAt: string | null;
  openBlockers: number;
  clarity: unknown;
  assignedAt: string;
  version: number;
}

/** Keyset pagination on the task code: stable under concurrent inserts, O(limit) per page. */
export async function listTasks(
  db: SqlDatabase,
  filter: TaskListFilter,
  now: Date,
  dueSoonDays: number,
  timeZone: string,
  formatInstant: (d: Date) => string,
): Promise<{ items: TaskListItem[]; nextCursor: string | null }> {
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
  if (filter.cursor) add((p) => `code > ${p}`, decodeCursor(filter.cursor));
  params.push(filter.limit + 1);
  const { rows } = await db.query(
    `SELECT *, task_id::text AS id, ${statusSql('$1', '$2::int', '$3::text')} AS status FROM rm_tasks
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY code LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, filter.limit);
  const more = rows.length > filter.limit;
  return {
    items: page.map((r) => toItem(r, formatInstant)),
    nextCursor: more ? encodeCursor(page[page.length - 1].code) : null,
  };
}

export async function taskCodeExists(db: SqlDatabase, code: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(`SELECT task_id::text AS id FROM rm_tasks WHERE code = $1`, [code]);
  return rows[0]?.id ?? null;
}

const encodeCursor = (code: string) => Buffer.from(code, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const code = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!code || /[\u0000-\u001f\ufffd]/.test(code)) throw DomainError.invalid('cursor', 'is not a cursor this API returned');
  return code;
}

function toItem(r: any, fmt: (d: Date) => string): TaskListItem {
  const instant = (d: Date | null) => (d ? fmt(d) : null);
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
    completedAt: instant(r.completed_at),
    openBlockers: r.open_blockers,
    clarity: r.clarity,
    assignedAt: instant(r.assigned_at)!,
    version: r.version,
  };
}
