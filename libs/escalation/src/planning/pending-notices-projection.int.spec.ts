import { NoticeItem, ReminderRule, ResolvedDeadline, noticeId } from '@app/domain';
import { assigned } from '@app/domain/testing/task-fixtures';
import { hanoi, rule } from '@app/domain/rules/testing/fixtures';
import { expect as expectVersion } from '@app/event-store';
import { TestEventStore, createTestEventStore } from '@app/event-store/testing';
import { Projector, migrateReadModels, readModelProjections } from '@app/projections';
import { RulesProjection } from '../rules/rules-projection';
import { PendingNoticesProjection } from './pending-notices-projection';

/**
 * The projector may hand the planner any slice of the feed. Whatever the batch size, the table
 * must end up exactly as applying the events one by one leaves it.
 */
const A = '11111111-1111-5111-8111-111111111111';
const B = '22222222-2222-5222-8222-222222222222';
const C = '33333333-3333-5333-8333-333333333333';

const deadline = (day: string): ResolvedDeadline => ({ expression: day, lastDay: day, due: `${day}T23:59:59.999+07:00`, adjusted: false });
const task = (id: string, code: string, day: string, leadAgency = 'BCA') =>
  assigned({ taskId: id, code, leadAgency, deadline: deadline(day) }) as unknown as { type: string; data: Record<string, unknown> };
const daily: ReminderRule = rule({
  id: 'daily-after',
  offset: { amount: 1, unit: 'working_days' },
  repeat: { every: { amount: 1, unit: 'working_days' }, maxTimes: 5 },
});
const before: ReminderRule = rule({ id: 'before-3', offset: { amount: -3, unit: 'working_days' } });
const btcOnly: ReminderRule = rule({
  id: 'btc-only',
  offset: { amount: 0, unit: 'days' },
  scope: { sources: [], agencies: ['BTC'], priorities: [] },
});
const item = (taskId: string, code: string, ruleId: string, occurrence: number, deadlineVersion: number, due: string): NoticeItem => ({
  taskId,
  taskCode: code,
  ruleId,
  occurrence,
  deadlineVersion,
  due,
});
const issuedNotice = (items: NoticeItem[]) => ({
  type: 'NoticeIssued',
  data: {
    noticeId: noticeId(items[0]),
    kind: 'reminder',
    ruleId: items[0].ruleId,
    level: 0,
    digest: false,
    items,
    recipients: [],
    fireAt: new Date().toISOString(),
    catchUp: false,
  },
});

/** [stream, event, recorded at (Hanoi)] in commit order. */
const HISTORY: [string, { type: string; data: Record<string, unknown> }, string][] = [
  ['rule-daily-after', { type: 'ReminderRuleCreated', data: { rule: daily } }, '2026-01-02T08:00'],
  ['rule-before-3', { type: 'ReminderRuleCreated', data: { rule: before } }, '2026-01-02T08:00'],
  [`task-${A}`, task(A, 'A-1', '2026-01-30'), '2026-01-05T09:00'],
  [`task-${B}`, task(B, 'B-1', '2025-12-10'), '2026-01-05T09:05'],
  ['rule-btc-only', { type: 'ReminderRuleCreated', data: { rule: btcOnly } }, '2026-01-05T10:00'],
  [`notice-x1`, issuedNotice([item(B, 'B-1', 'daily-after', 5, 0, '2025-12-10T23:59:59.999+07:00')]), '2026-01-05T10:30'],
  [
    `task-${A}`,
    {
      type: 'DeadlineExtended',
      data: {
        taskId: A,
        previous: deadline('2026-01-30'),
        deadline: deadline('2026-02-24'),
        reason: 'x',
        decisionRef: null,
        requestId: null,
      },
    },
    '2026-01-06T09:00',
  ],
  [`task-${C}`, task(C, 'C-1', '2026-02-27', 'BTC'), '2026-01-06T09:30'],
  [
    'rule-before-3',
    { type: 'ReminderRuleUpdated', data: { rule: { ...before, offset: { amount: -5, unit: 'working_days' } }, previous: before } },
    '2026-01-07T09:00',
  ],
  [
    `task-${A}`,
    { type: 'TaskReassigned', data: { taskId: A, fromAgency: 'BCA', leadAgency: 'BTC', assignee: null, reason: 'x' } },
    '2026-01-07T09:30',
  ],
  [
    'calendar-2026',
    { type: 'HolidaysSet', data: { year: 2026, days: ['2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23'], workdays: [] } },
    '2026-01-08T09:00',
  ],
  [`notice-x2`, issuedNotice([item(A, 'A-1', 'before-3', 0, 0, '2026-01-30T23:59:59.999+07:00')]), '2026-01-08T09:10'],
  [
    `task-${C}`,
    {
      type: 'TaskCompleted',
      data: { taskId: C, completedAt: '2026-01-09T10:00:00+07:00', deliverableRef: null, note: null, dueAtCompletion: null, onTime: true },
    },
    '2026-01-09T10:00',
  ],
  [`task-${C}`, { type: 'TaskReopened', data: { taskId: C, reason: 'x' } }, '2026-01-09T11:00'],
  ['rule-btc-only', { type: 'ReminderRuleDeleted', data: { ruleId: 'btc-only' } }, '2026-01-09T12:00'],
  [`task-${B}`, { type: 'TaskCancelled', data: { taskId: B, reason: 'x' } }, '2026-01-09T13:00'],
  ['rule-daily-after', { type: 'ReminderRuleUpdated', data: { rule: { ...daily, level: 2 }, previous: daily } }, '2026-01-09T15:00'],
];

