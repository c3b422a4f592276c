import { TaskEvent, TaskState, TaskStatus, evolveTask, initialTaskState } from '@app/domain';
import { assigned, completed, ongoingAssigned } from '@app/domain/testing/task-fixtures';
import {
  buildMonthlyPlan,
  buildRanking,
  buildSummary,
  filterFacts,
  monthCells,
  riskCells,
  selectBlockers,
  statusCells,
} from './report-core';
import { blockerFacts, taskFact } from './report-facts';
import type { BlockerFact, TaskFact } from './report.types';

const TZ = 'Asia/Ho_Chi_Minh';
const RULES = { dueSoonDays: 7, timeZone: TZ };
const times = { asOf: new Date('2026-02-10T12:00:00+07:00'), knownAt: new Date('2026-02-10T12:00:00+07:00') };

let seq = 0;
function fact(overrides: Partial<TaskFact> & { status: TaskStatus }): TaskFact {
  seq += 1;
  return {
    taskId: `t-${seq}`,
    code: `T-${String(seq).padStart(3, '0')}`,
    leadAgency: 'BCA',
    sourceRef: '71/NQ-CP',
    assignedAt: new Date('2026-01-05T09:00:00+07:00'),
    due: new Date('2026-01-30T23:59:59.999+07:00'),
    lastDay: '2026-01-30',
    originalDue: new Date('2026-01-30T23:59:59.999+07:00'),
    extensions: 0,
    completedAt: null,
    onTime: null,
    daysLate: null,
    recurring: false,
    riskInputs: null,
    awaitingConfirmation: false,
    ...overrides,
  };
}

const AGENCIES = [
  { code: 'BCA', name: 'Bộ Công an' },
  { code: 'BKHCN', name: 'Bộ Khoa học và Công nghệ' },
  { code: 'BTC', name: 'Bộ Tài chính' },
  { code: 'HN', name: 'UBND Thành phố Hà Nội' },
];

describe('summary', () => {
  const facts = [
    fact({ status: 'completed_on_time' }),
    fact({ status: 'completed_late', daysLate: 3 }),
    fact({ status: 'overdue', daysLate: 11, leadAgency: 'BKHCN' }),
    fact({ status: 'on_track', leadAgency: 'BKHCN', sourceRef: null }),
    fact({ status: 'due_soon', sourceRef: '02-KH/BCĐTW' }),
    fact({ status: 'ongoing', recurring: true, due: null, lastDay: null }),
    fact({ status: 'completed_on_time', recurring: true, due: null, lastDay: null }),
    fact({ status: 'cancelled' }),
  ];

  it('splits tasks as the Government counts them, keeping cancelled tasks apart from the total', () => {
    const s = buildSummary(statusCells(facts), AGENCIES, times);
    expect(s).toMatchObject({
      total: 7,
      completed: 3,
      completedOnTime: 2,
      completedLate: 1,
      inProgress: 3,
      onTrack: 1,
      dueSoon: 1,
      ongoing: 1,
      overdue: 1,
      cancelled: 1,
      recurring: 2,
      overdueRate: 0.2,
    });
    expect(s.total).toBe(s.completed + s.inProgress + s.overdue);
  });

  it('breaks the counts down by lead agency with its name, and by source with tasks without a source last', () => {
    const s = buildSummary(statusCells(facts), AGENCIES, times);
    expect(s.byAgency.map((a) => [a.agency, a.name, a.total])).toEqual([
      ['BCA', 'Bộ Công an', 5],
      ['BKHCN', 'Bộ Khoa học và Công nghệ', 2],
    ]);
    expect(s.bySource.map((b) => [b.source, b.total, b.overdue])).toEqual([
      ['02-KH/BCĐTW', 1, 0],
      ['71/NQ-CP', 5, 1],
      [null, 1, 0],
    ]);
  });

  it('has no overdue rate when no task has a deadline', () => {
    const s = buildSummary(statusCells([fact({ status: 'ongoing', recurring: true, due: null })]), [], times);
    expect(s.overdueRate).toBeNull();
    expect(s.total).toBe(1);
  });
});

