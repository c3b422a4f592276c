import { evolveTask } from './evolve-task';
import { inboxItems } from './inbox';
import { TaskEvent } from './task.events';
import { TaskState, initialTaskState } from './task.state';
import { TASK_ID, assigned } from '../testing/task-fixtures';

const fold = (events: [TaskEvent, string][]): TaskState =>
  events.reduce((s, [e, at]) => evolveTask(s, e, new Date(at)), initialTaskState());
const q1 = { expression: 'Q1/2026', lastDay: '2026-03-31', due: '2026-03-31T23:59:59.999+07:00', adjusted: false };
const opts = { dueSoonDays: 7, timeZone: 'Asia/Ho_Chi_Minh' };
const now = new Date('2026-01-28T09:00:00+07:00');

describe('inboxItems', () => {
  const base: [TaskEvent, string] = [assigned(), '2026-01-02T09:00:00+07:00']; // due 30/01/2026: due soon on 28/01

  it("gives the coordinator a pending request, a report to confirm and an open blocker, and the officer the task's deadline", () => {
    const state = fold([
      base,
      [
        { type: 'ExtensionRequested', data: { taskId: TASK_ID, requestId: 'r1', proposed: q1, reason: 'chờ ý kiến' } },
        '2026-01-20T09:00:00+07:00',
      ],
      [{ type: 'BlockerRaised', data: { taskId: TASK_ID, blockerId: 'b1', description: 'thiếu kinh phí' } }, '2026-01-21T09:00:00+07:00'],
    ]);
    expect(inboxItems(state, 'coordinator', now, opts).map((i) => i.kind)).toEqual(['extension_request', 'open_blocker']);
    expect(inboxItems(state, 'officer', now, opts)).toEqual([
      { kind: 'due_soon', since: '2026-01-30T23:59:59.999+07:00', due: '2026-01-30T23:59:59.999+07:00' },
    ]);
  });

  it('moves a report awaiting confirmation from the officer to the coordinator, and a returned one back', () => {
    const report: [TaskEvent, string] = [
      {
        type: 'CompletionReported',
        data: {
          taskId: TASK_ID,
          completedAt: '2026-01-27T10:00:00+07:00',
          reportedAt: '2026-01-27T10:00:00+07:00',
          deliverableRef: null,
          note: null,
          backdated: false,
        },
      },
      '2026-01-27T10:00:00+07:00',
    ];
    const reported = fold([base, report]);
    expect(inboxItems(reported, 'coordinator', now, opts).map((i) => i.kind)).toEqual(['completion_to_confirm']);
    expect(inboxItems(reported, 'officer', now, opts)).toEqual([]);
    const returned = fold([
      base,
      report,
      [{ type: 'CompletionReturned', data: { taskId: TASK_ID, reason: 'thiếu văn bản' } }, '2026-01-27T15:00:00+07:00'],
    ]);
    expect(inboxItems(returned, 'coordinator', now, opts)).toEqual([]);
    expect(inboxItems(returned, 'officer', now, opts).map((i) => i.kind)).toEqual(['due_soon', 'completion_returned']);
  });

  it('has nothing for a completed task', () => {
    const done = fold([
      base,
      [
        {
          type: 'TaskCompleted',
          data: {
            taskId: TASK_ID,
            completedAt: '2026-01-27T10:00:00+07:00',
            deliverableRef: null,
            note: null,
            dueAtCompletion: null,
            onTime: true,
          },
        },
        '2026-01-27T10:00:00+07:00',
      ],
    ]);
    expect(inboxItems(done, 'officer', now, opts)).toEqual([]);
    expect(inboxItems(done, 'coordinator', now, opts)).toEqual([]);
  });

  it('tells the officer of a task not yet due soon but at high risk of delay, with the reasons', () => {
    const q1Task: [TaskEvent, string] = [assigned({ deadline: q1 }), '2026-01-02T09:00:00+07:00'];
    const blocked: [TaskEvent, string] = [
      { type: 'BlockerRaised', data: { taskId: TASK_ID, blockerId: 'b1', description: 'thiếu kinh phí' } },
      '2026-01-21T09:00:00+07:00',
    ];
    // a blocker (2) alone is medium; with the lead agency's poor record (1) it is high
    expect(inboxItems(fold([q1Task, blocked]), 'officer', now, opts)).toEqual([]);
    expect(inboxItems(fold([q1Task, blocked]), 'officer', now, opts, ['BCA'])).toEqual([
      { kind: 'at_risk', since: null, due: q1.due, reasons: ['open_blocker', 'agency_record'] },
    ]);
    expect(inboxItems(fold([q1Task, blocked]), 'coordinator', now, opts, ['BCA']).map((i) => i.kind)).toEqual(['open_blocker']);
  });
});
