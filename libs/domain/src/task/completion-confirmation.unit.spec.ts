import { officialCalendar } from '../testing/official-calendar';
import { TASK_ID, assigned, taskSpec } from '../testing/task-fixtures';
import { isBackdated } from './completion-confirmation';
import { TaskEvent } from './task.events';

const report = { type: 'ReportCompletion' as const, data: { deliverableRef: '15/QĐ-BCA' } };
const accept = { type: 'AcceptCompletion' as const, data: { note: 'đạt yêu cầu' } };
const giveBack = { type: 'ReturnCompletion' as const, data: { reason: 'chưa có văn bản kết quả' } };
const reported = (completedAt: string, backdated = false): TaskEvent => ({
  type: 'CompletionReported',
  data: { taskId: TASK_ID, completedAt, reportedAt: '2026-02-10T09:00:00.000+07:00', deliverableRef: '15/QĐ-BCA', note: null, backdated },
});
const returned: TaskEvent = { type: 'CompletionReturned', data: { taskId: TASK_ID, reason: 'chưa có văn bản kết quả' } };

describe('ReportCompletion', () => {
  it('records the report and leaves the task open, counted by its deadline', () => {
    taskSpec
      .given([assigned()])
      .when(report, { at: '2026-01-20T10:00:00+07:00' })
      .thenState((state, events) => {
        expect(events).toEqual([
          {
            type: 'CompletionReported',
            data: {
              taskId: TASK_ID,
              completedAt: '2026-01-20T10:00:00.000+07:00',
              reportedAt: '2026-01-20T10:00:00.000+07:00',
              deliverableRef: '15/QĐ-BCA',
              note: null,
              backdated: false,
            },
          },
        ]);
        expect(state.completedAt).toBeNull();
        expect(state.completionReport).toMatchObject({ status: 'reported', completedAt: '2026-01-20T10:00:00.000+07:00' });
      });
  });

  it('refuses a second report while one awaits confirmation, and takes one after a return', () => {
    taskSpec
      .given([assigned(), reported('2026-01-20T10:00:00.000+07:00')])
      .when(report)
      .thenThrows({ kind: 'conflict', code: 'invalid_transition' });
    taskSpec
      .given([assigned(), reported('2026-01-20T10:00:00.000+07:00'), returned])
      .when(report, { at: '2026-01-21T10:00:00+07:00' })
      .thenState((state) => expect(state.completionReport?.status).toBe('reported'));
  });
});

describe('AcceptCompletion', () => {
  it('completes the task at the reported date, on time against the deadline in force, keeping the backdated mark', () => {
    taskSpec
      .given([assigned(), reported('2026-01-20T10:00:00.000+07:00', true)])
      .when(accept, { at: '2026-02-10T09:30:00+07:00' })
      .thenState((state, events) => {
        expect(events[0]).toMatchObject({
          type: 'TaskCompleted',
          data: { completedAt: '2026-01-20T10:00:00.000+07:00', onTime: true, accepted: true },
        });
        expect(state.completedAt).toBe('2026-01-20T03:00:00.000Z');
        expect(state.completion).toMatchObject({ onTime: true, backdated: true, acceptanceNote: 'đạt yêu cầu' });
        expect(state.completionReport).toBeNull();
      });
  });

  it('counts a report after the deadline as late', () => {
    taskSpec
      .given([assigned(), reported('2026-02-03T10:00:00.000+07:00')])
      .when(accept, { at: '2026-02-10T09:30:00+07:00' })
      .thenState((state) => expect(state.completion?.onTime).toBe(false));
  });

  it('needs a report awaiting confirmation', () => {
    taskSpec.given([assigned()]).when(accept).thenThrows({ kind: 'conflict', code: 'invalid_transition' });
    taskSpec
      .given([assigned(), reported('2026-01-20T10:00:00.000+07:00'), returned])
      .when(accept)
      .thenThrows({ kind: 'conflict', code: 'invalid_transition' });
  });
});

describe('ReturnCompletion', () => {
  it('sends the report back with its reason; the task stays open', () => {
    taskSpec
      .given([assigned(), reported('2026-01-20T10:00:00.000+07:00')])
      .when(giveBack, { at: '2026-01-22T10:00:00+07:00' })
      .thenState((state) => {
        expect(state.completedAt).toBeNull();
        expect(state.completionReport).toMatchObject({ status: 'returned', returnReason: 'chưa có văn bản kết quả' });
      });
  });

  it('refuses a return without a reason, naming the field', () => {
    taskSpec
      .given([assigned(), reported('2026-01-20T10:00:00.000+07:00')])
      .when({ type: 'ReturnCompletion', data: {} } as never)
      .thenThrows({ kind: 'validation', field: 'reason' });
  });
});

describe('isBackdated', () => {
  const calendar = officialCalendar();
  const tz = 'Asia/Ho_Chi_Minh';
  it.each([
    ['2026-01-20T10:00:00+07:00', '2026-01-20T16:00:00+07:00', false], // same day
    ['2026-01-20T10:00:00+07:00', '2026-01-21T16:00:00+07:00', false], // the next working day
    ['2026-01-20T10:00:00+07:00', '2026-01-22T08:00:00+07:00', true], // two working days later
    ['2026-01-23T10:00:00+07:00', '2026-01-26T09:00:00+07:00', false], // Friday → Monday: one working day
    ['2025-12-31T10:00:00+07:00', '2026-01-05T09:00:00+07:00', false], // across the 01-01..01-04 days off
    ['2025-03-20T10:00:00+07:00', '2026-01-05T09:00:00+07:00', true],
  ])('completed %s, recorded %s: backdated %s', (completedAt, recordedAt, expected) => {
    expect(isBackdated(new Date(completedAt), new Date(recordedAt), calendar, tz)).toBe(expected);
  });
});
