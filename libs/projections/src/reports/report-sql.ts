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

/**
 * The tasks changed since a past date (changedSince in report-past.ts): counted as rm_tasks holds
 * them now, negatively (the tally at that date counts them so), and, those whose state then is a
 * history image, as the image says, positively. One relation with a `sign` column.
 */
export interface ChangedDelta {
  /** every task with an event after asOf or recorded after knownAt */
  now: string[];
  /** of those, the ones that stood then as their image says */
  then: PastImage[];
}

/** A changed task as it stood at a past date: its report image (task-images.ts) and what never changes. */
export interface PastImage {
  taskId: string;
  sourceRef: string | null;
  assignedAt: Date;
  image: string;
}

const DELTA_COLUMNS = ['task_id', 'source_ref', 'assigned_at', ...IMAGE_FIELDS.map(([name]) => name)].join(', ');

/** The relation to count (rm_tasks, or a changed delta), its WHERE, and the sign of a row in it. */
function scope(
  filter: ReportFilter,
  params: unknown[],
  extra: string[] = [],
  unchanged?: UnchangedSince,
  alias = '',
  delta?: ChangedDelta,
): { from: string; where: string; sign: string } {
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
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  if (!delta) return { from: 'rm_tasks', where: clause, sign: '1' };
  const p = (value: unknown) => `$${params.push(value)}`;
  const now = p(delta.now);
  const [ids, sources, assigned, images] = [
    p(delta.then.map((i) => i.taskId)),
    p(delta.then.map((i) => i.sourceRef)),
    p(delta.then.map((i) => i.assignedAt.toISOString())),
    p(delta.then.map((i) => i.image)),
  ];
  const from = `(SELECT -1 AS sign, ${DELTA_COLUMNS} FROM rm_tasks WHERE task_id = ANY(${now}::uuid[])
                 UNION ALL
                 SELECT 1, i.task_id, i.source_ref, i.assigned_at, ${imageColumnsSql('i.image')}
                   FROM unnest(${ids}::uuid[], ${sources}::text[], ${assigned}::timestamptz[], ${images}::text[])
                        AS i(task_id, source_ref, assigned_at, image)) rm_tasks`;
  return { from, where: clause, sign: 'sign' };
}

function whereClause(filter: ReportFilter, params: unknown[], extra: string[] = [], unchanged?: UnchangedSince, alias = ''): string {
  return scope(filter, params, extra, unchanged, alias).where;
}

/** Tasks with an event that occurred after `asOf` or was recorded after `knownAt` (when given). */
export function changedAfterSql(asOf: string, knownAt: string): string {
  return `SELECT task_id FROM rm_task_history WHERE occurred_at > ${asOf} OR (${knownAt} IS NOT NULL AND recorded_at > ${knownAt})`;
}

/**
 * Every task changed since (asOf, knownAt), with what a past report needs of it: whether it was
 * assigned by asOf, and then the last version of its history that qualifies (occurred by asOf,
 * recorded by knownAt: last_in, null when none does), the first that does not (cut), and the
 * report image after last_in. When last_in < cut the qualifying events are a prefix of the
 * stream, and the task stood at asOf as that image says; otherwise an entry backdated to before
 * asOf follows a later one, and only a fold of the qualifying events tells.
 */
export function changedSinceSql(asOf: string, knownAt: string): string {
  const late = `(occurred_at > ${asOf} OR (${knownAt} IS NOT NULL AND recorded_at > ${knownAt}))`;
  // Everything per changed task, by index: the (task, version) index carries both times (a join
  // over the history would read it whole), the image is a probe of its one row, and the task's
  // row a probe of rm_tasks. OFFSET 0 keeps that probe a probe: the statistics cannot see a
  // thousand recent rows among ten million, and a join planned for a hundred thousand changed
  // tasks read rm_tasks whole.
  return `SELECT t.task_id::text AS task_id, t.source_ref, t.assigned_at, t.assigned_at <= ${asOf} AS assigned, c.cut, c.last_in,
                 (SELECT image FROM rm_task_history WHERE task_id = t.task_id AND version = c.last_in) AS image
            FROM (SELECT DISTINCT task_id FROM (${changedAfterSql(asOf, knownAt)}) x) ch
           CROSS JOIN LATERAL (SELECT task_id, source_ref, assigned_at FROM rm_tasks WHERE task_id = ch.task_id OFFSET 0) t
            LEFT JOIN LATERAL (
              SELECT min(version) FILTER (WHERE ${late}) AS cut, max(version) FILTER (WHERE NOT ${late}) AS last_in
                FROM rm_task_history WHERE task_id = ch.task_id AND t.assigned_at <= ${asOf}) c ON true`;
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
 * The status cross-tabulation of the tasks in scope at `now`, by a scan of rm_tasks (the edges of
 * an assignment window, a tally in another zone), or of a past report's changed tasks (`delta`:
 * counted −1 as they stand, +1 as they stood).
 */
