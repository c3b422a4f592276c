import type { TaskState } from '@app/domain';
import type { EventStore, SqlDatabase } from '@app/event-store';
import { readTasksAsOf } from '../tasks/task-as-of';
import { filterFacts, monthCells, riskCells, statusCells } from './report-core';
import { blockerFacts, taskFact } from './report-facts';
import { UnchangedSince, changedAfterSql, currentBlockers, scanMonthCells, scanRiskCells, scanStatusCells } from './report-sql';
import {
  currentMonthCells,
  currentRiskCells,
  currentStatusCells,
  subtractMonthCells,
  subtractRiskCells,
  subtractStatusCells,
} from './report-tally-sql';
import type { BlockerFact, MonthCell, ReportFilter, RiskCell, StatusCell, StatusRules, TaskFact } from './report.types';

/**
 * Reports as of a past business time `asOf`, as known at a record time `knownAt`, with replay
 * only where the past needs it. A task none of whose events occurred after asOf or was recorded
 * after knownAt stands in rm_tasks exactly as it stood then: it is counted by the same SQL as
 * the current reports, with the clock at asOf. Only the other tasks (changed since) are folded
 * again from their events (through the event store port), keeping those that qualify. Both halves give cells; the report
 * builders add cells up, so the halves need no merging.
 *
 * The status and month cells of the unchanged half are the tally's (every task, rm_task_tally)
 * at asOf less the changed tasks as rm_tasks holds them now, also at asOf: a past report costs in
 * the tally and the tasks changed since, not in the tasks, as the current one does.
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
  const { rows } = await db.query<{ task_id: string }>(
    `SELECT t.task_id::text AS task_id FROM rm_tasks t
      WHERE ${where.join(' AND ')} AND t.task_id IN (${changedAfterSql('$1::timestamptz', '$2::timestamptz')})
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

/** Facts, at asOf, of the tasks that changed since (the replayed half), in the filter's scope. */
export async function changedTaskFacts(
  db: SqlDatabase,
  store: EventStore,
  scope: PastScope,
  filter: ReportFilter,
  rules: StatusRules,
): Promise<TaskFact[]> {
  const facts: TaskFact[] = [];
  await forEachTaskById(store, await changedTaskIds(db, scope, filter), scope, (state) => facts.push(taskFact(state, scope.asOf, rules)));
  return filterFacts(facts, filter);
}

export async function pastStatusCells(
  db: SqlDatabase,
  store: EventStore,
  scope: PastScope,
  filter: ReportFilter,
  rules: StatusRules,
  /** changedTaskFacts of this scope and filter, when the caller has them already */
  facts?: Promise<TaskFact[]>,
): Promise<StatusCell[]> {
  const [all, changedNow, changed] = await Promise.all([
    currentStatusCells(db, filter, scope.asOf, rules),
    scanStatusCells(db, filter, scope.asOf, rules, { ...scope, changed: true }),
    facts ?? changedTaskFacts(db, store, scope, filter, rules),
  ]);
  return [...subtractStatusCells(all, changedNow), ...statusCells(changed)];
}

export async function pastRiskCells(
  db: SqlDatabase,
  store: EventStore,
  scope: PastScope,
  filter: ReportFilter,
  rules: StatusRules,
  poorAgencies: readonly string[],
  facts?: Promise<TaskFact[]>,
): Promise<RiskCell[]> {
  const [all, changedNow, changed] = await Promise.all([
    currentRiskCells(db, filter, scope.asOf, rules, poorAgencies),
    scanRiskCells(db, filter, scope.asOf, rules, poorAgencies, { ...scope, changed: true }),
    facts ?? changedTaskFacts(db, store, scope, filter, rules),
  ]);
  return [...subtractRiskCells(all, changedNow), ...riskCells(changed, scope.asOf, poorAgencies, rules.timeZone)];
}

export async function pastMonthCells(
  db: SqlDatabase,
  store: EventStore,
  scope: PastScope,
  year: number,
  filter: ReportFilter,
  rules: StatusRules,
  facts?: Promise<TaskFact[]>,
): Promise<MonthCell[]> {
  const [all, changedNow, changed] = await Promise.all([
    currentMonthCells(db, year, filter, scope.asOf, rules),
    scanMonthCells(db, year, filter, scope.asOf, rules, { ...scope, changed: true }),
    facts ?? changedTaskFacts(db, store, scope, filter, rules),
  ]);
  return [...subtractMonthCells(all, changedNow), ...monthCells(changed, year)];
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