describe('agency ranking', () => {
  const facts = [
    // BCA: 2 on time, 1 late (4 days), 1 overdue (10 days): 2/4
    fact({ status: 'completed_on_time' }),
    fact({ status: 'completed_on_time' }),
    fact({ status: 'completed_late', daysLate: 4 }),
    fact({ status: 'overdue', daysLate: 10 }),
    fact({ status: 'on_track' }),
    // BKHCN: 1 on time: 1/1; its recurring tasks (one completed, one open) and a cancelled one do not count
    fact({ status: 'completed_on_time', leadAgency: 'BKHCN' }),
    fact({ status: 'completed_on_time', leadAgency: 'BKHCN', recurring: true, due: null }),
    fact({ status: 'ongoing', leadAgency: 'BKHCN', recurring: true, due: null }),
    fact({ status: 'cancelled', leadAgency: 'BKHCN' }),
    // BTC: 1 on time, 1 overdue (2 days): 1/2 with 1 overdue, the same figures as BCA: a shared rank
    fact({ status: 'completed_on_time', leadAgency: 'BTC' }),
    fact({ status: 'overdue', leadAgency: 'BTC', daysLate: 2 }),
    // HN: nothing due yet
    fact({ status: 'due_soon', leadAgency: 'HN' }),
  ];

  it('rates on-time completion over tasks that came due, without recurring or cancelled tasks', () => {
    const rows = buildRanking(statusCells(facts), AGENCIES);
    const bca = rows.find((r) => r.agency === 'BCA')!;
    expect(bca).toMatchObject({
      name: 'Bộ Công an',
      total: 5,
      completedOnTime: 2,
      completedLate: 1,
      overdue: 1,
      onTimeRate: 0.5,
      avgDaysLate: 7,
    });
    const bkhcn = rows.find((r) => r.agency === 'BKHCN')!;
    expect(bkhcn).toMatchObject({ total: 3, completedOnTime: 1, completedLate: 0, overdue: 0, onTimeRate: 1, avgDaysLate: null });
  });

  it('ranks by on-time rate, then fewer overdue, then code; equal figures share a rank; agencies with nothing due come last', () => {
    const rows = buildRanking(statusCells(facts), AGENCIES);
    expect(rows.map((r) => [r.agency, r.rank, r.onTimeRate])).toEqual([
      ['BKHCN', 1, 1],
      ['BCA', 2, 0.5],
      ['BTC', 2, 0.5],
      ['HN', 4, null],
    ]);
  });

  it('compares exact fractions, not rounded rates', () => {
    // 2/3 vs 6667/10000 of a bigger agency: 0.6667 both when rounded, but 2/3 is larger.
    const many = [
      ...Array.from({ length: 6667 }, () => fact({ status: 'completed_on_time', leadAgency: 'BTC' })),
      ...Array.from({ length: 3333 }, () => fact({ status: 'completed_late', leadAgency: 'BTC', daysLate: 1 })),
      ...Array.from({ length: 2 }, () => fact({ status: 'completed_on_time', leadAgency: 'BCA' })),
      fact({ status: 'completed_late', leadAgency: 'BCA', daysLate: 1 }),
    ];
    const rows = buildRanking(statusCells(many), [
      { code: 'BCA', name: 'A' },
      { code: 'BTC', name: 'B' },
    ]);
    expect(rows.map((r) => [r.agency, r.onTimeRate, r.rank])).toEqual([
      ['BTC', 0.6667, 1],
      ['BCA', 0.6667, 2],
    ]);
  });

  it('lists every registered agency, and a lead agency missing from the register under its code', () => {
    const rows = buildRanking(statusCells([fact({ status: 'overdue', leadAgency: 'XYZ', daysLate: 1 })]), [
      { code: 'BCA', name: 'Bộ Công an' },
    ]);
    expect(rows.map((r) => [r.agency, r.name, r.rank])).toEqual([
      ['XYZ', 'XYZ', 1],
      ['BCA', 'Bộ Công an', 2],
    ]);
  });
});

