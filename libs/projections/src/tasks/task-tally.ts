import type { SqlDatabase } from '@app/event-store';
import { DEFAULT_TIME_ZONE, TaskState, localDay, openRiskInputs, riskSchedule } from '@app/domain';

/**
 * rm_task_tally: how many tasks there are per lead agency, source document, assignment day,
 * completion state and deadline, kept by the task projection in the same transaction as
 * rm_tasks. The current reports count from it (report-tally-sql.ts), so a summary costs in the
 * number of agencies, sources and deadlines, not tasks: an open task's status (on track, due
 * soon, overdue) changes with time alone, so the tally keeps its deadline and the reader derives
 * the status at its own `now`.
 *
 * - `state`: open, completed_on_time, completed_late or cancelled: what no clock changes.
 * - `assigned_day`: the UTC day of the assignment, so a report over an assignment window counts
 *   whole days here and reads only the tasks of its two edge days from rm_tasks.
 * - `days_late`: for completed_late, the sum of calendar days in the deadline zone from the due
 *   day to the completion day; `zone` is that zone (a changed DEADLINE_TIMEZONE is not counted
 *   from here until a rebuild).
 * - `risk_*`: an open task's early-warning schedule (riskSchedule in the domain): the points that
 *   do not change with time and the days from which behind_schedule and stale_report count, so
 *   the reader levels the counts at its own day. Each open task's report or blocker moves it to
 *   another row; closed tasks carry none.
 */
export const TASK_TALLY_DDL = `
CREATE TABLE IF NOT EXISTS rm_task_tally (
  lead_agency text NOT NULL,
  source_ref text,
  assigned_day date NOT NULL,
  state text NOT NULL,
  due timestamptz,
  last_day text,
  zone text NOT NULL,
  tasks int NOT NULL,
  awaiting int NOT NULL,
  days_late int NOT NULL,
  risk_fixed int,
  risk_severe_from date,
  risk_mild_from date,
  risk_stale_from date,
  CONSTRAINT rm_task_tally_key UNIQUE NULLS NOT DISTINCT
    (lead_agency, source_ref, assigned_day, state, due, last_day, zone, risk_fixed, risk_severe_from, risk_mild_from, risk_stale_from)
);
CREATE INDEX IF NOT EXISTS rm_tasks_assigned_idx ON rm_tasks (assigned_at);
`;

export const TASK_TALLY_TABLE = 'rm_task_tally';

export type TallyState = 'open' | 'completed_on_time' | 'completed_late' | 'cancelled';

export interface TallyKey {
  leadAgency: string;
  sourceRef: string | null;
  assignedDay: string;
  state: TallyState;
  due: string | null;
  lastDay: string | null;
  riskFixed: number | null;
  riskSevereFrom: string | null;
  riskMildFrom: string | null;
  riskStaleFrom: string | null;
}

export interface TallyEntry extends TallyKey {
  tasks: number;
  awaiting: number;
  daysLate: number;
}

const DAY_MS = 86_400_000;
const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * An instant of a fold state as Date.toISOString() writes it. The states hold that form already
 * (evolveTask writes them so): taken as it is, without a parse and a format per event.
 */
export function isoInstant(value: string | Date): string {
  return typeof value === 'string' && CANONICAL_INSTANT.test(value) ? value : new Date(value).toISOString();
}

