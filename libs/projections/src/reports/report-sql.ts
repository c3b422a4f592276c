import type { TaskStatus } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { statusSql } from '../tasks/task-status-sql';
import { riskLevelSql, riskPointsSql } from '../tasks/task-risk-sql';
import type { AgencyName, BlockerFact, MonthCell, ReportFilter, RiskCell, StatusCell, StatusRules } from './report.types';

export interface RegisteredAgency {
  code: string;
  name: string;
  registeredAt: Date;
}

/**
 * Reports straight from rm_tasks: one aggregate statement each, the status computed by the
 * database with statusSql (the SQL twin of the domain's taskStatus) at `now`. The current status
 * and month cells count from rm_task_tally instead (report-tally-sql.ts) and come here only for
 * what the tally cannot split; the past path counts its unchanged tasks here.
 * The replay path (testing/full-replay.ts, the tests' oracle, + report-facts.ts) yields the same cells for asOf = now;
 * test/reports.e2e.spec.ts asserts it.
 */

const STATUS = statusSql('$1::timestamptz', '$2::int', '$3::text');
/** calendar days in the deadline zone from the due day to the completion day / to now */
const DAYS_LATE = `CASE
    WHEN status = 'completed_late' THEN (completed_at AT TIME ZONE $3::text)::date - (due AT TIME ZONE $3::text)::date
    WHEN status = 'overdue' THEN ($1::timestamptz AT TIME ZONE $3::text)::date - (due AT TIME ZONE $3::text)::date
  END`;

/**
 * A past evaluation served from the read models: only the tasks whose every event had occurred
 * by `asOf` (and been recorded by `knownAt`), since for those rm_tasks holds exactly the state
 * at asOf. The others are replayed (report-past.ts).
 */
export interface UnchangedSince {
  asOf: Date;
  knownAt?: Date;
  /** the other half instead: every task with an event after asOf or recorded after knownAt, as rm_tasks holds it now */
  changed?: boolean;
}

function whereClause(filter: ReportFilter, params: unknown[], extra: string[] = [], unchanged?: UnchangedSince, alias = ''): string {
  const where = [...extra];
  const c = (name: string) => (alias ? `${alias}.${name}` : name);
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.agency !== undefined) add((p) => `${c('lead_agency')} = ${p}`, filter.agency);
  if (filter.source !== undefined) add((p) => `${c('source_ref')} = ${p}`, filter.source);
  if (filter.assignedFrom) add((p) => `${c('assigned_at')} >= ${p}`, filter.assignedFrom);
  if (filter.assignedTo) add((p) => `${c('assigned_at')} <= ${p}`, filter.assignedTo);
  if (unchanged) {
    params.push(unchanged.asOf, unchanged.knownAt ?? null);
    const [asOf, knownAt] = [`$${params.length - 1}::timestamptz`, `$${params.length}::timestamptz`];
    if (!unchanged.changed) where.push(`${c('assigned_at')} <= ${asOf}`);
    // NOT EXISTS plans as an anti-join whatever the size; NOT IN with a large subquery would not.
    where.push(
      `${unchanged.changed ? '' : 'NOT '}EXISTS (SELECT 1 FROM rm_task_history h WHERE h.task_id = ${alias || 'rm_tasks'}.task_id
                      AND (h.occurred_at > ${asOf} OR (${knownAt} IS NOT NULL AND h.recorded_at > ${knownAt})))`,
    );
  }
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

/** Tasks with an event that occurred after `asOf` or was recorded after `knownAt` (when given). */
export function changedAfterSql(asOf: string, knownAt: string): string {
  return `SELECT task_id FROM rm_task_history WHERE occurred_at > ${asOf} OR (${knownAt} IS NOT NULL AND recorded_at > ${knownAt})`;
}

/** A status cell as both readers (rm_tasks and the tally) select it. */
export interface StatusCellRow {
  agency: string;
  source: string | null;
  status: TaskStatus;
  recurring: boolean;
  count: number;
  days_late: number;
  awaiting: number;
}

export const statusCellOf = (r: StatusCellRow): StatusCell => ({
  agency: r.agency,
  source: r.source,
  status: r.status,
  recurring: r.recurring,
  count: r.count,
  daysLate: r.days_late,
  awaiting: r.awaiting,
});

/** The status cross-tabulation of the tasks in scope at `now`, by a scan of rm_tasks (the past path, and the edges of an assignment window). */
export async function scanStatusCells(
  db: SqlDatabase,
  filter: ReportFilter,
  now: Date,
  rules: StatusRules,
  unchanged?: UnchangedSince,
): Promise<StatusCell[]> {
  const params: unknown[] = [now, rules.dueSoonDays, rules.timeZone];
  const where = whereClause(filter, params, [], unchanged);
  const { rows } = await db.query<StatusCellRow>(
    `SELECT agency, source, status, recurring, count(*)::int AS count, coalesce(sum(${DAYS_LATE}), 0)::int AS days_late,
            count(*) FILTER (WHERE awaiting_confirmation)::int AS awaiting
       FROM (SELECT lead_agency AS agency, source_ref AS source, due IS NULL AS recurring, due, completed_at, awaiting_confirmation,
                    ${STATUS} AS status
               FROM rm_tasks ${where}) t
      GROUP BY agency, source, status, recurring`,
    params,
  );
  return rows.map(statusCellOf);
}

