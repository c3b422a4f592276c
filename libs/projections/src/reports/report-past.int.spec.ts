import { TaskCommand, TaskEvent, TaskState, evolveTask, initialTaskState, decideTask } from '@app/domain';
import { TZ, assigned, calendar } from '@app/domain/testing/task-fixtures';
import { StoredEvent, expect as expectVersion } from '@app/event-store';
import { TestDatabaseKind, TestEventStore, createTestEventStore, untilFeedShows } from '@app/event-store/testing';
import { Projector } from '../projector/projector';
import { readModelProjections } from '../read-model-projections';
import { migrateReadModels } from '../schema/read-model-schema';
import { foldTaskAsOf } from '../tasks/task-as-of';
import { filterFacts, monthCells, riskCells, statusCells } from './report-core';
import { taskFact } from './report-facts';
import { pastMonthCells, pastRiskCells, pastStatusCells } from './report-past';
import { foldedSince } from './report-sql';
import type { ReportFilter } from './report.types';

/**
 * A past report counts a task changed since its date from the report images before and after its
 * late history rows (task-images.ts), and folds its events only when they cannot tell: an entry
 * backdated to before the date follows a later one, a late row carries no images, or a row's
 * order is unknown. Every figure must equal a fold of every task, on PostgreSQL and PGlite.
 */
const RULES = { dueSoonDays: 7, timeZone: TZ };
const POOR = ['BCA'];
const at = (local: string) => new Date(`${local}+07:00`);
const endOf = (day: string) => at(`${day}T23:59:59.999`);
const day = (d: string) => ({ expression: d, lastDay: d, due: `${d}T23:59:59.999+07:00`, adjusted: false });
const id = (n: number) => `0000000${n}-2222-5222-8222-222222222222`.slice(-36);
const PLAN = { kind: 'plan', ref: '02-KH/BCĐTW', issuedOn: '2025-12-01' } as const;

type Step = [string, TaskCommand];
interface Story {
  n: number;
  assignedOn: string;
  deadline: ReturnType<typeof day> | { expression: string; lastDay: null; due: null; adjusted: false };
  leadAgency?: string;
  plan?: boolean;
  steps: Step[];
}

const progress = (percent: number): TaskCommand => ({ type: 'ReportProgress', data: { percent, note: null } });
let comments = 0;
/** a later event that changes no figure, so the task counts as changed since an earlier date */
const comment = (): TaskCommand => ({ type: 'AddComment', data: { commentId: `c-${++comments}`, text: 'Đề nghị báo cáo bổ sung' } });
const STORIES: Story[] = [
  {
    n: 1,
    assignedOn: '2026-01-05',
    deadline: day('2026-01-30'),
    steps: [
      ['2026-01-12', progress(30)],
      ['2026-01-26', progress(70)],
      ['2026-02-02', { type: 'CompleteTask', data: { deliverableRef: 'BC-1', note: null } }],
      ['2026-02-06', comment()],
    ],
  },
  {
    n: 2,
    assignedOn: '2026-01-05',
    deadline: day('2026-02-27'),
    plan: true,
    steps: [
      ['2026-01-10', { type: 'RaiseBlocker', data: { blockerId: 'b-2', description: 'Chưa bố trí đủ kinh phí' } }],
      [
        '2026-01-20',
        {
          type: 'ExtendDeadline',
          data: { newDeadline: day('2026-03-31'), reason: 'chờ ý kiến các bộ', decisionRef: null, requestId: null },
        },
      ],
      ['2026-02-05', { type: 'ResolveBlocker', data: { blockerId: 'b-2', note: null } }],
      ['2026-02-10', { type: 'ReassignTask', data: { leadAgency: 'BTC', assignee: null, reason: 'đúng chức năng' } }],
    ],
  },
  {
    n: 3,
    assignedOn: '2026-01-08',
    deadline: day('2026-01-23'),
    steps: [
      ['2026-01-25', { type: 'CancelTask', data: { reason: 'không còn phù hợp' } }],
      ['2026-02-06', comment()],
    ],
  },
  {
    n: 4,
    assignedOn: '2026-01-08',
    deadline: day('2026-01-30'),
    leadAgency: 'BTC',
    plan: true,
    steps: [
      ['2026-01-28', { type: 'CompleteTask', data: { deliverableRef: 'BC-4', note: null } }],
      ['2026-02-03', { type: 'ReopenTask', data: { reason: 'chưa đủ hồ sơ' } }],
      ['2026-02-12', { type: 'ReportCompletion', data: { deliverableRef: 'BC-4b', note: null } }],
      ['2026-02-15', comment()],
    ],
  },
  // progress reported on 05/02, then a completion on 29/01 entered after it: as of 31/01 the
  // qualifying events are no prefix of the stream
  {
    n: 5,
    assignedOn: '2026-01-05',
    deadline: day('2026-01-31'),
    steps: [['2026-02-05', progress(40)]],
  },
  {
    n: 6,
    assignedOn: '2026-01-05',
    deadline: { expression: 'ongoing', lastDay: null, due: null, adjusted: false },
    steps: [['2026-01-15', progress(10)]],
  },
  { n: 7, assignedOn: '2026-02-03', deadline: day('2026-03-15'), leadAgency: 'BTC', steps: [['2026-02-20', progress(50)]] },
  // as task 1; its history rows lose their images below (images that never reached the history)
  {
    n: 8,
    assignedOn: '2026-01-05',
    deadline: day('2026-01-30'),
    steps: [
      ['2026-01-12', progress(30)],
      ['2026-02-02', { type: 'CompleteTask', data: { deliverableRef: 'BC-8', note: null } }],
    ],
  },
  { n: 9, assignedOn: '2026-01-05', deadline: day('2026-06-30'), steps: [] },
  // on 11/02 its 60 % of 10/01 keeps it low risk; without it, it would be medium
  // (and the cases below: each figure of an image makes a difference on some date)
  {
    n: 10,
    assignedOn: '2026-01-05',
    deadline: day('2026-02-28'),
    leadAgency: 'BTC',
    steps: [
      ['2026-01-10', progress(60)],
      ['2026-02-20', progress(70)],
    ],
  },
  // on 11/02 its report of 25/01 is recent; counted from the assignment it would be stale
  {
    n: 11,
    assignedOn: '2026-01-05',
    deadline: day('2026-03-31'),
    leadAgency: 'BTC',
    steps: [
      ['2026-01-25', progress(10)],
      ['2026-03-01', progress(20)],
    ],
  },
  // on 11/02 an extension and an open blocker: high; without the extension, medium
  {
    n: 12,
    assignedOn: '2026-01-05',
    deadline: day('2026-01-31'),
    leadAgency: 'BTC',
    steps: [
      [
        '2026-01-20',
        {
          type: 'ExtendDeadline',
          data: { newDeadline: day('2026-03-31'), reason: 'chờ ý kiến các bộ', decisionRef: null, requestId: null },
        },
      ],
      ['2026-01-22', progress(50)],
      ['2026-01-25', { type: 'RaiseBlocker', data: { blockerId: 'b-12', description: 'Chờ ý kiến Bộ Tư pháp' } }],
      ['2026-02-20', progress(60)],
    ],
  },
];

