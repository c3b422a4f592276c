import type { SqlDatabase, StoredEvent } from '@app/event-store';
import { HolidayYear, NoticeIssued, ReminderRule, RuleEvent, holidayYearFromJson, noticeId } from '@app/domain';
import type { Projection } from '@app/projections';
import { loadStoredRules } from '../rules/rules-projection';
import { configuredTimeZone, loadPlanningCalendar, shippedYears } from './planning-calendar';
import { PendingNotice, PlanTrigger, planPendingNotice } from './plan-pending';
import { loadPlanningTasks } from './planning-tasks';

export const PENDING_NOTICES_TABLE = 'rm_pending_notices';
export const PLANNER_ISSUED_TABLE = 'rm_planner_issued';

/**
 * rm_pending_notices is the contract with the scanner (delivery): one row per open task × rule,
 * its NEXT notice, found by `fire_at` through the index. rm_planner_issued remembers the highest
 * occurrence already issued per task × rule × deadline version, so a re-plan (rule edited,
 * holidays changed, task reassigned or reopened) never plans an occurrence whose id was used.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS rm_pending_notices (
  notice_key text PRIMARY KEY,
  task_id uuid NOT NULL,
  task_code text NOT NULL,
  rule_id text NOT NULL,
  occurrence int NOT NULL,
  deadline_version int NOT NULL,
  due timestamptz NOT NULL,
  fire_at timestamptz NOT NULL,
  level int NOT NULL,
  digest boolean NOT NULL,
  catch_up boolean NOT NULL
);
CREATE INDEX IF NOT EXISTS rm_pending_notices_due_idx ON rm_pending_notices (fire_at, notice_key);
CREATE INDEX IF NOT EXISTS rm_pending_notices_task_idx ON rm_pending_notices (task_id, rule_id);
CREATE INDEX IF NOT EXISTS rm_pending_notices_rule_idx ON rm_pending_notices (rule_id);

CREATE TABLE IF NOT EXISTS rm_planner_issued (
  task_id uuid NOT NULL,
  rule_id text NOT NULL,
  deadline_version int NOT NULL,
  occurrence int NOT NULL,
  PRIMARY KEY (task_id, rule_id, deadline_version)
);
`;

/** Task events after which a task's notices are planned again (or dropped, when it closed). */
const PLANNING_TASK_EVENTS = new Set([
  'TaskAssigned',
  'DeadlineExtended',
  'TaskCompleted',
  'TaskCancelled',
  'TaskReopened',
  'TaskReassigned',
]);
const RULE_EVENTS = new Set<string>(['ReminderRuleCreated', 'ReminderRuleUpdated', 'ReminderRuleDeleted']);

/** Where in the batch something happened, and its record time (the planning time). */
interface Mark {
  index: number;
  at: Date;
  kind: 'plan' | 'issued';
}

interface RuleEntry {
  rule: ReminderRule;
  active: boolean;
}

const pairKey = (taskId: string, ruleId: string, deadlineVersion: number): string => JSON.stringify([taskId, ruleId, deadlineVersion]);

/**
 * Keeps rm_pending_notices current inside the projector's transaction, so every change is
 * applied exactly once with the checkpoint and the table is rebuilt from events like any other.
 *
 * A batch may hold several events of one task, rule or year. The result must equal applying
 * them one by one. It does, while reading only the state AFTER the batch (rm_tasks, written by
 * the task projection that runs earlier; rules and holidays from the tables overlaid with this
 * batch's own rule and holiday events, so the order of the read-model list does not matter):
 * a pair's pending row depends only on the LAST event in the batch that re-plans it (a task
 * event of its task, a rule event of its rule, a holiday change, or a notice of that pair), and
 * nothing the plan reads changes after that last event, or it would not be the last. Issued
 * occurrences are a running maximum, so their order does not matter either.
 */
export class PendingNoticesProjection implements Projection {
  readonly name = 'pending-notices';
  readonly tables = [PENDING_NOTICES_TABLE, PLANNER_ISSUED_TABLE];
  private timeZone: string | undefined;
  private readonly shipped: ReadonlyMap<number, HolidayYear> | undefined;

  /** Defaults: DEADLINE_TIMEZONE from the process's configuration, config/holidays. */
  constructor(options: { timeZone?: string; shipped?: ReadonlyMap<number, HolidayYear> } = {}) {
    this.timeZone = options.timeZone;
    this.shipped = options.shipped;
  }

  readonly ddl = DDL;
  /** the re-plan deletes a task's or a rule's pending notices */
  readonly applyIndexes = ['rm_pending_notices_task_idx', 'rm_pending_notices_rule_idx'];
  /** the tasks, the rules and the holidays a plan is made from; a batch re-plans what it touched from them */
  readonly reads = ['tasks', 'reminder-rules', 'settings'];

