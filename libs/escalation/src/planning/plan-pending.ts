import { Priority, ReminderRule, WorkingDays, occurrencesOf, noticeId, plannedOccurrences, ruleApplies } from '@app/domain';

/** What the planner needs of a task (a row of rm_tasks, or the folded state). */
export interface PlanningTask {
  taskId: string;
  code: string;
  sourceRef: string | null;
  leadAgency: string;
  priority: Priority;
  /** the deadline in force; null for `ongoing` tasks, which get no notices */
  due: Date | null;
  /** the number of extensions: a new deadline gets new notice ids */
  deadlineVersion: number;
  /** neither completed nor cancelled */
  open: boolean;
}

/** One row of rm_pending_notices: the NEXT notice of one task × rule. */
export interface PendingNotice {
  noticeKey: string;
  taskId: string;
  taskCode: string;
  ruleId: string;
  occurrence: number;
  deadlineVersion: number;
  due: Date;
  fireAt: Date;
  level: number;
  digest: boolean;
  catchUp: boolean;
}

/**
 * How a task × rule pair entered its current plan:
 * - `plan`: the task was assigned, extended, reopened or reassigned, the rule was created or
 *   changed, or the holidays changed, at `at` (the event's record time). Occurrences still to
 *   come are planned; of those already passed only the latest fires, once, as a catch-up
 *   (domain planOccurrences).
 * - `issued`: a notice of this pair was just issued at `at`. The next occurrence is the first
 *   one after it that lies after `at`: a notice issued late (the scanner was down) stands for
 *   every occurrence that passed meanwhile, so a downtime never produces a burst.
 * In both, occurrences up to `issuedUpTo` (the highest occurrence already issued for this
 * deadline version) are never planned again: their ids are used.
 */
export interface PlanTrigger {
  kind: 'plan' | 'issued';
  at: Date;
  issuedUpTo: number | null;
}

export function ruleTarget(task: PlanningTask) {
  return { source: task.sourceRef === null ? null : { ref: task.sourceRef }, leadAgency: task.leadAgency, priority: task.priority };
}

/** The pending notice of one task × rule, or null when the pair has nothing left to send. */
export function planPendingNotice(
  rule: ReminderRule,
  task: PlanningTask,
  calendar: WorkingDays,
  timeZone: string,
  trigger: PlanTrigger,
): PendingNotice | null {
  if (!task.open || task.due === null || !ruleApplies(rule, ruleTarget(task))) return null;
  const done = trigger.issuedUpTo ?? -1;
  let next: { occurrence: number; fireAt: Date; catchUp: boolean } | undefined;
  if (trigger.kind === 'plan') {
    next = first(plannedOccurrences(rule, task.due, calendar, timeZone, trigger.at), (o) => o.occurrence > done);
  } else {
    const after = trigger.at.getTime();
    const found = first(occurrencesOf(rule, task.due, calendar, timeZone), (o) => o.occurrence > done && o.fireAt.getTime() > after);
    next = found && { ...found, catchUp: false };
  }
  if (!next) return null;
  return {
    noticeKey: noticeId({ taskId: task.taskId, ruleId: rule.id, deadlineVersion: task.deadlineVersion, occurrence: next.occurrence }),
    taskId: task.taskId,
    taskCode: task.code,
    ruleId: rule.id,
    occurrence: next.occurrence,
    deadlineVersion: task.deadlineVersion,
    due: task.due,
    fireAt: next.fireAt,
    level: rule.level,
    digest: rule.digest,
    catchUp: next.catchUp,
  };
}

/** The first item that matches, reading no further (the occurrence generators are lazy). */
function first<T>(items: Iterable<T>, matches: (item: T) => boolean): T | undefined {
  for (const item of items) if (matches(item)) return item;
  return undefined;
}