/** One task's contribution to the tally (none before it is assigned). As statusSql orders it: cancelled, then completed. */
export function tallyOf(s: TaskState, timeZone: string = DEFAULT_TIME_ZONE): TallyEntry | null {
  if (!s.exists || !s.assignedAt || !s.leadAgency) return null;
  const due = s.deadline?.due ?? null;
  const completedAt = s.completedAt;
  const state: TallyState = s.cancelled
    ? 'cancelled'
    : completedAt
      ? s.completion?.onTime === false
        ? 'completed_late'
        : 'completed_on_time'
      : 'open';
  const daysLate =
    state === 'completed_late' && completedAt && due
      ? (Date.parse(localDay(new Date(completedAt), timeZone)) - Date.parse(localDay(new Date(due), timeZone))) / DAY_MS
      : 0;
  const inputs = state === 'open' ? openRiskInputs(s) : null;
  const schedule = inputs ? riskSchedule(inputs, timeZone) : null;
  return {
    leadAgency: s.leadAgency,
    sourceRef: s.source?.ref ?? null,
    assignedDay: isoInstant(s.assignedAt).slice(0, 10),
    state,
    due: due ? isoInstant(due) : null,
    lastDay: s.deadline?.lastDay ?? null,
    riskFixed: schedule?.fixedPoints ?? null,
    riskSevereFrom: schedule?.severeFrom ?? null,
    riskMildFrom: schedule?.mildFrom ?? null,
    riskStaleFrom: schedule?.staleFrom ?? null,
    tasks: 1,
    awaiting: s.completionReport?.status === 'reported' ? 1 : 0,
    daysLate,
  };
}

/**
 * What a batch changes in the tally: each task's entry before the batch taken away, its entry
 * after added, summed per key; keys whose sums are all zero (a progress report, say) are left out.
 */
export function tallyChanges(
  tasks: { before: TaskState | undefined; after: TaskState }[],
  timeZone: string = DEFAULT_TIME_ZONE,
  entryOf: (s: TaskState) => TallyEntry | null = (s) => tallyOf(s, timeZone),
): TallyEntry[] {
  const sums = new Map<string, TallyEntry>();
  const add = (entry: TallyEntry | null, sign: 1 | -1) => {
    if (!entry) return;
    const key = JSON.stringify([
      entry.leadAgency,
      entry.sourceRef,
      entry.assignedDay,
      entry.state,
      entry.due,
      entry.lastDay,
      entry.riskFixed,
      entry.riskSevereFrom,
      entry.riskMildFrom,
      entry.riskStaleFrom,
    ]);
    const sum = sums.get(key) ?? { ...entry, tasks: 0, awaiting: 0, daysLate: 0 };
    sum.tasks += sign * entry.tasks;
    sum.awaiting += sign * entry.awaiting;
    sum.daysLate += sign * entry.daysLate;
    sums.set(key, sum);
  };
  for (const { before, after } of tasks) {
    add(before ? entryOf(before) : null, -1);
    add(entryOf(after), 1);
  }
  return [...sums.values()].filter((e) => e.tasks !== 0 || e.awaiting !== 0 || e.daysLate !== 0);
}

/** Adds the changes in one statement; rows that fall to zero tasks stay (the readers skip them). */
export async function writeTally(tx: SqlDatabase, changes: TallyEntry[], timeZone: string): Promise<void> {
  if (changes.length === 0) return;
  await tx.query(
    `INSERT INTO rm_task_tally AS t (lead_agency, source_ref, assigned_day, state, due, last_day, zone, tasks, awaiting, days_late,
                                     risk_fixed, risk_severe_from, risk_mild_from, risk_stale_from)
     SELECT a, s, d::date, st, due, ld, $7, n, aw, dl, rf, rs, rm, rt
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $8::int[], $9::int[], $10::int[],
                   $11::int[], $12::date[], $13::date[], $14::date[])
            AS x(a, s, d, st, due, ld, n, aw, dl, rf, rs, rm, rt)
     ON CONFLICT ON CONSTRAINT rm_task_tally_key DO UPDATE
        SET tasks = t.tasks + EXCLUDED.tasks, awaiting = t.awaiting + EXCLUDED.awaiting, days_late = t.days_late + EXCLUDED.days_late`,
    [
      changes.map((c) => c.leadAgency),
      changes.map((c) => c.sourceRef),
      changes.map((c) => c.assignedDay),
      changes.map((c) => c.state),
      changes.map((c) => c.due),
      changes.map((c) => c.lastDay),
      timeZone,
      changes.map((c) => c.tasks),
      changes.map((c) => c.awaiting),
      changes.map((c) => c.daysLate),
      changes.map((c) => c.riskFixed),
      changes.map((c) => c.riskSevereFrom),
      changes.map((c) => c.riskMildFrom),
      changes.map((c) => c.riskStaleFrom),
    ],
  );
}
