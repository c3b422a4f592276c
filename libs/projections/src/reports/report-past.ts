import type { TaskState } from '@app/domain';
import type { EventStore, SqlDatabase } from '@app/event-store';
import { readTasksAsOf } from '../tasks/task-as-of';
import { filterFacts, monthCells, riskCells, statusCells } from './report-core';
import { blockerFacts, taskFact } from './report-facts';
import {
  UnchangedSince,
  changedAfterSql,
  currentBlockers,
  foldedSince,
  scanMonthCells,
  levelRiskPoints,
  scanRiskPoints,
  scanStatusCells,
  ScanRows,
} from './report-sql';
import {
  addMonthCells,
  addRiskCells,
  addStatusCells,
  currentMonthCells,
  currentRiskPoints,
  currentStatusCells,
  tallyInOtherZone,
} from './report-tally-sql';
import type { BlockerFact, MonthCell, ReportFilter, RiskCell, StatusCell, StatusRules, TaskFact } from './report.types';

/**
 * Reports as of a past business time `asOf`, as known at a record time `knownAt`, read by index
 * with replay only where the past needs it. A task none of whose events occurred after asOf or
 * was recorded after knownAt stands in rm_tasks exactly as it stood then: the tally (every task,
 * rm_task_tally) evaluated with the clock at asOf counts it. The tasks changed since are taken
 * out of that count as the tally counts them now and put back as they stood then, in the same
 * statement: from the report images before and after each of their late history rows
 * (task-images.ts, pastTallyDeltaSql), which reads those rows and nothing else of them. The
 * few whose images cannot tell (an entry backdated to before asOf after a later one, rows
 * without images) are taken out as rm_tasks holds them and folded again from their events
 * through the event store port. A past report costs in the tally and the tasks changed since,
 * not in the tasks. The parts give cells, which the report builders add up.
 */
export type PastScope = UnchangedSince;

const CHUNK = 10_000;

/** Tasks assigned by asOf (in the filter's scope) with an event after asOf or recorded after knownAt. */
export async function changedTaskIds(db: SqlDatabase, scope: PastScope, filter: ReportFilter = {}): Promise<string[]> {
  const params: unknown[] = [scope.asOf, scope.knownAt ?? null];
  const where = ['t.assigned_at <= $1'];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  // Lead agency can change with time: filtered after the fold. Source and assignment do not.
  if (filter.source !== undefined) add((p) => `t.source_ref = ${p}`, filter.source);
  if (filter.assignedFrom) add((p) => `t.assigned_at >= ${p}`, filter.assignedFrom);
  if (filter.assignedTo) add((p) => `t.assigned_at <= ${p}`, filter.assignedTo);
  // each changed task's row by a probe: OFFSET 0 keeps it one, since the statistics cannot see a
  // thousand recent rows among ten million, and a join planned for many more read rm_tasks whole
  const { rows } = await db.query<{ task_id: string }>(
    `SELECT t.task_id::text AS task_id
       FROM (SELECT DISTINCT task_id FROM (${changedAfterSql('$1::timestamptz', '$2::timestamptz')}) x) ch
      CROSS JOIN LATERAL (SELECT task_id, source_ref, assigned_at FROM rm_tasks WHERE task_id = ch.task_id OFFSET 0) t
      WHERE ${where.join(' AND ')}
      ORDER BY t.task_id`,
    params,
  );
  return rows.map((r) => r.task_id);
}

/**
 * Folds the given tasks as of asOf and knownAt from the event store (readTasksAsOf, the one
 * place for a task in the past), handing each task that existed then to `visit`, in id order.
 */
export async function forEachTaskById(
  store: EventStore,
  taskIds: string[],
  scope: PastScope,
  visit: (state: TaskState) => void,
): Promise<void> {
  for (let i = 0; i < taskIds.length; i += CHUNK) {
    const states = await readTasksAsOf(store, taskIds.slice(i, i + CHUNK), scope);
    for (const state of states.values()) if (state.exists) visit(state);
  }
}

/** Facts, at asOf, of the given tasks (the folded ones) in the filter's scope. */
export async function changedTaskFacts(
  store: EventStore,
  scope: PastScope,
  folded: readonly string[],
  filter: ReportFilter,
  rules: StatusRules,
): Promise<TaskFact[]> {
  const facts: TaskFact[] = [];
  await forEachTaskById(store, [...folded].sort(), scope, (state) => facts.push(taskFact(state, scope.asOf, rules)));
  return filterFacts(facts, filter);
}

