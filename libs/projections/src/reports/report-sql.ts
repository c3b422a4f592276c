import { type TaskStatus, levelOf } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { statusSql } from '../tasks/task-status-sql';
import { riskPointsSql } from '../tasks/task-risk-sql';
import { IMAGE_FIELDS, imageColumnsSql } from '../tasks/task-images';
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
}

/** A changed task as it stood at a past date: its report image (task-images.ts) and what never changes. */
export interface PastImage {
  taskId: string;
  sourceRef: string | null;
  assignedAt: Date;
  image: string;
}

/** The WHERE of the tasks in scope: the filter, and for a past report only the tasks unchanged since. */
function scope(filter: ReportFilter, params: unknown[], extra: string[] = [], unchanged?: UnchangedSince, alias = ''): string {
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
 * Every task changed since (asOf, knownAt), with what a past report needs of it: whether it was
 * assigned by asOf, its first version that does not qualify (cut: occurred after asOf or
 * recorded after knownAt), whether every version from the cut on fails to qualify (prefix: the
 * qualifying events are the versions before it), the report image after the last qualifying
 * version when they are a prefix, and its rm_tasks columns as they stand now. Without a prefix
 * an entry backdated to before asOf follows a later one, and only a fold of the qualifying
 * events tells how the task stood.
 */
export function changedSinceSql(asOf: string, knownAt: string): string {
  // The late versions come from the time indexes alone (they carry task and version), so the
  // cost is in the changed tasks: per task a probe of rm_tasks (whose version is the stream's
  // last, written in the transaction that writes the history) and, only for a prefix, of one
  // image. OFFSET 0 keeps the rm_tasks probe a probe: the statistics cannot see a thousand recent
  // rows among ten million, and a join planned for a hundred thousand changed tasks read rm_tasks
  // whole.
  const now = IMAGE_FIELDS.map(([name]) => `t.${name}`).join(', ');
  return `SELECT l.task_id, t.source_ref, t.assigned_at, t.assigned_at <= ${asOf} AS assigned, l.cut,
                 l.late = t.version - l.cut + 1 AS prefix,
                 CASE WHEN t.assigned_at <= ${asOf} AND l.cut > 1 AND l.late = t.version - l.cut + 1
                      THEN (SELECT image FROM rm_task_history WHERE task_id = l.task_id AND version = l.cut - 1) END AS image,
                 ${now}
            FROM (SELECT task_id, min(version) AS cut, count(*) AS late
                    FROM (SELECT task_id, version FROM rm_task_history WHERE occurred_at > ${asOf}
                          UNION
                          SELECT task_id, version FROM rm_task_history WHERE ${knownAt} IS NOT NULL AND recorded_at > ${knownAt}) x
                   GROUP BY task_id) l
           CROSS JOIN LATERAL (SELECT * FROM rm_tasks WHERE task_id = l.task_id OFFSET 0) t`;
}

/** Of changedSinceSql's rows: the tasks that stood then as their image says. */
const STOOD_AS_IMAGED = `assigned AND prefix AND cut > 1 AND image IS NOT NULL`;
/** Of changedSinceSql's rows: the tasks that existed then and no image tells how (folded from their events). */
const STOOD_UNIMAGED = `assigned AND NOT (prefix AND (cut = 1 OR image IS NOT NULL))`;

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

const RM_TASKS = '(SELECT 1 AS sign, * FROM rm_tasks) rm_tasks';

/** The status cross-tabulation of the tasks in scope at `now`, by a scan of rm_tasks (the edges of an assignment window, a tally in another zone). */
export async function scanStatusCells(
  db: SqlDatabase,
  filter: ReportFilter,
  now: Date,
  rules: StatusRules,
  unchanged?: UnchangedSince,
): Promise<StatusCell[]> {
  const params: unknown[] = [now, rules.dueSoonDays, rules.timeZone];
  const { rows } = await db.query<StatusCellRow>(statusCellsSql(RM_TASKS, scope(filter, params, [], unchanged)), params);
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
  const params: unknown[] = [now, rules.timeZone];
  const { rows } = await db.query<RiskPointCell>(
    riskPointCellsSql(RM_TASKS, scope(filter, params, OPEN_NOT_OVERDUE, unchanged), '$2::text'),
    params,
  );
  return levelRiskPoints(rows, poorAgencies);
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
  unchanged?: UnchangedSince,
): Promise<MonthCell[]> {
  const y = String(year).padStart(4, '0');
  const params: unknown[] = [now, rules.dueSoonDays, rules.timeZone, `${y}-01-01`, `${y}-12-31`];
  const { rows } = await db.query<MonthCell>(monthCellsSql(RM_TASKS, scope(filter, params, inYear('$4', '$5'), unchanged)), params);
  return rows;
}

/**
 * What the tasks changed since a past date add to the tally evaluated at that date: each counted
 * −1 as rm_tasks holds it now (the tally counts it so) and, when its image tells how it stood
 * then, +1 as the image says; the others that existed then are `folded` by the caller.
 */
export interface PastDelta {
  status: StatusCell[];
  riskPoints: RiskPointCell[];
  /** the month cells of `year`, when asked for */
  months: MonthCell[];
  /** assigned by asOf, changed since, and no image tells how they stood: fold these */
  folded: string[];
}

/**
 * The past delta of the tasks in the filter's scope, in one statement: the changed tasks are
 * found and read once (changedSinceSql), and their cells counted beside each other.
 */
export async function pastDelta(
  db: SqlDatabase,
  past: UnchangedSince,
  filter: ReportFilter,
  rules: StatusRules,
  year?: number,
): Promise<PastDelta> {
  const params: unknown[] = [past.asOf, rules.dueSoonDays, rules.timeZone, past.knownAt ?? null];
  const p = (value: unknown) => `$${params.push(value)}`;
  const y = year === undefined ? null : String(year).padStart(4, '0');
  const months = y === null ? `'[]'::json` : json(monthCellsSql('delta', scope(filter, params, inYear(p(`${y}-01-01`), p(`${y}-12-31`)))));
  const { rows } = await db.query<{ status: StatusCellRow[]; risk: RiskPointCell[]; months: MonthCell[]; folded: string[] }>(
    `WITH changed AS MATERIALIZED (${changedSinceSql('$1::timestamptz', '$4::timestamptz')}),
          delta AS MATERIALIZED (
            SELECT -1 AS sign, task_id, source_ref, assigned_at, ${IMAGE_FIELDS.map(([name]) => name).join(', ')} FROM changed
            UNION ALL
            SELECT 1, task_id, source_ref, assigned_at, ${imageColumnsSql('image')} FROM changed WHERE ${STOOD_AS_IMAGED})
     SELECT ${json(statusCellsSql('delta', scope(filter, params)))} AS status,
            ${json(riskPointCellsSql('delta', scope(filter, params, OPEN_NOT_OVERDUE), '$3::text'))} AS risk,
            ${months} AS months,
            (SELECT coalesce(json_agg(task_id::text ORDER BY task_id), '[]') FROM changed WHERE ${STOOD_UNIMAGED}) AS folded`,
    params,
  );
  const [r] = rows;
  return { status: r.status.map(statusCellOf), riskPoints: r.risk, months: r.months, folded: r.folded };
}

/** The tasks changed since a past date, listed as pastDelta counts them (for the tests and the profile). */
export interface ChangedTasks {
  /** every task with an event after asOf or recorded after knownAt: counted −1 */
  now: string[];
  /** of those, the ones that stood then as their image says: counted +1 */
  then: PastImage[];
  /** the ones that existed then and no image tells how */
  folded: string[];
}

export async function changedSince(db: SqlDatabase, past: UnchangedSince): Promise<ChangedTasks> {
  const { rows } = await db.query<{
    task_id: string;
    source_ref: string | null;
    assigned_at: Date;
    image: string;
    imaged: boolean;
    unimaged: boolean;
  }>(
    `SELECT task_id::text AS task_id, source_ref, assigned_at, image, ${STOOD_AS_IMAGED} AS imaged, ${STOOD_UNIMAGED} AS unimaged
       FROM (${changedSinceSql('$1::timestamptz', '$2::timestamptz')}) c ORDER BY task_id`,
    [past.asOf, past.knownAt ?? null],
  );
  return {
    now: rows.map((r) => r.task_id),
    then: rows
      .filter((r) => r.imaged)
      .map((r) => ({ taskId: r.task_id, sourceRef: r.source_ref, assignedAt: new Date(r.assigned_at), image: r.image })),
    folded: rows.filter((r) => r.unimaged).map((r) => r.task_id),
  };
}

/** The rows of a statement as one JSON array. */
const json = (sql: string) => `(SELECT coalesce(json_agg(x), '[]') FROM (${sql}) x)`;

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