export async function scanStatusCells(
  db: SqlDatabase,
  filter: ReportFilter,
  now: Date,
  rules: StatusRules,
  unchanged?: UnchangedSince,
  delta?: ChangedDelta,
): Promise<StatusCell[]> {
  const params: unknown[] = [now, rules.dueSoonDays, rules.timeZone];
  const { from, where, sign } = scope(filter, params, [], unchanged, '', delta);
  const { rows } = await db.query<StatusCellRow>(
    `SELECT agency, source, status, recurring, sum(sign)::int AS count, coalesce(sum(sign * ${DAYS_LATE}), 0)::int AS days_late,
            coalesce(sum(sign) FILTER (WHERE awaiting_confirmation), 0)::int AS awaiting
       FROM (SELECT ${sign} AS sign, lead_agency AS agency, source_ref AS source, due IS NULL AS recurring, due, completed_at, awaiting_confirmation,
                    ${STATUS} AS status
               FROM ${from} ${where}) t
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
  delta?: ChangedDelta,
): Promise<RiskCell[]> {
  return levelRiskPoints(await scanRiskPoints(db, filter, now, rules, unchanged, delta), poorAgencies);
}

/** Risk cells by early-warning points before the agency-record point, which depends on every agency's figures. */
export interface RiskPointCell {
  agency: string;
  source: string | null;
  month: string | null;
  points: number;
  count: number;
}

/**
 * scanRiskCells without the agency-record point: a past report counts these while the poor
 * agencies (from the status cells at the same date) are still being counted.
 */
export async function scanRiskPoints(
  db: SqlDatabase,
  filter: ReportFilter,
  now: Date,
  rules: StatusRules,
  unchanged?: UnchangedSince,
  delta?: ChangedDelta,
): Promise<RiskPointCell[]> {
  const params: unknown[] = [now, rules.timeZone];
  const open = ['completed_at IS NULL', 'cancelled_at IS NULL', 'due IS NOT NULL', 'due >= $1::timestamptz'];
  const { from, where, sign } = scope(filter, params, open, unchanged, '', delta);
  const points = riskPointsSql('$1::timestamptz', '$2::text', `'{}'::text[]`);
  const { rows } = await db.query<RiskPointCell>(
    `SELECT agency, source, month, points, sum(sign)::int AS count
       FROM (SELECT ${sign} AS sign, lead_agency AS agency, source_ref AS source, substr(last_day, 1, 7) AS month, ${points} AS points
               FROM ${from} ${where}) t
      GROUP BY agency, source, month, points`,
    params,
  );
  return rows;
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
  delta?: ChangedDelta,
): Promise<MonthCell[]> {
  const y = String(year).padStart(4, '0');
  const params: unknown[] = [now, rules.dueSoonDays, rules.timeZone, `${y}-01-01`, `${y}-12-31`];
  const { from, where, sign } = scope(
    filter,
    params,
    ['last_day >= $4', 'last_day <= $5', 'due IS NOT NULL', 'cancelled_at IS NULL'],
    unchanged,
    '',
    delta,
  );
  const { rows } = await db.query<MonthCell>(
    `SELECT month, agency, status, sum(sign)::int AS count
       FROM (SELECT ${sign} AS sign, substr(last_day, 1, 7) AS month, lead_agency AS agency, ${STATUS} AS status FROM ${from} ${where}) t
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
