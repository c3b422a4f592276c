import type { SqlDatabase } from '@app/event-store';
import {
  RiskPointCell,
  StatusCellRow,
  UnchangedSince,
  filterConditions,
  levelRiskPoints,
  pastTallyDeltaSql,
  scanMonthCells,
  scanRiskPoints,
  scanStatusCells,
  statusCellOf,
} from './report-sql';
import type { MonthCell, ReportFilter, RiskCell, StatusCell, StatusRules } from './report.types';

/**
 * The current status and month cells from rm_task_tally (task-tally.ts), which the projector
 * keeps in the transaction that writes rm_tasks: the cost grows with the agencies, sources,
 * assignment days and deadlines in scope, not with the tasks. An open task's status is derived
 * here from its deadline at `now`, exactly as statusSql does over rm_tasks; the
 * tests hold the two (and the replay) equal.
 *
 * An assignment window whose ends fall inside a day counts the whole days between from the
 * tally and the tasks of its two edge days from rm_tasks (by the assigned_at index).
 */

const DAY_MS = 86_400_000;
const startOfUtcDay = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** The status of the tally rows at $1 (now), $2 (due-soon days), $3 (zone): statusSql over a deadline. */
const TALLY_STATUS = `CASE
    WHEN state <> 'open' THEN state
    WHEN due IS NULL THEN 'ongoing'
    WHEN due < $1::timestamptz THEN 'overdue'
    WHEN (due AT TIME ZONE $3::text)::date - ($1::timestamptz AT TIME ZONE $3::text)::date <= $2::int THEN 'due_soon'
    ELSE 'on_track' END`;
const TALLY_DAYS_LATE = `CASE
    WHEN state = 'completed_late' THEN days_late
    WHEN state = 'open' AND due < $1::timestamptz THEN tasks * (($1::timestamptz AT TIME ZONE $3::text)::date - (due AT TIME ZONE $3::text)::date)
    ELSE 0 END`;

interface TallyScope {
  /** the tally rows of the filter; for a past evaluation, with the delta of the tasks changed since */
  from: (extra: string[]) => string;
  /** the tasks of the window's edge days, counted from rm_tasks; absent without a window */
  edges?: ReportFilter[];
}

const TALLY_COLUMNS = [
  'lead_agency',
  'source_ref',
  'assigned_day',
  'state',
  'due',
  'last_day',
  'tasks',
  'awaiting',
  'days_late',
  'risk_fixed',
  'risk_severe_from',
  'risk_mild_from',
  'risk_stale_from',
].join(', ');

/**
 * The tally rows of the filter (params $1-$3 are taken, $1 the evaluation time), and the edge
 * days the tally cannot split. As of a `past` date (the evaluation time), the rows of the tasks
 * changed since are added: each task −1 as the tally counts it now and +1 as it stood then
 * (pastTallyDeltaSql), by the filter's exact window, so the edges counted now are corrected too.
 */
function tallyScope(filter: ReportFilter, params: unknown[], past?: UnchangedSince): TallyScope {
  const where = ['zone = $3::text', 'tasks <> 0'];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.agency !== undefined) add((p) => `lead_agency = ${p}`, filter.agency);
  if (filter.source !== undefined) add((p) => `source_ref = ${p}`, filter.source);
  const { assignedFrom: from, assignedTo: to } = filter;
  if (from) add((p) => `assigned_day > ${p}::date`, utcDay(from));
  if (to) add((p) => `assigned_day < ${p}::date`, utcDay(to));
  const tally = (extra: string[]) => `rm_task_tally WHERE ${[...where, ...extra].join(' AND ')}`;
  let rows = tally;
  if (past) {
    const knownAt = `$${params.push(past.knownAt ?? null)}::timestamptz`;
    const exact = filterConditions(filter, params);
    const delta = pastTallyDeltaSql('$1::timestamptz', knownAt);
    rows = (extra) => {
      const where = [...exact, ...extra];
      return `(SELECT ${TALLY_COLUMNS} FROM ${tally(extra)}
               UNION ALL
               SELECT ${TALLY_COLUMNS} FROM (${delta}) d ${where.length ? `WHERE ${where.join(' AND ')}` : ''}) rm_task_tally`;
    };
  }
  if (!from && !to) return { from: rows };
  const edges: ReportFilter[] = [];
  if (from && to && utcDay(from) === utcDay(to)) edges.push(filter);
  else {
    if (from)
      edges.push({ ...filter, assignedTo: new Date(Math.min(startOfUtcDay(from).getTime() + DAY_MS - 1, to?.getTime() ?? Infinity)) });
    if (to) edges.push({ ...filter, assignedFrom: new Date(Math.max(startOfUtcDay(to).getTime(), from?.getTime() ?? -Infinity)) });
  }
  return { from: rows, edges };
}

