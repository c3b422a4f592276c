import { TestEventStore, TestDatabaseKind, createTestEventStore, untilFeedShows } from '@app/event-store/testing';
import { StoredEvent, expect as expectVersion } from '@app/event-store';
import { TaskEvent, TaskRisk, addDays, taskRisk, uuidV5 } from '@app/domain';
import { assigned } from '@app/domain/testing/task-fixtures';
import { migrateReadModels } from '../schema/read-model-schema';
import { readModelProjections } from '../read-model-projections';
import { Projector } from '../projector/projector';
import { foldTaskAsOf } from './task-as-of';
import { riskLevelSql, riskPointsSql } from './task-risk-sql';
import { statusSql } from './task-status-sql';
import { currentRiskCells } from '../reports/report-tally-sql';

/**
 * The early-warning formula is written twice, in the domain (taskRisk, for replayed pasts and the
 * task page) and in SQL (riskPointsSql, for lists and counts over rm_tasks). A table of cases
 * checks the level and the reasons, and both are compared day by day over three months for every
 * case, so a day counted differently on one side cannot hide.
 */
const TZ = 'Asia/Ho_Chi_Minh';
const NOW = new Date('2026-02-20T10:00:00+07:00');
const POOR = ['BTC'];
const at = (local: string) => new Date(`${local}+07:00`);
const day = (d: string) => ({ expression: d, lastDay: d, due: `${d}T23:59:59.999+07:00`, adjusted: false });

interface Case {
  name: string;
  events: (taskId: string) => { event: TaskEvent; at: Date }[];
  level: TaskRisk['level'] | null;
  reasons: string[];
}

const assign = (taskId: string, code: string, due: string, leadAgency = 'BCA') => ({
  event: assigned({ taskId, code, leadAgency, deadline: day(due) }) as TaskEvent,
  at: at('2026-01-05T09:00:00'),
});
const progress = (taskId: string, percent: number, when: string) => ({
  event: { type: 'ProgressReported', data: { taskId, percent, note: null } } as TaskEvent,
  at: at(`${when}T15:00:00`),
});
const blocker = (taskId: string, when: string) => ({
  event: { type: 'BlockerRaised', data: { taskId, blockerId: `${taskId}-b1`, description: 'Chờ ý kiến Bộ Tài chính' } } as TaskEvent,
  at: at(`${when}T11:00:00`),
});

const CASES: Case[] = [
  {
    name: 'no progress at 90 % of the time',
    events: (id) => [assign(id, 'R-A', '2026-02-25')],
    level: 'high',
    reasons: ['behind_schedule', 'stale_report'],
  },
  { name: 'on schedule', events: (id) => [assign(id, 'R-B', '2026-06-30'), progress(id, 20, '2026-02-10')], level: 'low', reasons: [] },
  {
    name: 'an open blocker',
    events: (id) => [assign(id, 'R-C', '2026-06-30'), progress(id, 20, '2026-02-10'), blocker(id, '2026-02-12')],
    level: 'medium',
    reasons: ['open_blocker'],
  },
  {
    name: 'a stale report',
    events: (id) => [assign(id, 'R-D', '2026-06-30'), progress(id, 20, '2026-01-10')],
    level: 'low',
    reasons: ['stale_report'],
  },
  {
    name: 'a finished task',
    events: (id) => [
      assign(id, 'R-E', '2026-02-25'),
      {
        event: {
          type: 'TaskCompleted',
          data: {
            taskId: id,
            completedAt: '2026-02-10T10:00:00.000+07:00',
            deliverableRef: null,
            note: null,
            onTime: true,
            dueAtCompletion: day('2026-02-25').due,
          },
        },
        at: at('2026-02-10T10:00:00'),
      },
    ],
    level: null,
    reasons: [],
  },
  {
    name: 'overdue',
    events: (id) => [assign(id, 'R-F', '2026-01-30')],
    level: 'high',
    reasons: ['overdue', 'behind_schedule', 'stale_report'],
  },
  {
    name: 'an extended deadline',
    events: (id) => [
      assign(id, 'R-G', '2026-01-30'),
      {
        event: {
          type: 'DeadlineExtended',
          data: {
            taskId: id,
            previous: day('2026-01-30'),
            deadline: day('2026-06-30'),
            reason: 'Chờ Luật sửa đổi',
            decisionRef: '123/VPCP-KTTH',
            requestId: null,
          },
        },
        at: at('2026-01-20T09:00:00'),
      },
      progress(id, 20, '2026-02-10'),
    ],
    level: 'low',
    reasons: ['extended'],
  },
  {
    name: 'a blocker at an agency with a poor record',
    events: (id) => [assign(id, 'R-H', '2026-06-30', 'BTC'), progress(id, 20, '2026-02-10'), blocker(id, '2026-02-12')],
    level: 'high',
    reasons: ['open_blocker', 'agency_record'],
  },
  {
    name: 'a completion reported, awaiting confirmation',
    events: (id) => [
      assign(id, 'R-I', '2026-02-25'),
      {
        event: {
          type: 'CompletionReported',
          data: {
            taskId: id,
            completedAt: '2026-02-19T09:00:00.000+07:00',
            reportedAt: '2026-02-19T09:00:00.000+07:00',
            deliverableRef: '15/BC-BCA',
            note: null,
            backdated: false,
          },
        },
        at: at('2026-02-19T09:00:00'),
      },
    ],
    level: 'low',
    reasons: [],
  },
  {
    name: 'behind, before 80 % of the time',
    events: (id) => [assign(id, 'R-J', '2026-03-20'), progress(id, 20, '2026-02-15')],
    level: 'low',
    reasons: ['behind_schedule'],
  },
];