  async apply(tx: SqlDatabase, events: StoredEvent[]): Promise<void> {
    const taskMarks = new Map<string, Mark>();
    const ruleMarks = new Map<string, Mark>();
    const issueMarks = new Map<string, Mark>();
    const ruleOverrides = new Map<string, RuleEntry | { deleted: string }>();
    const holidayOverrides: HolidayYear[] = [];
    const issued = new Map<string, { taskId: string; ruleId: string; deadlineVersion: number; occurrence: number }>();
    const issuedKeys: string[] = [];
    let global: Mark | null = null;

    events.forEach((stored, index) => {
      const plan: Mark = { index, at: stored.recordedAt, kind: 'plan' };
      if (stored.streamId.startsWith('task-') && PLANNING_TASK_EVENTS.has(stored.type)) {
        taskMarks.set(stored.streamId.slice('task-'.length), plan);
      } else if (RULE_EVENTS.has(stored.type) && stored.streamId.startsWith('rule-')) {
        const event = stored as unknown as RuleEvent;
        if (event.type === 'ReminderRuleDeleted') {
          ruleMarks.set(event.data.ruleId, plan);
          ruleOverrides.set(event.data.ruleId, { deleted: event.data.ruleId });
        } else {
          ruleMarks.set(event.data.rule.id, plan);
          ruleOverrides.set(event.data.rule.id, { rule: event.data.rule, active: true });
        }
      } else if (stored.type === 'HolidaysSet') {
        global = plan;
        holidayOverrides.push(holidayYearFromJson(stored.data));
      } else if (stored.type === 'NoticeIssued') {
        const event = stored as unknown as NoticeIssued;
        for (const item of event.data.items ?? []) {
          const key = pairKey(item.taskId, item.ruleId, item.deadlineVersion);
          issueMarks.set(key, { index, at: stored.recordedAt, kind: 'issued' });
          const before = issued.get(key);
          if (!before || before.occurrence < item.occurrence) {
            issued.set(key, {
              taskId: item.taskId,
              ruleId: item.ruleId,
              deadlineVersion: item.deadlineVersion,
              occurrence: item.occurrence,
            });
          }
          issuedKeys.push(noticeId(item));
        }
      }
    });
    if (taskMarks.size === 0 && ruleMarks.size === 0 && issueMarks.size === 0 && global === null) return;
    const globalMark = global as Mark | null;

    await recordIssued(tx, [...issued.values()]);
    const rules = await this.rulesAfterBatch(tx, ruleOverrides);
    const calendar = await loadPlanningCalendar(tx, this.shipped ?? shippedYears(), holidayOverrides);
    const timeZone = (this.timeZone ??= configuredTimeZone());
    const tasks = await loadPlanningTasks(tx, {
      ids: [...new Set([...taskMarks.keys(), ...[...issued.values()].map((i) => i.taskId)])],
      allOpen: globalMark !== null || ruleMarks.size > 0,
    });
    const issuedUpTo = await loadIssued(
      tx,
      tasks.map((t) => t.taskId),
    );

    const rows: PendingNotice[] = [];
    const issuePairs: { taskId: string; ruleId: string }[] = [];
    for (const task of tasks) {
      for (const [ruleId, entry] of rules) {
        const key = pairKey(task.taskId, ruleId, task.deadlineVersion);
        const last = latest([globalMark, ruleMarks.get(ruleId), taskMarks.get(task.taskId), issueMarks.get(key)]);
        if (!last) continue;
        if (last.kind === 'issued') issuePairs.push({ taskId: task.taskId, ruleId });
        if (!entry.active) continue;
        const trigger: PlanTrigger = { kind: last.kind, at: last.at, issuedUpTo: issuedUpTo.get(key) ?? null };
        const row = planPendingNotice(entry.rule, task, calendar, timeZone, trigger);
        if (row) rows.push(row);
      }
    }

    if (globalMark !== null) {
      await tx.query(`DELETE FROM rm_pending_notices`);
    } else {
      await tx.query(`DELETE FROM rm_pending_notices WHERE task_id = ANY($1::uuid[]) OR rule_id = ANY($2::text[])`, [
        [...taskMarks.keys()],
        [...ruleMarks.keys()],
      ]);
      if (issuePairs.length > 0) {
        await tx.query(
          `DELETE FROM rm_pending_notices p USING unnest($1::uuid[], $2::text[]) AS x(task_id, rule_id)
            WHERE p.task_id = x.task_id AND p.rule_id = x.rule_id`,
          [issuePairs.map((p) => p.taskId), issuePairs.map((p) => p.ruleId)],
        );
      }
    }
    // A notice issued for an older deadline version (a race with an extension) names a row
    // that may still exist: it was issued, so it is no longer pending.
    if (issuedKeys.length > 0) await tx.query(`DELETE FROM rm_pending_notices WHERE notice_key = ANY($1::text[])`, [issuedKeys]);
    await insertPending(tx, rows);
  }