describe('monthly plan', () => {
  it('counts per month of the deadline in force and lead agency what is due, done by asOf and overdue at asOf', () => {
    const facts = [
      fact({ status: 'completed_on_time', lastDay: '2026-01-15' }),
      fact({ status: 'completed_late', lastDay: '2026-01-31', daysLate: 2 }),
      fact({ status: 'overdue', lastDay: '2026-01-20', daysLate: 5 }),
      fact({ status: 'overdue', lastDay: '2026-01-20', leadAgency: 'BKHCN', daysLate: 5 }),
      // 42 % of its time gone without progress (1 point) and a blocker (2): at high risk on 10/02
      fact({
        status: 'on_track',
        lastDay: '2026-03-31',
        riskInputs: {
          assignedAt: new Date('2026-01-05T09:00:00+07:00'),
          due: new Date('2026-03-31T23:59:59.999+07:00'),
          lastReportAt: null,
          progressPercent: null,
          awaitingConfirmation: false,
          openBlockers: 1,
          extensions: 0,
          leadAgency: 'BCA',
        },
      }),
      fact({ status: 'cancelled', lastDay: '2026-03-31' }),
      fact({ status: 'ongoing', recurring: true, due: null, lastDay: null }),
      fact({ status: 'on_track', lastDay: '2027-01-31' }),
    ];
    const risk = riskCells(facts, times.asOf, [], TZ);
    expect(risk).toEqual([{ agency: 'BCA', source: '71/NQ-CP', month: '2026-03', level: 'high', count: 1 }]);
    expect(buildMonthlyPlan(monthCells(facts, 2026), AGENCIES, risk)).toEqual([
      { month: '2026-01', agency: 'BCA', name: 'Bộ Công an', due: 3, completed: 2, overdue: 1, atRisk: 0 },
      { month: '2026-01', agency: 'BKHCN', name: 'Bộ Khoa học và Công nghệ', due: 1, completed: 0, overdue: 1, atRisk: 0 },
      { month: '2026-03', agency: 'BCA', name: 'Bộ Công an', due: 1, completed: 0, overdue: 0, atRisk: 1 },
    ]);
    expect(buildMonthlyPlan(monthCells(facts, 2027), AGENCIES, risk)).toEqual([
      { month: '2027-01', agency: 'BCA', name: 'Bộ Công an', due: 1, completed: 0, overdue: 0, atRisk: 0 },
    ]);
    expect(buildSummary(statusCells(facts), AGENCIES, times, risk)).toMatchObject({ atRisk: 1, onTrack: 2 });
  });
});

describe('assignment window', () => {
  it('keeps the tasks assigned within the window, both ends included', () => {
    const inside = fact({ status: 'on_track', assignedAt: new Date('2025-07-20T00:00:00+07:00') });
    const end = fact({ status: 'on_track', assignedAt: new Date('2025-09-23T23:59:59.999+07:00') });
    const before = fact({ status: 'on_track', assignedAt: new Date('2025-07-19T23:59:59+07:00') });
    const kept = filterFacts([inside, end, before], {
      assignedFrom: new Date('2025-07-20T00:00:00+07:00'),
      assignedTo: new Date('2025-09-23T23:59:59.999+07:00'),
    });
    expect(kept).toEqual([inside, end]);
  });
});