describe.each<TestDatabaseKind>(['pg', 'pglite'])('risk levels, domain and SQL on %s', (kind) => {
  let t: TestEventStore;
  const streams = new Map<string, StoredEvent[]>();

  beforeAll(async () => {
    t = await createTestEventStore(kind);
    await migrateReadModels(t.db, readModelProjections());
    for (const c of CASES) {
      const taskId = uuidV5(c.name, '6f1c2f86-2a0f-5d57-9a4e-3f3f2b7f0c11');
      const events = c.events(taskId);
      await t.store.append(
        `task-${taskId}`,
        events.map((e) => ({ type: e.event.type, data: e.event.data, occurredAt: e.at })),
        { expectedVersion: expectVersion.noStream() },
      );
      streams.set(c.name, await t.store.readStream(`task-${taskId}`));
    }
    // a transaction open in a suite beside this one holds the feed back: catch up once all is visible
    const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`);
    await untilFeedShows(t.store, rows[0].n);
    await new Projector(t.store, t.db, readModelProjections(), { pollIntervalMs: 10 }).catchUp();
  });
  afterAll(async () => {
    await t.drop();
  });

  /** Points and level of every open task with a deadline in SQL at `now`, by code. */
  async function sqlRisk(now: Date): Promise<Map<string, { points: number; level: string }>> {
    const points = riskPointsSql('$1::timestamptz', '$2::text', '$3::text[]');
    const { rows } = await t.db.query<{ code: string; points: number; level: string }>(
      `SELECT code, ${points} AS points, ${riskLevelSql(points)} AS level FROM rm_tasks
        WHERE (${statusSql('$1::timestamptz', '7', '$2::text')}) IN ('on_track', 'due_soon', 'overdue')`,
      [now, TZ, POOR],
    );
    return new Map(rows.map((r) => [r.code, { points: r.points, level: r.level }]));
  }
  const domainRisk = (c: Case, now: Date) => taskRisk(foldTaskAsOf(streams.get(c.name)!), now, POOR, { dueSoonDays: 7, timeZone: TZ });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const domain = domainRisk(c, NOW);
    expect(domain?.level ?? null).toBe(c.level);
    expect(domain?.reasons.map((r) => r.code) ?? []).toEqual(c.reasons);
    const sql = (await sqlRisk(NOW)).get(foldTaskAsOf(streams.get(c.name)!).code!);
    expect(sql ?? null).toEqual(domain ? { points: domain.points, level: domain.level } : null);
  });

  it('agrees with the domain on every case, every day from assignment to two months after', async () => {
    const nows: Date[] = [];
    for (let d = '2026-01-05'; d <= '2026-04-30'; d = addDays(d, 1))
      for (const time of ['00:00:00', '23:59:59']) nows.push(at(`${d}T${time}`));
    // every instant in one statement: the SQL evaluated at each, as the lists and reports do at theirs
    const points = riskPointsSql('n.at', '$2::text', '$3::text[]');
    const { rows } = await t.db.query<{ at: Date; code: string; points: number; level: string }>(
      `SELECT n.at, code, ${points} AS points, ${riskLevelSql(points)} AS level
         FROM rm_tasks, unnest($1::timestamptz[]) AS n(at)
        WHERE (${statusSql('n.at', '7', '$2::text')}) IN ('on_track', 'due_soon', 'overdue')`,
      [nows, TZ, POOR],
    );
    const sqlAt = new Map(rows.map((r) => [`${new Date(r.at).toISOString()} ${r.code}`, { points: r.points, level: r.level }]));
    let compared = 0;
    for (const now of nows) {
      for (const c of CASES) {
        const domain = domainRisk(c, now);
        const code = foldTaskAsOf(streams.get(c.name)!).code!;
        expect({ code, now, risk: sqlAt.get(`${now.toISOString()} ${code}`) ?? null }).toEqual({
          code,
          now,
          risk: domain ? { points: domain.points, level: domain.level } : null,
        });
        compared += 1;
      }
    }
    expect(compared).toBe(CASES.length * 2 * 116);
  });

  it('counts the same levels from the tally as the domain, every day', async () => {
    const rules = { dueSoonDays: 7, timeZone: TZ };
    const differing: unknown[] = [];
    let counted = 0;
    for (let d = '2026-01-05'; d <= '2026-04-30'; d = addDays(d, 1)) {
      for (const time of ['00:00:00', '23:59:59']) {
        const now = at(`${d}T${time}`);
        const expected = new Map<string, number>();
        for (const c of CASES) {
          const state = foldTaskAsOf(streams.get(c.name)!);
          const risk = domainRisk(c, now);
          if (!risk || now.getTime() > Date.parse(state.deadline!.due!)) continue; // the tally levels the tasks not yet due
          const key = `${state.leadAgency} ${state.deadline!.lastDay!.slice(0, 7)} ${risk.level}`;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
        const cells = await currentRiskCells(t.db, {}, now, rules, POOR);
        const served = new Map(cells.map((c) => [`${c.agency} ${c.month} ${c.level}`, c.count]));
        if (JSON.stringify([...served].sort()) !== JSON.stringify([...expected].sort()))
          differing.push({ now, served: [...served], expected: [...expected] });
        counted += [...expected.values()].reduce((a, b) => a + b, 0);
      }
    }
    expect(differing).toEqual([]);
    expect(counted).toBeGreaterThan(500);
  });
});
