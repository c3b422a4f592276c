import { ManualClock, TaskCommand, TaskEvent, decideTask, evolveTask, initialTaskState, taskStreamId } from '@app/domain';
import { TZ, assigned, calendar } from '@app/domain/testing/task-fixtures';
import { loadDefaultRules, seedDefaultRules } from '@app/escalation';
import { expect as expectVersion } from '@app/event-store';
import { TestEventStore, createTestEventStore, untilFeedShows } from '@app/event-store/testing';
import { Projector, READ_MODEL_TABLES, migrateReadModels } from '@app/projections';
import { allReadModels } from './read-models';

/**
 * A rebuild replays the history in lanes (replay-lanes.ts: the planner on its own connection, a
 * batch behind the tasks it reads) and the tasks through TaskProjection.forReplay, which keeps
 * fold states in memory between batches and writes them when they fall out of its bounded cache
 * or at the end. Every read model it leaves must be the one the live projector leaves, whatever
 * the batches, whatever falls out when.
 */
const TASKS = 12;
const id = (n: number) => `0000000${n.toString(16)}-1111-5111-8111-111111111111`.slice(-36);

function lifecycle(n: number): TaskEvent[] {
  const taskId = id(n);
  const steps: TaskCommand[] = [
    { type: 'ReportProgress', data: { percent: 20, note: 'Đã xây dựng kế hoạch' } },
    { type: 'RaiseBlocker', data: { blockerId: `blk-${n}`, description: 'Chưa bố trí đủ kinh phí' } },
    { type: 'ReportProgress', data: { percent: 50, note: 'Đang triển khai' } },
    { type: 'ResolveBlocker', data: { blockerId: `blk-${n}`, note: 'Đã bổ sung kinh phí' } },
    ...(n % 3 === 0 ? [{ type: 'CompleteTask', data: { deliverableRef: `BC-${n}/2026`, note: 'Hoàn thành' } } as TaskCommand] : []),
  ];
  const events: TaskEvent[] = [assigned({ taskId, code: `RP-${n}`, leadAgency: n % 2 ? 'BCA' : 'BTC' })];
  let state = evolveTask(initialTaskState(), events[0], new Date('2026-01-05T02:00:00Z'));
  steps.forEach((command, i) => {
    const at = new Date(Date.parse('2026-01-06T02:00:00Z') + (i + n) * 86_400_000);
    for (const event of decideTask(command, state, { at, calendar, timeZone: TZ })) {
      state = evolveTask(state, event, at);
      events.push(event);
    }
  });
  return events;
}

describe('replaying the tasks for a rebuild', () => {
  let t: TestEventStore;
  const tables = [...new Set([...READ_MODEL_TABLES, ...allReadModels().flatMap((p) => p.tables ?? [])])];
  const dump = async () => {
    const all: Record<string, unknown[]> = {};
    for (const table of tables) {
      // json has no equality: compare as text; the tally keeps emptied rows (tasks = 0) only as a trace of the order of batches
      const where = table === 'rm_task_tally' ? 'WHERE tasks <> 0' : '';
      all[table] = (await t.db.query(`SELECT x::text AS row FROM ${table} x ${where} ORDER BY x::text`)).rows.map((r) => r.row);
    }
    return all;
  };

  beforeAll(async () => {
    t = await createTestEventStore('pg');
    await migrateReadModels(t.db, allReadModels());
    await seedDefaultRules(t.store, new ManualClock(new Date('2026-01-02T02:00:00Z')));
    const all = Array.from({ length: TASKS }, (_, n) => lifecycle(n + 1));
    // interleaved like real traffic: every task advances one step at a time
    for (let step = 0; all.some((events) => events.length > step); step++) {
      for (let n = 0; n < TASKS; n++) {
        const event = all[n][step];
        if (!event) continue;
        if (step === 3 && n === 5) {
          // a rule changed mid-history: the planner re-plans every open task, from whatever rm_tasks holds then
          const rule = { ...loadDefaultRules()[0], name: 'Nhắc trước hạn (sửa)' };
          await t.store.append(
            `rule-${rule.id}`,
            [{ type: 'ReminderRuleUpdated', data: { rule }, occurredAt: new Date('2026-01-08T02:00:00Z') }],
            {
              expectedVersion: expectVersion.exact(1),
            },
          );
        }
        await t.store.append(
          taskStreamId(id(n + 1)),
          [{ ...event, occurredAt: new Date(Date.parse('2026-01-05T02:00:00Z') + step * 86_400_000) }],
          {
            expectedVersion: step === 0 ? expectVersion.noStream() : expectVersion.exact(step),
          },
        );
      }
    }
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('leaves every read model the live projector leaves, with a cache smaller than the tasks in flight', async () => {
    const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`);
    await untilFeedShows(t.store, rows[0].n); // else a transaction open beside this suite could cut the catch-up short
    await new Projector(t.store, t.db, allReadModels(), { catchUpBatchSize: 7 }).catchUp();
    const live = await dump();
    expect(live.rm_tasks).toHaveLength(TASKS);
    expect(live.rm_blockers).toHaveLength(TASKS);
    expect(live.rm_pending_notices.length).toBeGreaterThan(TASKS);
    expect(live.rm_workflow_outbox.length).toBeGreaterThan(TASKS);

    // 4 fold states kept for 12 tasks in flight: states fall out (and are written) mid-replay
    const applied = await new Projector(t.store, t.db, allReadModels(TZ, 4), { catchUpBatchSize: 5 }).rebuild();
    expect(applied).toBe(rows[0].n);
    expect(await dump()).toEqual(live);
  });
});