const BACKDATED_COMPLETION: Step = ['2026-01-29', { type: 'CompleteTask', data: { deliverableRef: 'BC-5', note: null } }];

/** Cells keyed by everything but their counts, counts summed, empty ones dropped: the halves add up. */
function normalized<C extends object>(cells: C[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const cell of cells) {
    const key = JSON.stringify(Object.entries(cell).filter(([, v]) => typeof v !== 'number'));
    const sums = (out[key] ??= {});
    for (const [k, v] of Object.entries(cell)) if (typeof v === 'number') sums[k] = (sums[k] ?? 0) + v;
  }
  for (const [key, sums] of Object.entries(out)) if (Object.values(sums).every((v) => v === 0)) delete out[key];
  return out;
}

describe.each<TestDatabaseKind>(['pg', 'pglite'])('past reports from history images on %s', (kind) => {
  let t: TestEventStore;
  const states = new Map<number, TaskState>();
  let beforeBackdating: Date;

  const append = async (n: number, events: TaskEvent[], when: Date) => {
    await t.store.append(
      `task-${id(n)}`,
      events.map((e) => ({ type: e.type, data: e.data, occurredAt: when })),
      { expectedVersion: states.has(n) ? expectVersion.exists() : expectVersion.noStream() },
    );
    let state = states.get(n) ?? initialTaskState();
    for (const e of events) state = evolveTask(state, e, when);
    states.set(n, state);
  };
  const run = async (n: number, [date, command]: Step) => {
    const when = at(`${date}T10:00:00`);
    await append(n, decideTask(command, states.get(n)!, { at: when, calendar, timeZone: TZ }), when);
  };

  beforeAll(async () => {
    t = await createTestEventStore(kind);
    await migrateReadModels(t.db, readModelProjections());
    // in business-time order, as the officers report
    const timeline: [string, () => Promise<void>][] = [];
    for (const s of STORIES) {
      const event = assigned({
        taskId: id(s.n),
        code: `HI-${s.n}`,
        leadAgency: s.leadAgency ?? 'BCA',
        deadline: s.deadline,
        ...(s.plan ? { source: PLAN } : {}),
      });
      timeline.push([`${s.assignedOn}T09`, () => append(s.n, [event], at(`${s.assignedOn}T09:00:00`))]);
      for (const step of s.steps) timeline.push([`${step[0]}T10`, () => run(s.n, step)]);
    }
    timeline.sort((a, b) => a[0].localeCompare(b[0]));
    for (const [, act] of timeline) await act();
    await new Promise((resolve) => setTimeout(resolve, 20));
    beforeBackdating = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await run(5, BACKDATED_COMPLETION);

    const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`);
    await untilFeedShows(t.store, rows[0].n);
    await new Projector(t.store, t.db, readModelProjections()).catchUp();
    await t.db.query(`UPDATE rm_task_history SET image_before = NULL, image_after = NULL WHERE task_id = $1`, [id(8)]);
    // task 6's progress report, as written when the previous event's times were not kept
    await t.db.query(
      `UPDATE rm_task_history SET previous_occurred_at = 'infinity', previous_recorded_at = 'infinity' WHERE task_id = $1 AND version = 2`,
      [id(6)],
    );
  });
  afterAll(async () => {
    await t?.drop();
  });

  const streams = async (): Promise<StoredEvent[][]> => Promise.all(STORIES.map((s) => t.store.readStream(`task-${id(s.n)}`)));

  const cases: [string, Date, Date | undefined][] = [
    ['09/01', endOf('2026-01-09'), undefined],
    ['21/01', endOf('2026-01-21'), undefined],
    ['31/01', endOf('2026-01-31'), undefined],
    ['04/02', endOf('2026-02-04'), undefined],
    ['11/02', endOf('2026-02-11'), undefined],
    ['13/02', endOf('2026-02-13'), undefined],
    ['31/01 as known before the backdated completion', endOf('2026-01-31'), undefined],
    // the completion both occurred after the date and was recorded after the known time
    ['21/01 as known before the backdated completion', endOf('2026-01-21'), undefined],
    ['01/03', endOf('2026-03-01'), undefined],
  ];

  it.each(cases)('as of %s: status, risk and month cells equal a fold of every task', async (label, asOf, knownAtGiven) => {
    const knownAt = label.includes('known before') ? beforeBackdating : knownAtGiven;
    const facts = (await streams())
      .map((events) => foldTaskAsOf(events, { asOf, knownAt }))
      .filter((s) => s.exists)
      .map((s) => taskFact(s, asOf, RULES));
    const filters: ReportFilter[] = [{}, { agency: 'BTC' }, { source: PLAN.ref }, { assignedFrom: at('2026-01-06T00:00:00') }];
    for (const filter of filters) {
      const scoped = filterFacts(facts, filter);
      const scope = { asOf, knownAt };
      expect({ filter, cells: normalized(await pastStatusCells(t.db, t.store, scope, filter, RULES)) }).toEqual({
        filter,
        cells: normalized(statusCells(scoped)),
      });
      expect({ filter, cells: normalized(await pastRiskCells(t.db, t.store, scope, filter, RULES, POOR)) }).toEqual({
        filter,
        cells: normalized(riskCells(scoped, asOf, POOR, TZ)),
      });
      expect({ filter, cells: normalized(await pastMonthCells(t.db, t.store, scope, 2026, filter, RULES)) }).toEqual({
        filter,
        cells: normalized(monthCells(scoped, 2026)),
      });
    }
  });

  it('folds only the task with an entry backdated after a later one, the task without images and rows of unknown order', async () => {
    const folded = async (asOf: Date, knownAt?: Date) => foldedSince(t.db, { asOf, knownAt });
    // task 6 (unknown order on its row of 15/01) is folded on any later date, although unchanged since
    expect(await folded(endOf('2026-01-31'))).toEqual([id(5), id(6), id(8)].sort());
    // before the completion was entered, task 5's qualifying events were a prefix
    expect(await folded(endOf('2026-01-31'), beforeBackdating)).toEqual([id(6), id(8)].sort());
    // on 20/01 task 5's later events are both after the date: its assignment is a prefix
    expect(await folded(endOf('2026-01-20'))).toEqual([id(6), id(8)].sort());
    // on 10/01 task 6's row of unknown order is itself late, with its images: not folded
    expect(await folded(endOf('2026-01-10'))).toEqual([id(8)]);
    // a tally in another zone has no delta: every changed task is folded
    const all = await foldedSince(t.db, { asOf: endOf('2026-01-31') }, true);
    expect(all).toEqual(expect.arrayContaining([id(1), id(2), id(3), id(4), id(5), id(7), id(8), id(10), id(11), id(12)]));
    expect(all).not.toContain(id(9));
  });
  it('with the tally counted in another zone, scans rm_tasks and folds every changed task: the same cells', async () => {
    const asOf = endOf('2026-01-31');
    const facts = (await streams())
      .map((events) => foldTaskAsOf(events, { asOf }))
      .filter((s) => s.exists)
      .map((s) => taskFact(s, asOf, RULES));
    await t.db.query(`UPDATE rm_task_tally SET zone = 'UTC'`);
    try {
      expect(normalized(await pastStatusCells(t.db, t.store, { asOf }, {}, RULES))).toEqual(normalized(statusCells(facts)));
      expect(normalized(await pastRiskCells(t.db, t.store, { asOf }, {}, RULES, POOR))).toEqual(
        normalized(riskCells(facts, asOf, POOR, TZ)),
      );
    } finally {
      await t.db.query(`UPDATE rm_task_tally SET zone = $1`, [TZ]);
    }
  });
});