/**
 * What a past evaluation shares between its kinds of cells, found once: the tasks folded (by
 * business and record time, the same for every filter) and their facts in the filter's scope.
 * The tally's statements start meanwhile: they add the changed tasks' delta unless the tally is
 * in another zone, the same check by which every changed task is folded then.
 */
export interface PastParts {
  folded: Promise<string[]>;
  facts: Promise<TaskFact[]>;
}

/** The tasks a past evaluation folds: those the tally's delta leaves out, or all changed ones with the tally in another zone. */
export async function pastFolding(db: SqlDatabase, scope: PastScope, rules: StatusRules): Promise<string[]> {
  return foldedSince(db, scope, await tallyInOtherZone(db, rules.timeZone));
}

export function pastParts(db: SqlDatabase, store: EventStore, scope: PastScope, filter: ReportFilter, rules: StatusRules): PastParts {
  const folded = pastFolding(db, scope, rules);
  return { folded, facts: folded.then((ids) => changedTaskFacts(store, scope, ids, filter, rules)) };
}

/** The folded tasks taken out as rm_tasks holds them, by `scan` once they are known. */
async function foldedNow<C>(folded: Promise<string[]>, scan: (only: ScanRows) => Promise<C[]>): Promise<C[]> {
  const taskIds = await folded;
  return taskIds.length ? scan({ taskIds, sign: -1 }) : [];
}

export async function pastStatusCells(
  db: SqlDatabase,
  store: EventStore,
  scope: PastScope,
  filter: ReportFilter,
  rules: StatusRules,
  given?: PastParts,
): Promise<StatusCell[]> {
  const { folded, facts } = given ?? pastParts(db, store, scope, filter, rules);
  const [all, now, then] = await Promise.all([
    currentStatusCells(db, filter, scope.asOf, rules, scope),
    foldedNow(folded, (only) => scanStatusCells(db, filter, scope.asOf, rules, only)),
    facts,
  ]);
  return addStatusCells(all, now, statusCells(then));
}

/** `poorAgencies` may still be being counted (from the status cells at the same date) while the points are. */
export async function pastRiskCells(
  db: SqlDatabase,
  store: EventStore,
  scope: PastScope,
  filter: ReportFilter,
  rules: StatusRules,
  poorAgencies: readonly string[] | Promise<readonly string[]>,
  given?: PastParts,
): Promise<RiskCell[]> {
  const { folded, facts } = given ?? pastParts(db, store, scope, filter, rules);
  const [all, now, then] = await Promise.all([
    currentRiskPoints(db, filter, scope.asOf, rules, scope),
    foldedNow(folded, (only) => scanRiskPoints(db, filter, scope.asOf, rules, only)),
    facts,
  ]);
  const poor = await poorAgencies;
  return addRiskCells(levelRiskPoints([...all, ...now], poor), riskCells(then, scope.asOf, poor, rules.timeZone));
}

export async function pastMonthCells(
  db: SqlDatabase,
  store: EventStore,
  scope: PastScope,
  year: number,
  filter: ReportFilter,
  rules: StatusRules,
  given?: PastParts,
): Promise<MonthCell[]> {
  const { folded, facts } = given ?? pastParts(db, store, scope, filter, rules);
  const [all, now, then] = await Promise.all([
    currentMonthCells(db, year, filter, scope.asOf, rules, scope),
    foldedNow(folded, (only) => scanMonthCells(db, year, filter, scope.asOf, rules, only)),
    facts,
  ]);
  return addMonthCells(all, now, monthCells(then, year));
}

/** Blockers as they stood at asOf (the caller selects open/resolved and orders them). */
export async function pastBlockers(
  db: SqlDatabase,
  store: EventStore,
  scope: PastScope,
  agency: string | undefined,
  rules: StatusRules,
): Promise<BlockerFact[]> {
  const [unchanged, ids] = await Promise.all([
    currentBlockers(db, { openOnly: false, agency }, scope.asOf, rules, scope),
    changedTaskIds(db, scope),
  ]);
  const changed: BlockerFact[] = [];
  await forEachTaskById(store, ids, scope, (state) => changed.push(...blockerFacts(state, scope.asOf, rules)));
  return [...unchanged, ...changed];
}
