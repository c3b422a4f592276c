import { RISK_THRESHOLDS, RiskLevel, STALE_REPORT_DAYS, poorRecordAgencies } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';

/**
 * The early-warning formula of libs/domain/src/status/task-risk.ts as SQL over rm_tasks, so
 * lists filter and reports count risk levels in the database at the query's "now". $now,
 * $timeZone and $poor (text[] of lead agencies with a poor record) are the placeholders to bind.
 * Only meaningful for open tasks with a deadline (statusSql on_track, due_soon or overdue).
 * test/task-risk.e2e.spec.ts keeps this and the domain function in agreement over a table of cases.
 */
export function riskPointsSql(now: string, timeZone: string, poor: string, alias = ''): string {
  const c = (name: string) => (alias ? `${alias}.${name}` : name);
  const day = (instant: string) => `(${instant} AT TIME ZONE ${timeZone})::date`;
  const today = day(`${now}::timestamptz`);
  const assignedDay = day(c('assigned_at'));
  const total = `GREATEST(1, ${day(c('due'))} - ${assignedDay})`;
  const elapsed = `GREATEST(0, ${today} - ${assignedDay})`;
  const progress = `(CASE WHEN ${c('awaiting_confirmation')} THEN 100 ELSE coalesce(${c('progress_percent')}, 0) END)`;
  const sinceReport = `(${today} - ${day(`coalesce(${c('last_report_at')}, ${c('assigned_at')})`)})`;
  return `((CASE WHEN ${c('due')} < ${now} THEN 3 ELSE 0 END)
    + (CASE WHEN ${elapsed} * 10 >= ${total} * 8 AND ${progress} < 50 THEN 3
            WHEN ${elapsed} * 100 - ${progress} * ${total} >= 30 * ${total} THEN 1 ELSE 0 END)
    + (CASE WHEN ${c('open_blockers')} > 0 THEN 2 ELSE 0 END)
    + (CASE WHEN ${sinceReport} >= ${STALE_REPORT_DAYS} AND ${progress} < 100 THEN 1 ELSE 0 END)
    + (CASE WHEN ${c('extension_count')} > 0 THEN 1 ELSE 0 END)
    + (CASE WHEN ${c('lead_agency')} = ANY(${poor}) THEN 1 ELSE 0 END))`;
}

/** The level of a points expression, as levelOf does. */
export function riskLevelSql(points: string): string {
  return `(CASE WHEN ${points} >= ${RISK_THRESHOLDS.high} THEN 'high' WHEN ${points} >= ${RISK_THRESHOLDS.medium} THEN 'medium' ELSE 'low' END)`;
}

/**
 * The lead agencies with a poor record now, over every task (the counts of agencyRecords over
 * the status cells, in one aggregate): what the scanner needs for a rule scoped to risk levels.
 */
export async function poorAgenciesNow(db: SqlDatabase, now: Date): Promise<string[]> {
  const { rows } = await db.query<{ agency: string; completed_on_time: number; completed_late: number; overdue: number }>(
    `SELECT lead_agency AS agency,
            count(*) FILTER (WHERE completed_at IS NOT NULL AND on_time IS NOT FALSE)::int AS completed_on_time,
            count(*) FILTER (WHERE completed_at IS NOT NULL AND on_time IS FALSE)::int AS completed_late,
            count(*) FILTER (WHERE completed_at IS NULL AND due < $1)::int AS overdue
       FROM rm_tasks WHERE due IS NOT NULL AND cancelled_at IS NULL GROUP BY lead_agency`,
    [now],
  );
  return poorRecordAgencies(
    rows.map((r) => ({ agency: r.agency, completedOnTime: r.completed_on_time, completedLate: r.completed_late, overdue: r.overdue })),
  );
}

/** Each given task's risk level now (absent when it carries none: finished, cancelled, ongoing or unknown). */
export async function riskLevelsNow(db: SqlDatabase, taskIds: string[], now: Date, timeZone: string): Promise<Map<string, RiskLevel>> {
  if (taskIds.length === 0) return new Map();
  const poor = await poorAgenciesNow(db, now);
  const { rows } = await db.query<{ task_id: string; level: RiskLevel }>(
    `SELECT task_id::text AS task_id, ${riskLevelSql(riskPointsSql('$1::timestamptz', '$2::text', '$3::text[]'))} AS level
       FROM rm_tasks WHERE task_id = ANY($4::uuid[]) AND completed_at IS NULL AND cancelled_at IS NULL AND due IS NOT NULL`,
    [now, timeZone, poor, taskIds],
  );
  return new Map(rows.map((r) => [r.task_id, r.level]));
}
