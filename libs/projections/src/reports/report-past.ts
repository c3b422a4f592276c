import type { TaskState } from '@app/domain';
import type { EventStore, SqlDatabase } from '@app/event-store';
import { readTasksAsOf } from '../tasks/task-as-of';
import { filterFacts, monthCells, riskCells, statusCells } from './report-core';
import { blockerFacts, taskFact } from './report-facts';
import { PastDelta, UnchangedSince, changedAfterSql, currentBlockers, levelRiskPoints, pastDelta } from './report-sql';
import { addMonthCells, addRiskCells, addStatusCells, currentMonthCells, currentRiskCells, currentStatusCells } from './report-tally-sql';
import type { BlockerFact, MonthCell, ReportFilter, RiskCell, StatusCell, StatusRules, TaskFact } from './report.types';

/**
 * Reports as of a past business time `asOf`, as known at a record time `knownAt`, read by index
 * with replay only where the past needs it. A task none of whose events occurred after asOf or
 * was recorded after knownAt stands in rm_tasks exactly as it stood then: the tally (every task,
 * rm_task_tally) evaluated with the clock at asOf counts it. The tasks changed since are taken
 * out of that count as rm_tasks holds them now, and put back as they stood then: as the report
 * image on their last qualifying rm_task_history row says (task-images.ts), when the qualifying
 * events are a prefix of the stream; one statement finds them and counts both (pastDelta). The
 * rest (an entry backdated to before asOf after a later one, rows written without an image) are
 * folded again from their events through the event store port. A past report costs in the tally
 * and the tasks changed since, not in the tasks. The parts give cells, which the report builders
 * add up.
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
  // each changed task's row by a probe (changedSinceSql says why OFFSET 0)
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

/** Facts, at asOf, of the changed tasks no image tells (`folded`, from pastDelta), in the filter's scope. */
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

/** What a past evaluation may share between its kinds of cells, computed once. */
export interface PastParts {
  /** pastDelta of this scope and filter (without months) */
  delta?: Promise<PastDelta>;
  /** changedTaskFacts of its folded tasks */
  facts?: Promise<TaskFact[]>;
}

function parts(db: SqlDatabase, store: EventStore, scope: PastScope, filter: ReportFilter, rules: StatusRules, given: PastParts) {
  const delta = given.delta ?? pastDelta(db, scope, filter, rules);
  return { delta, facts: given.facts ?? delta.then((d) => changedTaskFacts(store, scope, d.folded, filter, rules)) };
}

export async function pastStatusCells(
  db: SqlDatabase,
  store: EventStore,
  scope: PastScope,
  filter: ReportFilter,
  rules: StatusRules,
  given: PastParts = {},
): Promise<StatusCell[]> {
  const { delta, facts } = parts(db, store, scope, filter, rules, given);
  const [all, changed, folded] = await Promise.all([currentStatusCells(db, filter, scope.asOf, rules), delta, facts]);
  return addStatusCells(all, changed.status, statusCells(folded));
}

/**
 * `poorAgencies` may still be being counted (from the status cells at the same date): the
 * changed tasks' points are counted meanwhile, and levelled once it is known.
 */
export async function pastRiskCells(
  db: SqlDatabase,
  store: EventStore,
  scope: PastScope,
  filter: ReportFilter,
  rules: StatusRules,
  poorAgencies: readonly string[] | Promise<readonly string[]>,
  given: PastParts = {},
): Promise<RiskCell[]> {
  const { delta, facts } = parts(db, store, scope, filter, rules, given);
  const poor = await poorAgencies;
  const [all, changed, folded] = await Promise.all([currentRiskCells(db, filter, scope.asOf, rules, poor), delta, facts]);
  return addRiskCells(all, levelRiskPoints(changed.riskPoints, poor), riskCells(folded, scope.asOf, poor, rules.timeZone));
}

/** The monthly plan's cells: a statement of their own, since the changed tasks are counted by year. */
export async function pastMonthCells(
  db: SqlDatabase,
  store: EventStore,
  scope: PastScope,
  year: number,
  filter: ReportFilter,
  rules: StatusRules,
): Promise<MonthCell[]> {
  const delta = pastDelta(db, scope, filter, rules, year);
  const [all, changed, folded] = await Promise.all([
    currentMonthCells(db, year, filter, scope.asOf, rules),
    delta,
    delta.then((d) => changedTaskFacts(store, scope, d.folded, filter, rules)),
  ]);
  return addMonthCells(all, changed.months, monthCells(folded, year));
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