  /** Saved rules (deleted ones too, so their rows go) with this batch's rule events on top. */
  private async rulesAfterBatch(tx: SqlDatabase, overrides: Map<string, RuleEntry | { deleted: string }>): Promise<Map<string, RuleEntry>> {
    const rules = new Map<string, RuleEntry>();
    for (const stored of await loadStoredRules(tx)) rules.set(stored.rule.id, { rule: stored.rule, active: !stored.deleted });
    for (const [id, override] of overrides) {
      if ('deleted' in override) {
        const known = rules.get(id);
        if (known) rules.set(id, { ...known, active: false });
      } else {
        rules.set(id, override);
      }
    }
    return rules;
  }
}

function latest(marks: (Mark | null | undefined)[]): Mark | null {
  let best: Mark | null = null;
  for (const mark of marks) if (mark && (best === null || mark.index > best.index)) best = mark;
  return best;
}

async function recordIssued(
  tx: SqlDatabase,
  items: { taskId: string; ruleId: string; deadlineVersion: number; occurrence: number }[],
): Promise<void> {
  if (items.length === 0) return;
  await tx.query(
    `INSERT INTO rm_planner_issued (task_id, rule_id, deadline_version, occurrence)
     SELECT task_id, rule_id, deadline_version, occurrence
       FROM jsonb_to_recordset($1::jsonb) AS x(task_id uuid, rule_id text, deadline_version int, occurrence int)
     ON CONFLICT (task_id, rule_id, deadline_version)
       DO UPDATE SET occurrence = GREATEST(rm_planner_issued.occurrence, EXCLUDED.occurrence)`,
    [
      JSON.stringify(
        items.map((i) => ({ task_id: i.taskId, rule_id: i.ruleId, deadline_version: i.deadlineVersion, occurrence: i.occurrence })),
      ),
    ],
  );
}

async function loadIssued(tx: SqlDatabase, taskIds: string[]): Promise<Map<string, number>> {
  if (taskIds.length === 0) return new Map();
  const { rows } = await tx.query<{ task_id: string; rule_id: string; deadline_version: number; occurrence: number }>(
    `SELECT task_id::text AS task_id, rule_id, deadline_version, occurrence FROM rm_planner_issued WHERE task_id = ANY($1::uuid[])`,
    [taskIds],
  );
  return new Map(rows.map((r) => [pairKey(r.task_id, r.rule_id, Number(r.deadline_version)), Number(r.occurrence)]));
}

async function insertPending(tx: SqlDatabase, rows: PendingNotice[]): Promise<void> {
  if (rows.length === 0) return;
  const json = rows.map((r) => ({
    notice_key: r.noticeKey,
    task_id: r.taskId,
    task_code: r.taskCode,
    rule_id: r.ruleId,
    occurrence: r.occurrence,
    deadline_version: r.deadlineVersion,
    due: r.due.toISOString(),
    fire_at: r.fireAt.toISOString(),
    level: r.level,
    digest: r.digest,
    catch_up: r.catchUp,
  }));
  await tx.query(
    `INSERT INTO rm_pending_notices (notice_key, task_id, task_code, rule_id, occurrence, deadline_version, due, fire_at, level, digest, catch_up)
     SELECT notice_key, task_id, task_code, rule_id, occurrence, deadline_version, due, fire_at, level, digest, catch_up
       FROM jsonb_to_recordset($1::jsonb) AS x(notice_key text, task_id uuid, task_code text, rule_id text, occurrence int,
            deadline_version int, due timestamptz, fire_at timestamptz, level int, digest boolean, catch_up boolean)
     ON CONFLICT (notice_key) DO UPDATE SET fire_at = EXCLUDED.fire_at, due = EXCLUDED.due, level = EXCLUDED.level,
       digest = EXCLUDED.digest, catch_up = EXCLUDED.catch_up, task_code = EXCLUDED.task_code`,
    [JSON.stringify(json)],
  );
}

/** The pending rows of some tasks (or all), soonest first: for tests, the dry-run and operators. */
export async function loadPendingNotices(db: SqlDatabase, opts: { taskIds?: string[] } = {}): Promise<PendingNotice[]> {
  const filter = opts.taskIds ? `WHERE task_id = ANY($1::uuid[])` : '';
  const { rows } = await db.query(
    `SELECT notice_key, task_id::text AS task_id, task_code, rule_id, occurrence, deadline_version, due, fire_at, level, digest, catch_up
       FROM rm_pending_notices ${filter} ORDER BY fire_at, task_code, rule_id`,
    opts.taskIds ? [opts.taskIds] : [],
  );
  return rows.map((r: any) => ({
    noticeKey: r.notice_key,
    taskId: r.task_id,
    taskCode: r.task_code,
    ruleId: r.rule_id,
    occurrence: Number(r.occurrence),
    deadlineVersion: Number(r.deadline_version),
    due: new Date(r.due),
    fireAt: new Date(r.fire_at),
    level: Number(r.level),
    digest: r.digest,
    catchUp: r.catch_up,
  }));
}
