import { TaskCommand, TaskEvent, decideTask, evolveTask, initialTaskState, taskStreamId } from '@app/domain';
import { TZ, assigned, calendar } from '@app/domain/testing/task-fixtures';
import { expect as expectVersion } from '@app/event-store';
import { TestEventStore, createTestEventStore } from '@app/event-store/testing';
import { Projector } from '../projector/projector';
import { readModelProjections } from '../read-model-projections';
import { migrateReadModels } from '../schema/read-model-schema';
import { TaskProjection } from './task-projection';

/**
 * A rebuild replays the tasks through TaskProjection.forReplay, which keeps fold states in memory
 * between batches and writes them when they fall out of its bounded cache or at the end. The read
 * models it leaves must be the ones the live projection leaves, batch by batch, whatever falls out when.
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
  const dump = async () => {
    const rows = async (sql: string) => (await t.db.query(sql)).rows;
    return {
      tasks: await rows(`SELECT * FROM rm_tasks ORDER BY task_id`),
      states: await rows(`SELECT task_id, state::text FROM rm_task_state ORDER BY task_id`),
      history: await rows(`SELECT * FROM rm_task_history ORDER BY position`),
      blockers: await rows(`SELECT * FROM rm_blockers ORDER BY blocker_id`),
      tally: await rows(`SELECT * FROM rm_task_tally WHERE tasks <> 0 ORDER BY lead_agency, assigned_day, state, due, risk_stale_from`),
    };
  };

  beforeAll(async () => {
    t = await createTestEventStore('pg');
    await migrateReadModels(t.db, readModelProjections());
    const all = Array.from({ length: TASKS }, (_, n) => lifecycle(n + 1));
    // interleaved like real traffic: every task advances one step at a time
    for (let step = 0; all.some((events) => events.length > step); step++) {
      for (let n = 0; n < TASKS; n++) {
        const event = all[n][step];
        if (!event) continue;
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

  it('leaves the read models the live projection leaves, with a cache smaller than the tasks in flight', async () => {
    await new Projector(t.store, t.db, readModelProjections(), { catchUpBatchSize: 7 }).catchUp();
    const live = await dump();
    expect(live.tasks).toHaveLength(TASKS);
    expect(live.blockers).toHaveLength(TASKS);

    // 4 fold states kept for 12 tasks in flight: states fall out (and are written) mid-replay
    const projections = readModelProjections().map((p) => (p instanceof TaskProjection ? new TaskProjection(TZ, 4) : p));
    const applied = await new Projector(t.store, t.db, projections, { catchUpBatchSize: 5 }).rebuild();
    expect(applied).toBe(live.history.length);
    expect(await dump()).toEqual(live);
  });
});