describe('PendingNoticesProjection: any batch gives what one event at a time gives', () => {
  const stores: TestEventStore[] = [];
  afterAll(async () => {
    for (const s of stores) await s.drop();
  });

  async function project(history: typeof HISTORY, batchSize: number) {
    const s = await createTestEventStore('pg');
    stores.push(s);
    for (const [stream, event, at] of history) {
      await s.store.append(stream, [{ ...event, occurredAt: hanoi(at) }], { expectedVersion: expectVersion.any(), recordedAt: hanoi(at) });
    }
    const projections = [...readModelProjections(), new RulesProjection(), new PendingNoticesProjection({ timeZone: 'Asia/Ho_Chi_Minh' })];
    await migrateReadModels(s.db, projections);
    // The feed shows a transaction only once every older one on the server has ended (other
    // suites run beside this one): keep catching up until the whole history is applied.
    const projector = new Projector(s.store, s.db, projections, { batchSize });
    const deadline = Date.now() + 30_000;
    for (let applied = 0; applied < history.length;) {
      applied += await projector.catchUp();
      if (applied < history.length) {
        if (Date.now() > deadline) throw new Error(`only ${applied} of ${history.length} events became visible`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    const pending = await s.db.query(`SELECT * FROM rm_pending_notices ORDER BY notice_key`);
    const issued = await s.db.query(`SELECT * FROM rm_planner_issued ORDER BY task_id, rule_id, deadline_version`);
    return { pending: pending.rows, issued: issued.rows };
  }

  it('matches one by one for batches of 2, 3, 5 and the whole history', async () => {
    const oneByOne = await project(HISTORY, 1);
    expect(oneByOne.pending.length).toBeGreaterThan(3);
    for (const size of [2, 3, 5, 500]) expect(await project(HISTORY, size)).toEqual(oneByOne);
  });

  it('matches one by one at every prefix of the history in a single batch', async () => {
    for (const cut of [4, 7, 11, 14]) {
      const prefix = HISTORY.slice(0, cut);
      expect(await project(prefix, 500)).toEqual(await project(prefix, 1));
    }
  });

  it('keeps one row per open task and rule, none for closed tasks or deleted rules', async () => {
    const { pending } = await project(HISTORY, 500);
    const pairs = pending.map((r: any) => `${r.task_code}/${r.rule_id}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pending.some((r: any) => r.rule_id === 'btc-only')).toBe(false);
    // A was extended once: nothing of its first deadline stays.
    expect(pending.filter((r: any) => r.task_id === A).every((r: any) => r.deadline_version === 1)).toBe(true);
    // B was cancelled, C completed then reopened.
    expect(pending.filter((r: any) => r.task_id === B)).toEqual([]);
    expect(
      pending
        .filter((r: any) => r.task_id === C)
        .map((r: any) => r.rule_id)
        .sort(),
    ).toEqual(['before-3', 'daily-after']);
  });
});