/** Open tasks not yet overdue by lead agency, source, month of their last day and risk level at `now`, by a scan of rm_tasks. */
export async function scanRiskCells(
  db: SqlDatabase,
  filter: ReportFilter,
  now: Date,
  rules: StatusRules,
  poorAgencies: readonly string[],
  unchanged?: UnchangedSince,
): Promise<RiskCell[]> {
  const params: unknown[] = [now, rules.timeZone, [...poorAgencies]];
  const open = ['completed_at IS NULL', 'cancelled_at IS NULL', 'due IS NOT NULL', 'due >= $1::timestamptz'];
  const where = whereClause(filter, params, open, unchanged);
  const level = riskLevelSql(riskPointsSql('$1::timestamptz', '$2::text', '$3::text[]'));
  const { rows } = await db.query<RiskCell>(
    `SELECT agency, source, month, level, count(*)::int AS count
       FROM (SELECT lead_agency AS agency, source_ref AS source, substr(last_day, 1, 7) AS month, ${level} AS level FROM rm_tasks ${where}) t
      GROUP BY agency, source, month, level`,
    params,
  );
  return rows;
}

/** Tasks with a deadline whose last day falls in `year`, by month, lead agency and status at `now`, by a scan of rm_tasks. */
export async function scanMonthCells(
  db: SqlDatabase,
  year: number,
  filter: ReportFilter,
  now: Date,
  rules: StatusRules,
  unchanged?: UnchangedSince,
): Promise<MonthCell[]> {
  const y = String(year).padStart(4, '0');
  const params: unknown[] = [now, rules.dueSoonDays, rules.timeZone, `${y}-01-01`, `${y}-12-31`];
  const where = whereClause(filter, params, ['last_day >= $4', 'last_day <= $5', 'due IS NOT NULL', 'cancelled_at IS NULL'], unchanged);
  const { rows } = await db.query<MonthCell>(
    `SELECT month, agency, status, count(*)::int AS count
       FROM (SELECT substr(last_day, 1, 7) AS month, lead_agency AS agency, ${STATUS} AS status FROM rm_tasks ${where}) t
      GROUP BY month, agency, status`,
    params,
  );
  return rows;
}

/** Blockers of the tasks in scope as they stand, with their task's status now. */
export async function currentBlockers(
  db: SqlDatabase,
  opts: { openOnly: boolean; agency?: string },
  now: Date,
  rules: StatusRules,
  unchanged?: UnchangedSince,
): Promise<BlockerFact[]> {
  const params: unknown[] = [now, rules.dueSoonDays, rules.timeZone];
  const extra = opts.openOnly ? ['b.resolved_at IS NULL'] : [];
  const where = whereClause({ agency: opts.agency }, params, extra, unchanged, 't');
  const { rows } = await db.query(
    `SELECT b.blocker_id, t.task_id::text AS task_id, t.code, t.lead_agency, ${statusSql('$1::timestamptz', '$2::int', '$3::text', 't')} AS task_status,
            b.description, b.raised_at, b.resolved_at
       FROM rm_blockers b JOIN rm_tasks t ON t.task_id = b.task_id
      ${where}`,
    params,
  );
  return rows.map((r) => ({
    taskId: r.task_id,
    taskCode: r.code,
    leadAgency: r.lead_agency,
    taskStatus: r.task_status,
    blockerId: r.blocker_id,
    description: r.description,
    raisedAt: new Date(r.raised_at),
    resolvedAt: r.resolved_at ? new Date(r.resolved_at) : null,
  }));
}

/** Every registered agency with its name and registration time (business time). */
export async function registeredAgencies(db: SqlDatabase): Promise<RegisteredAgency[]> {
  const { rows } = await db.query<{ code: string; name: string; registered_at: Date }>(`SELECT code, name, registered_at FROM rm_agencies`);
  return rows.map((r) => ({ code: r.code, name: r.name, registeredAt: new Date(r.registered_at) }));
}

/** Registered agencies (by business time `asOf` when given) with their names. */
export async function agencyNames(db: SqlDatabase, asOf?: Date): Promise<AgencyName[]> {
  const agencies = await registeredAgencies(db);
  return agencies.filter((a) => !asOf || a.registeredAt <= asOf).map(({ code, name }) => ({ code, name }));
}