/** Whether the tally was counted in another deadline zone (DEADLINE_TIMEZONE changed since the last rebuild). */
export async function tallyInOtherZone(db: SqlDatabase, timeZone: string): Promise<boolean> {
  const { rows } = await db.query<{ other: boolean }>(`SELECT EXISTS (SELECT 1 FROM rm_task_tally WHERE zone <> $1) AS other`, [timeZone], {
    name: 'reports_tally_zone',
  });
  return rows[0]?.other ?? false;
}

/** The status cross-tabulation of the tasks in scope, now. */
export async function currentStatusCells(
  db: SqlDatabase,
  filter: ReportFilter,
  now: Date,
  rules: StatusRules,
  past?: UnchangedSince,
): Promise<StatusCell[]> {
  if (await tallyInOtherZone(db, rules.timeZone)) return scanStatusCells(db, filter, now, rules);
  const params: unknown[] = [now, rules.dueSoonDays, rules.timeZone];
  const scope = tallyScope(filter, params, past);
  const [{ rows }, ...edges] = await Promise.all([
    db.query<StatusCellRow>(
      `SELECT agency, source, status, recurring, sum(tasks)::int AS count, sum(dl)::int AS days_late, sum(awaiting)::int AS awaiting
         FROM (SELECT lead_agency AS agency, source_ref AS source, due IS NULL AS recurring, tasks, awaiting,
                      ${TALLY_STATUS} AS status, ${TALLY_DAYS_LATE} AS dl
                 FROM ${scope.from([])}) t
        GROUP BY agency, source, status, recurring
       HAVING sum(tasks) <> 0`,
      params,
    ),
    ...(scope.edges ?? []).map((edge) => scanStatusCells(db, edge, now, rules)),
  ]);
  const tallied = rows.map(statusCellOf);
  return mergeCells([tallied, ...edges], statusKey, (a, b) => ({
    ...a,
    count: a.count + b.count,
    daysLate: a.daysLate + b.daysLate,
    awaiting: a.awaiting + b.awaiting,
  }));
}

/** Tasks with a deadline whose last day falls in `year`, by month, lead agency and status, now. */
export async function currentMonthCells(
  db: SqlDatabase,
  year: number,
  filter: ReportFilter,
  now: Date,
  rules: StatusRules,
  past?: UnchangedSince,
): Promise<MonthCell[]> {
  if (await tallyInOtherZone(db, rules.timeZone)) return scanMonthCells(db, year, filter, now, rules);
  const y = String(year).padStart(4, '0');
  const params: unknown[] = [now, rules.dueSoonDays, rules.timeZone, `${y}-01-01`, `${y}-12-31`];
  const scope = tallyScope(filter, params, past);
  const [{ rows }, ...edges] = await Promise.all([
    db.query<MonthCell>(
      `SELECT month, agency, status, sum(tasks)::int AS count
         FROM (SELECT substr(last_day, 1, 7) AS month, lead_agency AS agency, tasks, ${TALLY_STATUS} AS status
                 FROM ${scope.from(['last_day >= $4', 'last_day <= $5', 'due IS NOT NULL', "state <> 'cancelled'"])}) t
        GROUP BY month, agency, status
       HAVING sum(tasks) <> 0`,
      params,
    ),
    ...(scope.edges ?? []).map((edge) => scanMonthCells(db, year, edge, now, rules)),
  ]);
  return mergeCells([rows, ...edges], monthKey, (a, b) => ({ ...a, count: a.count + b.count }));
}

