import { type TaskStatus, levelOf } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { statusSql } from '../tasks/task-status-sql';
import { riskPointsSql } from '../tasks/task-risk-sql';
import { imageTallyColumnsSql } from '../tasks/task-images';
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
 * what the tally cannot split; the past path takes its folded tasks out here as they stand now.
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
}

/** The filter's conditions on rows with lead_agency, source_ref and assigned_at (rm_tasks, or a past tally delta). */
export function filterConditions(filter: ReportFilter, params: unknown[], alias = ''): string[] {
  const where: string[] = [];
  const c = (name: string) => (alias ? `${alias}.${name}` : name);
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.agency !== undefined) add((p) => `${c('lead_agency')} = ${p}`, filter.agency);
  if (filter.source !== undefined) add((p) => `${c('source_ref')} = ${p}`, filter.source);
  if (filter.assignedFrom) add((p) => `${c('assigned_at')} >= ${p}`, filter.assignedFrom);
  if (filter.assignedTo) add((p) => `${c('assigned_at')} <= ${p}`, filter.assignedTo);
  return where;
}

/** The WHERE of the tasks in scope: the filter, and for past blockers only the tasks unchanged since. */
function scope(filter: ReportFilter, params: unknown[], extra: string[] = [], unchanged?: UnchangedSince, alias = ''): string {
  const where = [...extra, ...filterConditions(filter, params, alias)];
  const c = (name: string) => (alias ? `${alias}.${name}` : name);
  if (unchanged) {
    params.push(unchanged.asOf, unchanged.knownAt ?? null);
    const [asOf, knownAt] = [`$${params.length - 1}::timestamptz`, `$${params.length}::timestamptz`];
    where.push(`${c('assigned_at')} <= ${asOf}`);
    // NOT EXISTS plans as an anti-join whatever the size; NOT IN with a large subquery would not.
    where.push(
      `NOT EXISTS (SELECT 1 FROM rm_task_history h WHERE h.task_id = ${alias || 'rm_tasks'}.task_id
                      AND (h.occurred_at > ${asOf} OR (${knownAt} IS NOT NULL AND h.recorded_at > ${knownAt})))`,
    );
  }
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

/** Tasks with an event that occurred after `asOf` or was recorded after `knownAt` (when given). */
export function changedAfterSql(asOf: string, knownAt: string): string {
  return `SELECT task_id FROM rm_task_history WHERE occurred_at > ${asOf} OR (${knownAt} IS NOT NULL AND recorded_at > ${knownAt})`;
}

/**
 * The history rows of the tasks changed since a past date: those that occurred after asOf or
 * were recorded after knownAt (when given), with their images (task-images.ts). They are the
 * newest rows, so reading them visits few pages whatever the history's length (the two arms are
 * disjoint: no rows to compare).
 */
const lateRowsSql = (asOf: string, knownAt: string) =>
  `SELECT task_id, version, image_before, image_after FROM rm_task_history WHERE occurred_at > ${asOf}
   UNION ALL
   SELECT task_id, version, image_before, image_after FROM rm_task_history
    WHERE ${knownAt} IS NOT NULL AND recorded_at > ${knownAt} AND occurred_at <= ${asOf}`;

/**
 * Of the tasks changed since a past date (`late`: lateRowsSql), those whose images cannot tell
 * how they stood then, to be folded from their events: a row that qualifies follows a late one,
 * or a late row has no images. A qualifying row right after a late one came out of order, so it
 * carries that row's times (task-history-projection.ts), and the partial indexes of such rows
 * find them; a row whose order is unknown is marked as after everything.
 */
const foldedSinceSql = (asOf: string, knownAt: string, late: string) =>
  `SELECT task_id FROM rm_task_history
    WHERE previous_occurred_at > ${asOf} AND occurred_at <= ${asOf} AND (${knownAt} IS NULL OR recorded_at <= ${knownAt})
   UNION
   SELECT task_id FROM rm_task_history
    WHERE ${knownAt} IS NOT NULL AND previous_recorded_at > ${knownAt} AND occurred_at <= ${asOf} AND recorded_at <= ${knownAt}
   UNION
   SELECT task_id FROM ${late} WHERE image_before IS NULL OR image_after IS NULL`;

/**
 * What the tasks changed since a past date and not folded add to the tally to make it the
 * tally at that date, as rm_task_tally rows (with assigned_at): summed over a task's late rows,
 * the image before each counted +1 and the image after it −1 leave its image at the date +1
 * (none if it was not yet assigned) and its image now −1, the one the tally counts. Equal images
 * cancel before they are read, so at most two per task are taken apart.
 */
export function pastTallyDeltaSql(asOf: string, knownAt: string): string {
  return `WITH late AS MATERIALIZED (${lateRowsSql(asOf, knownAt)}),
               folded AS MATERIALIZED (${foldedSinceSql(asOf, knownAt, 'late')})
          SELECT ${imageTallyColumnsSql('image', 'n')}
            FROM (SELECT image, sum(sign)::int AS n
                    FROM (SELECT image_before AS image, 1 AS sign FROM late WHERE task_id NOT IN (SELECT task_id FROM folded)
                          UNION ALL
                          SELECT image_after, -1 FROM late WHERE task_id NOT IN (SELECT task_id FROM folded)) x
                   WHERE image <> ''
                   GROUP BY image
                  HAVING sum(sign) <> 0) d`;
}

/**
 * The tasks changed since a past date that a past report folds: those pastTallyDeltaSql leaves
 * out, or, with `all` (a tally in another zone, so no delta), every one of them.
 */
export async function foldedSince(db: SqlDatabase, past: UnchangedSince, all = false): Promise<string[]> {
  const [asOf, knownAt] = ['$1::timestamptz', '$2::timestamptz'];
  const sql = all
    ? `SELECT DISTINCT task_id FROM (${changedAfterSql(asOf, knownAt)}) x`
    : `WITH late AS MATERIALIZED (${lateRowsSql(asOf, knownAt)}) ${foldedSinceSql(asOf, knownAt, 'late')}`;
  const { rows } = await db.query<{ task_id: string }>(`SELECT task_id::text AS task_id FROM (${sql}) f ORDER BY 1`, [
    past.asOf,
    past.knownAt ?? null,
  ]);
  return rows.map((r) => r.task_id);
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

/**
 * The status cells of `from` (a relation with rm_tasks' columns and a `sign` per row), at $1 (now),
 * $2 (due-soon days), $3 (zone).
 */
const statusCellsSql = (from: string, where: string) =>
  `SELECT agency, source, status, recurring, sum(sign)::int AS count, coalesce(sum(sign * ${DAYS_LATE}), 0)::int AS days_late,
          coalesce(sum(sign) FILTER (WHERE awaiting_confirmation), 0)::int AS awaiting
     FROM (SELECT sign, lead_agency AS agency, source_ref AS source, due IS NULL AS recurring, due, completed_at, awaiting_confirmation,
                  ${STATUS} AS status
             FROM ${from} ${where}) t
    GROUP BY agency, source, status, recurring`;

/** The open tasks not yet overdue, at $1 (now), in the given zone: their early-warning points before the agency record. */
const OPEN_NOT_OVERDUE = ['completed_at IS NULL', 'cancelled_at IS NULL', 'due IS NOT NULL', 'due >= $1::timestamptz'];
const riskPointCellsSql = (from: string, where: string, zone: string) =>
  `SELECT agency, source, month, points, sum(sign)::int AS count
     FROM (SELECT sign, lead_agency AS agency, source_ref AS source, substr(last_day, 1, 7) AS month,
                  ${riskPointsSql('$1::timestamptz', zone, `'{}'::text[]`)} AS points
             FROM ${from} ${where}) t
    GROUP BY agency, source, month, points`;

/** Of a year (its first and last day as placeholders): the tasks with a deadline whose last day falls in it. */
const inYear = (first: string, last: string) => [`last_day >= ${first}`, `last_day <= ${last}`, 'due IS NOT NULL', 'cancelled_at IS NULL'];
const monthCellsSql = (from: string, where: string) =>
  `SELECT month, agency, status, sum(sign)::int AS count
     FROM (SELECT sign, substr(last_day, 1, 7) AS month, lead_agency AS agency, ${STATUS} AS status FROM ${from} ${where}) t
    GROUP BY month, agency, status`;

/**
 * The rows a scan counts: every task once, or (a past report's folded tasks, taken out as they
 * stand now) only the given ones, each −1.
 */
export interface ScanRows {
  taskIds: readonly string[];
  sign: -1;
}
function rmTasks(params: unknown[], rows?: ScanRows): string {
  if (!rows) return '(SELECT 1 AS sign, * FROM rm_tasks) rm_tasks';
  params.push([...rows.taskIds]);
  return `(SELECT ${rows.sign} AS sign, * FROM rm_tasks WHERE task_id = ANY($${params.length}::uuid[])) rm_tasks`;
}

/** The status cross-tabulation of the tasks in scope at `now`, by a scan of rm_tasks (the edges of an assignment window, a tally in another zone). */
export async function scanStatusCells(
  db: SqlDatabase,
  filter: ReportFilter,
  now: Date,
  rules: StatusRules,
  only?: ScanRows,
): Promise<StatusCell[]> {
  const params: unknown[] = [now, rules.dueSoonDays, rules.timeZone];
  const from = rmTasks(params, only);
  const { rows } = await db.query<StatusCellRow>(statusCellsSql(from, scope(filter, params)), params);
  return rows.map(statusCellOf);
}

/** Open tasks not yet overdue by lead agency, source, month of their last day and points before the agency record at `now`, by a scan of rm_tasks. */
export async function scanRiskPoints(
  db: SqlDatabase,
  filter: ReportFilter,
  now: Date,
  rules: StatusRules,
  only?: ScanRows,
): Promise<RiskPointCell[]> {
  const params: unknown[] = [now, rules.timeZone];
  const from = rmTasks(params, only);
  const { rows } = await db.query<RiskPointCell>(riskPointCellsSql(from, scope(filter, params, OPEN_NOT_OVERDUE), '$2::text'), params);
  return rows;
}

/** Risk cells by early-warning points before the agency-record point, which depends on every agency's figures. */
export interface RiskPointCell {
  agency: string;
  source: string | null;
  month: string | null;
  points: number;
  count: number;
}

/** Risk cells of point cells, an agency with a poor record scoring one more (riskPointsSql's last term). */
export function levelRiskPoints(cells: RiskPointCell[], poorAgencies: readonly string[]): RiskCell[] {
  const poor = new Set(poorAgencies);
  const byKey = new Map<string, RiskCell>();
  for (const c of cells) {
    const level = levelOf(c.points + (poor.has(c.agency) ? 1 : 0));
    const key = JSON.stringify([c.agency, c.source, c.month, level]);
    const cell = byKey.get(key);
    if (cell) cell.count += c.count;
    else byKey.set(key, { agency: c.agency, source: c.source, month: c.month, level, count: c.count });
  }
  return [...byKey.values()];
}

/** Tasks with a deadline whose last day falls in `year`, by month, lead agency and status at `now`, by a scan of rm_tasks. */
export async function scanMonthCells(
  db: SqlDatabase,
  year: number,
  filter: ReportFilter,
  now: Date,
  rules: StatusRules,
  only?: ScanRows,
): Promise<MonthCell[]> {
  const y = String(year).padStart(4, '0');
  const params: unknown[] = [now, rules.dueSoonDays, rules.timeZone, `${y}-01-01`, `${y}-12-31`];
  const from = rmTasks(params, only);
  const { rows } = await db.query<MonthCell>(monthCellsSql(from, scope(filter, params, inYear('$4', '$5'))), params);
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
  const where = scope({ agency: opts.agency }, params, extra, unchanged, 't');
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
