/**
 * The status rules of libs/domain/status/task-status.ts, as SQL over rm_tasks, so lists and
 * counts are computed by the database at the query's "now". $now, $dueSoonDays and $timeZone
 * are the parameter placeholders to bind; "due soon" counts calendar days in the deadline zone. A test keeps this and the domain function in agreement.
 */
export function statusSql(now: string, dueSoonDays: string, timeZone: string, alias = ''): string {
  const c = (name: string) => (alias ? `${alias}.${name}` : name);
  return `CASE
    WHEN ${c('cancelled_at')} IS NOT NULL THEN 'cancelled'
    WHEN ${c('completed_at')} IS NOT NULL THEN CASE WHEN ${c('on_time')} IS FALSE THEN 'completed_late' ELSE 'completed_on_time' END
    WHEN ${c('due')} IS NULL THEN 'ongoing'
    WHEN ${c('due')} < ${now} THEN 'overdue'
    WHEN (${c('due')} AT TIME ZONE ${timeZone})::date - (${now}::timestamptz AT TIME ZONE ${timeZone})::date <= ${dueSoonDays} THEN 'due_soon'
    ELSE 'on_track' END`;
}