/**
 * Open tasks not yet overdue by lead agency, source, month of their last day and early-warning
 * points before the agency-record point, now: each tally row's schedule (riskSchedule) levelled
 * at today's date in the deadline zone. The cost is in the schedules of the open tasks not yet
 * due, which share rows when their inputs agree, and no time zone arithmetic per row. The
 * agency-record point waits for every agency's figures, so it is added apart (levelRiskPoints).
 */
export async function currentRiskPoints(
  db: SqlDatabase,
  filter: ReportFilter,
  now: Date,
  rules: StatusRules,
  past?: UnchangedSince,
): Promise<RiskPointCell[]> {
  if (await tallyInOtherZone(db, rules.timeZone)) return scanRiskPoints(db, filter, now, rules);
  // the zone twice: as $3 for tallyScope, as $2 for the day
  const params: unknown[] = [now, rules.timeZone, rules.timeZone];
  const scope = tallyScope(filter, params, past);
  const today = `($1::timestamptz AT TIME ZONE $2::text)::date`;
  const points = `(risk_fixed
      + CASE WHEN risk_severe_from <= ${today} THEN 3 WHEN risk_mild_from <= ${today} THEN 1 ELSE 0 END
      + CASE WHEN risk_stale_from <= ${today} THEN 1 ELSE 0 END)`;
  const [{ rows }, ...edges] = await Promise.all([
    db.query<RiskPointCell>(
      `SELECT agency, source, month, points, sum(tasks)::int AS count
         FROM (SELECT lead_agency AS agency, source_ref AS source, substr(last_day, 1, 7) AS month, tasks, ${points} AS points
                 FROM ${scope.from(["state = 'open'", 'due >= $1::timestamptz'])}) t
        GROUP BY agency, source, month, points
       HAVING sum(tasks) <> 0`,
      params,
    ),
    ...(scope.edges ?? []).map((edge) => scanRiskPoints(db, edge, now, rules)),
  ]);
  return [...rows, ...edges.flat()];
}

/** Risk cells, now: currentRiskPoints levelled once the agencies with a poor record are known. */
export async function currentRiskCells(
  db: SqlDatabase,
  filter: ReportFilter,
  now: Date,
  rules: StatusRules,
  poorAgencies: readonly string[] | Promise<readonly string[]>,
  past?: UnchangedSince,
): Promise<RiskCell[]> {
  const points = await currentRiskPoints(db, filter, now, rules, past);
  return addRiskCells(levelRiskPoints(points, await poorAgencies));
}

const riskKey = (c: RiskCell) => `${c.agency}\u0000${c.source ?? '\u0001'}\u0000${c.month ?? '\u0001'}\u0000${c.level}`;

/**
 * Cells added up, without those that come to nothing: the tally at a past date plus the delta of
 * the tasks changed since (negative as they stand now, positive as they stood then).
 */
export function addRiskCells(...parts: RiskCell[][]): RiskCell[] {
  return mergeCells(parts, riskKey, (a, b) => ({ ...a, count: a.count + b.count })).filter((c) => c.count !== 0);
}

const statusKey = (c: StatusCell) => `${c.agency}\u0000${c.source ?? '\u0001'}\u0000${c.status}\u0000${c.recurring}`;
const monthKey = (c: MonthCell) => `${c.month}\u0000${c.agency}\u0000${c.status}`;

export function addStatusCells(...parts: StatusCell[][]): StatusCell[] {
  return mergeCells(parts, statusKey, (a, b) => ({
    ...a,
    count: a.count + b.count,
    daysLate: a.daysLate + b.daysLate,
    awaiting: a.awaiting + b.awaiting,
  })).filter((c) => c.count !== 0);
}

export function addMonthCells(...parts: MonthCell[][]): MonthCell[] {
  return mergeCells(parts, monthKey, (a, b) => ({ ...a, count: a.count + b.count })).filter((c) => c.count !== 0);
}

function mergeCells<C>(parts: C[][], key: (c: C) => string, plus: (a: C, b: C) => C): C[] {
  const merged = new Map<string, C>();
  for (const cell of parts.flat()) {
    const k = key(cell);
    const seen = merged.get(k);
    merged.set(k, seen ? plus(seen, cell) : cell);
  }
  return [...merged.values()];
}
