import {
  NoticeRecipient,
  Occurrence,
  ReminderRule,
  WorkingDays,
  dueOccurrences,
  formatInZone,
  noticeId,
  ruleApplies,
  ruleMatches,
} from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { ruleTarget } from '../planning/plan-pending';
import { loadPlanningCalendar } from '../planning/planning-calendar';
import { TaskForNotices, loadOpenTasks } from '../planning/planning-tasks';
import { loadRecipientDirectory, recipientsFrom } from '../planning/resolve-recipients';
import { loadEnabledRules } from '../rules/rules-projection';
import type { SimulationInput } from './simulate-input';

export interface SimulatedNotice {
  taskId: string;
  taskCode: string;
  ruleId: string;
  /** ISO-8601 with the deadline time zone's offset */
  fireAt: string;
  recipients: NoticeRecipient[];
  level: number;
  /** beyond api.md: what identifies the notice when it is issued */
  occurrence: number;
  deadlineVersion: number;
  noticeKey: string;
  digest: boolean;
  catchUp: boolean;
}

export interface SimulationOptions {
  timeZone: string;
  /** the clock's now: occurrences already issued are not sent again after it */
  now: Date;
}

/** What the live plan already holds for a saved rule: its pending catch-up and what was issued. */
export interface LivePlan {
  catchUp: Occurrence | null;
  issuedUpTo: number | null;
}

/**
 * One task × rule of the dry-run, pure. The occurrences whose fire time lies in [from, to],
 * computed by the same functions and calendar the planner uses, i.e. what the scanner issues if
 * the clock runs through the window with no downtime. For a saved rule the live plan adds what
 * it alone knows: a pending catch-up that fires in the window (a task imported late) and the
 * occurrences already issued, which are never sent again.
 */
export function simulateOccurrences(
  rule: ReminderRule,
  due: Date,
  calendar: WorkingDays,
  timeZone: string,
  window: { from: Date; to: Date; now: Date },
  live: LivePlan | null = null,
): (Occurrence & { catchUp: boolean })[] {
  const list: (Occurrence & { catchUp: boolean })[] = dueOccurrences(rule, due, calendar, timeZone, {
    after: new Date(window.from.getTime() - 1),
    until: window.to,
  }).map((o) => ({ ...o, catchUp: false }));
  if (live === null) return list;
  const done = live.issuedUpTo ?? -1;
  const kept = list.filter((o) => o.occurrence > done || o.fireAt.getTime() <= window.now.getTime());
  const c = live.catchUp;
  if (c === null || c.occurrence <= done || !inWindow(c.fireAt, window)) return kept;
  // The catch-up is when that occurrence is really sent: it replaces its scheduled time.
  return [...kept.filter((o) => o.occurrence !== c.occurrence), { ...c, catchUp: true }].sort(
    (a, b) => a.fireAt.getTime() - b.fireAt.getTime(),
  );
}

/**
 * `POST /reminder-rules/simulate`: every notice the saved, enabled rules (or the given unsaved
 * rules, including disabled ones: previewing before switching on is the point) would send to
 * open tasks in [from, to], with recipients resolved as of now. Reads only; sends and appends
 * nothing.
 */
export async function simulateNotices(db: SqlDatabase, input: SimulationInput, options: SimulationOptions): Promise<SimulatedNotice[]> {
  const saved = input.rules === null;
  const rules = input.rules ?? (await loadEnabledRules(db));
  const [tasks, calendar, directory] = await Promise.all([loadOpenTasks(db), loadPlanningCalendar(db), loadRecipientDirectory(db)]);
  const live = saved ? await loadLivePlans(db) : new Map<string, LivePlan>();
  const out: SimulatedNotice[] = [];
  for (const task of tasks) {
    if (task.due === null) continue;
    for (const rule of rules) {
      const target = ruleTarget(task);
      if (saved ? !ruleApplies(rule, target) : !ruleMatches(rule, target)) continue;
      const plan = saved ? (live.get(liveKey(task.taskId, rule.id, task.deadlineVersion)) ?? { catchUp: null, issuedUpTo: null }) : null;
      const occurrences = simulateOccurrences(rule, task.due, calendar, options.timeZone, { ...input, now: options.now }, plan);
      if (occurrences.length === 0) continue;
      const recipients = recipientsFrom(directory, rule, task);
      for (const o of occurrences) out.push(notice(task, rule, o, recipients, options.timeZone));
    }
  }
  return out.sort((a, b) => cmp(a.fireAt, b.fireAt, a, b));
}

function notice(
  task: TaskForNotices,
  rule: ReminderRule,
  o: Occurrence & { catchUp: boolean },
  recipients: NoticeRecipient[],
  timeZone: string,
): SimulatedNotice {
  return {
    taskId: task.taskId,
    taskCode: task.code,
    ruleId: rule.id,
    fireAt: formatInZone(o.fireAt, timeZone),
    recipients,
    level: rule.level,
    occurrence: o.occurrence,
    deadlineVersion: task.deadlineVersion,
    noticeKey: noticeId({ taskId: task.taskId, ruleId: rule.id, deadlineVersion: task.deadlineVersion, occurrence: o.occurrence }),
    digest: rule.digest,
    catchUp: o.catchUp,
  };
}

const liveKey = (taskId: string, ruleId: string, deadlineVersion: number) => JSON.stringify([taskId, ruleId, deadlineVersion]);

async function loadLivePlans(db: SqlDatabase): Promise<Map<string, LivePlan>> {
  const plans = new Map<string, LivePlan>();
  const get = (key: string) => {
    let plan = plans.get(key);
    if (!plan) plans.set(key, (plan = { catchUp: null, issuedUpTo: null }));
    return plan;
  };
  const pending = await db.query<{ task_id: string; rule_id: string; deadline_version: number; occurrence: number; fire_at: Date }>(
    `SELECT task_id::text AS task_id, rule_id, deadline_version, occurrence, fire_at FROM rm_pending_notices WHERE catch_up`,
  );
  for (const r of pending.rows) {
    get(liveKey(r.task_id, r.rule_id, Number(r.deadline_version))).catchUp = {
      occurrence: Number(r.occurrence),
      fireAt: new Date(r.fire_at),
    };
  }
  const issued = await db.query<{ task_id: string; rule_id: string; deadline_version: number; occurrence: number }>(
    `SELECT i.task_id::text AS task_id, i.rule_id, i.deadline_version, i.occurrence
       FROM rm_planner_issued i JOIN rm_tasks t ON t.task_id = i.task_id AND t.extension_count = i.deadline_version
      WHERE t.completed_at IS NULL AND t.cancelled_at IS NULL`,
  );
  for (const r of issued.rows) get(liveKey(r.task_id, r.rule_id, Number(r.deadline_version))).issuedUpTo = Number(r.occurrence);
  return plans;
}

function inWindow(at: Date, window: { from: Date; to: Date }): boolean {
  return at.getTime() >= window.from.getTime() && at.getTime() <= window.to.getTime();
}

function cmp(x: string, y: string, a: SimulatedNotice, b: SimulatedNotice): number {
  const byTime = new Date(x).getTime() - new Date(y).getTime();
  if (byTime !== 0) return byTime;
  if (a.taskCode !== b.taskCode) return a.taskCode < b.taskCode ? -1 : 1;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}