describe('facts from a folded task', () => {
  const fold = (events: [TaskEvent, string][]): TaskState =>
    events.reduce((s, [e, at]) => evolveTask(s, e, new Date(at)), initialTaskState());
  const extended: TaskEvent = {
    type: 'DeadlineExtended',
    data: {
      taskId: assigned().data.taskId,
      previous: assigned().data.deadline,
      deadline: { expression: '2026-02-27', lastDay: '2026-02-27', due: '2026-02-27T23:59:59.999+07:00', adjusted: false },
      reason: 'Đồng ý gia hạn',
      decisionRef: '123/VPCP-KSTT',
      requestId: null,
    },
  };

  it('judges a completion against the extended deadline and keeps the original beside it', () => {
    const state = fold([
      [assigned(), '2026-01-05T09:00:00+07:00'],
      [extended, '2026-01-25T09:00:00+07:00'],
      [completed('2026-02-20T10:00:00+07:00', true, '2026-02-27T23:59:59.999+07:00'), '2026-02-20T10:00:00+07:00'],
    ]);
    const f = taskFact(state, times.asOf, RULES);
    expect(f).toMatchObject({ status: 'completed_on_time', extensions: 1, lastDay: '2026-02-27', daysLate: null, recurring: false });
    expect(f.originalDue).toEqual(new Date('2026-01-30T23:59:59.999+07:00'));
    expect(f.due).toEqual(new Date('2026-02-27T23:59:59.999+07:00'));
  });

  it('counts calendar days late in Hanoi time, for a late completion and for an overdue task', () => {
    const late = fold([
      [assigned(), '2026-01-05T09:00:00+07:00'],
      // 2026-02-02 00:30 in Hanoi is still 2026-02-01 in UTC: 3 days late in Hanoi
      [completed('2026-02-02T00:30:00+07:00', false), '2026-02-02T00:30:00+07:00'],
    ]);
    expect(taskFact(late, times.asOf, RULES)).toMatchObject({ status: 'completed_late', daysLate: 3 });
    const open = fold([[assigned(), '2026-01-05T09:00:00+07:00']]);
    expect(taskFact(open, new Date('2026-02-10T00:10:00+07:00'), RULES)).toMatchObject({ status: 'overdue', daysLate: 11 });
  });

  it('follows the lead agency through a reassignment, and a reopened task is not completed', () => {
    const state = fold([
      [assigned(), '2026-01-05T09:00:00+07:00'],
      [completed('2026-01-20T10:00:00+07:00'), '2026-01-20T10:00:00+07:00'],
      [{ type: 'TaskReopened', data: { taskId: assigned().data.taskId, reason: 'Chưa đạt' } }, '2026-01-22T10:00:00+07:00'],
      [
        {
          type: 'TaskReassigned',
          data: { taskId: assigned().data.taskId, fromAgency: 'BCA', leadAgency: 'BTC', assignee: null, reason: 'Điều chỉnh' },
        },
        '2026-01-23T10:00:00+07:00',
      ],
    ]);
    expect(taskFact(state, new Date('2026-01-26T10:00:00+07:00'), RULES)).toMatchObject({
      leadAgency: 'BTC',
      status: 'due_soon',
      completedAt: null,
    });
  });

  it('marks a task without a deadline as recurring', () => {
    const state = fold([[ongoingAssigned(), '2026-01-05T09:00:00+07:00']]);
    expect(taskFact(state, times.asOf, RULES)).toMatchObject({ status: 'ongoing', recurring: true, due: null, lastDay: null });
  });

  it('lists blockers as they stood, with the task status', () => {
    const raise = (id: string): TaskEvent => ({
      type: 'BlockerRaised',
      data: { taskId: assigned().data.taskId, blockerId: id, description: `Vướng mắc ${id}` },
    });
    const state = fold([
      [assigned(), '2026-01-05T09:00:00+07:00'],
      [raise('b1'), '2026-01-06T09:00:00+07:00'],
      [raise('b2'), '2026-01-07T09:00:00+07:00'],
      [{ type: 'BlockerResolved', data: { taskId: assigned().data.taskId, blockerId: 'b1', note: null } }, '2026-01-08T09:00:00+07:00'],
    ]);
    const all = blockerFacts(state, new Date('2026-01-09T09:00:00+07:00'), RULES);
    expect(selectBlockers(all, 'open').map((b) => b.blockerId)).toEqual(['b2']);
    expect(selectBlockers(all, 'resolved').map((b) => [b.blockerId, b.resolvedAt])).toEqual([
      ['b1', new Date('2026-01-08T09:00:00+07:00')],
    ]);
    expect(selectBlockers(all, 'all').map((b) => b.blockerId)).toEqual(['b1', 'b2']);
    expect(selectBlockers(all, 'all', 'BTC')).toEqual([]);
    expect(all[0].taskStatus).toBe('on_track');
  });
});

describe('blocker selection', () => {
  it('orders blockers by the time they were raised, then task code', () => {
    const b = (code: string, raisedAt: string): BlockerFact => ({
      taskId: code,
      taskCode: code,
      leadAgency: 'BCA',
      taskStatus: 'on_track',
      blockerId: `${code}-b`,
      description: 'x',
      raisedAt: new Date(raisedAt),
      resolvedAt: null,
    });
    const rows = selectBlockers([b('B', '2026-01-02T00:00:00Z'), b('A', '2026-01-02T00:00:00Z'), b('C', '2026-01-01T00:00:00Z')], 'open');
    expect(rows.map((r) => r.taskCode)).toEqual(['C', 'A', 'B']);
  });
});
