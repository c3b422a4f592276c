import { TaskState, evolveTask, initialTaskState } from '@app/domain';
import { TASK_ID, assigned, cancelled, completed } from '@app/domain/testing/task-fixtures';
import { isoInstant, tallyChanges, tallyOf } from './task-tally';

const fold = (...events: { type: string; data: object }[]): TaskState =>
  events.reduce((s, e) => evolveTask(s, e as never, new Date('2026-01-05T02:00:00Z')), initialTaskState());

describe('the task tally', () => {
  const open = fold(assigned());

  it('counts an open task by agency, source, UTC assignment day and deadline', () => {
    expect(tallyOf(open)).toEqual({
      leadAgency: 'BCA',
      sourceRef: '71/NQ-CP',
      assignedDay: '2026-01-05',
      state: 'open',
      due: open.deadline!.due && new Date(open.deadline!.due).toISOString(),
      lastDay: '2026-01-30',
      // 25 days from 05/01 to 30/01: 80 % is day 20, the 30-point gap day 8 (no progress), no report for 30 days
      riskFixed: 0,
      riskSevereFrom: '2026-01-25',
      riskMildFrom: '2026-01-13',
      riskStaleFrom: '2026-02-04',
      tasks: 1,
      awaiting: 0,
      daysLate: 0,
    });
    expect(tallyOf(initialTaskState())).toBeNull();
  });

  it('counts a late completion with its calendar days late in the deadline zone', () => {
    // 02/02/2026 00:30 in Hà Nội is still 01/02 in UTC: three days after 30/01, not two
    const late = fold(assigned(), completed('2026-02-01T17:30:00.000Z', false));
    expect(tallyOf(late)).toMatchObject({ state: 'completed_late', daysLate: 3 });
    expect(tallyOf(late, 'UTC')).toMatchObject({ state: 'completed_late', daysLate: 2 });
    expect(tallyOf(fold(assigned(), completed('2026-01-20T10:00:00.000+07:00')))).toMatchObject({
      state: 'completed_on_time',
      daysLate: 0,
    });
    expect(tallyOf(fold(assigned(), cancelled()))).toMatchObject({ state: 'cancelled', riskFixed: null, riskMildFrom: null });
  });

  it('moves a task from one key to another, and a change that moves nothing changes nothing', () => {
    const late = fold(assigned(), completed('2026-02-01T17:30:00.000Z', false));
    expect(tallyChanges([{ before: open, after: late }])).toEqual([
      expect.objectContaining({ state: 'open', tasks: -1, daysLate: 0 }),
      expect.objectContaining({ state: 'completed_late', tasks: 1, daysLate: 3 }),
    ]);
    const progressed = evolveTask(
      open,
      { type: 'ProgressReported', data: { taskId: TASK_ID, percent: 40, note: 'x' } } as never,
      new Date(),
    );
    expect(progressed.progress?.percent).toBe(40);
    // a report moves an open task to the row of its new early-warning schedule…
    expect(tallyChanges([{ before: open, after: progressed }])).toEqual([
      expect.objectContaining({ riskMildFrom: '2026-01-13', tasks: -1 }),
      expect.objectContaining({ riskMildFrom: '2026-01-23', tasks: 1 }),
    ]);
    // …and the same state again changes nothing
    expect(tallyChanges([{ before: progressed, after: progressed }])).toEqual([]);
    // two new tasks of one key are one row of two
    expect(
      tallyChanges([
        { before: undefined, after: open },
        { before: undefined, after: open },
      ]),
    ).toEqual([expect.objectContaining({ state: 'open', tasks: 2 })]);
  });
});

describe('isoInstant', () => {
  it('keeps the canonical form as it is and writes any other in it', () => {
    expect(isoInstant('2026-01-15T02:00:00.000Z')).toBe('2026-01-15T02:00:00.000Z');
    expect(isoInstant('2026-01-15T09:00:00+07:00')).toBe('2026-01-15T02:00:00.000Z');
    expect(isoInstant('2026-01-15T02:00:00Z')).toBe('2026-01-15T02:00:00.000Z');
    expect(isoInstant(new Date('2026-01-15T02:00:00.250Z'))).toBe('2026-01-15T02:00:00.250Z');
  });
});
