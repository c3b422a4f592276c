import { TASK_ID, assigned, cancelled, completed, extendedToFeb10, ongoingAssigned, reopened, taskSpec } from '../testing/task-fixtures';

const complete = { type: 'CompleteTask' as const, data: { deliverableRef: '123/BC-BCA' } };
const reopen = { type: 'ReopenTask' as const, data: { reason: 'sản phẩm chưa đạt' } };
const cancel = { type: 'CancelTask' as const, data: { reason: 'không còn phù hợp' } };
const reassign = (leadAgency: string) => ({ type: 'ReassignTask' as const, data: { leadAgency, reason: 'đúng chức năng' } });
const extendedToFeb = extendedToFeb10;

describe('CompleteTask', () => {
  it('completes on time by the end of the due day', () => {
    taskSpec
      .given([assigned()])
      .when(complete, { at: '2026-01-30T23:59:59.999+07:00' })
      .then([
        {
          type: 'TaskCompleted',
          data: {
            taskId: TASK_ID,
            completedAt: '2026-01-30T23:59:59.999+07:00',
            deliverableRef: '123/BC-BCA',
            note: null,
            dueAtCompletion: '2026-01-30T23:59:59.999+07:00',
            onTime: true,
            reportedAt: '2026-01-30T23:59:59.999+07:00',
            backdated: false,
          },
        },
      ]);
  });

  it('completes late after the due day', () => {
    taskSpec
      .given([assigned()])
      .when(complete, { at: '2026-01-31T00:00:00+07:00' })
      .thenState((state) => expect(state.completion).toMatchObject({ onTime: false, dueAtCompletion: '2026-01-30T23:59:59.999+07:00' }));
  });

  it('judges on time against the deadline in force after an extension', () => {
    taskSpec
      .given([assigned(), extendedToFeb])
      .when(complete, { at: '2026-02-05T10:00:00+07:00' })
      .thenState((state) => expect(state.completion).toMatchObject({ onTime: true, dueAtCompletion: '2026-02-10T23:59:59.999+07:00' }));
  });

  it('gives no verdict for an ongoing task', () => {
    taskSpec
      .given([ongoingAssigned()])
      .when(complete)
      .thenState((state) => expect(state.completion).toMatchObject({ onTime: null, dueAtCompletion: null }));
  });

  it('refuses to complete twice or a cancelled task', () => {
    taskSpec
      .given([assigned(), completed('2026-01-20T10:00:00.000+07:00')])
      .when(complete)
      .thenThrows({ kind: 'conflict', code: 'invalid_transition' });
    taskSpec.given([assigned(), cancelled()]).when(complete).thenThrows({ kind: 'conflict', code: 'invalid_transition' });
  });

  it('refuses a completion dated before the assignment', () => {
    taskSpec
      .given([assigned()])
      .when(complete, { at: '2026-01-04T10:00:00+07:00' })
      .thenThrows({ kind: 'validation', field: 'completedAt' });
  });

  it('refuses an unknown task', () => {
    taskSpec.given([]).when(complete).thenThrows({ kind: 'not_found' });
  });
});

describe('ReopenTask', () => {
  it('reopens a completed task, clearing the completion and counting the reopening', () => {
    taskSpec
      .given([assigned(), completed('2026-01-20T10:00:00.000+07:00')])
      .when(reopen)
      .thenState((state, events) => {
        expect(events).toEqual([{ type: 'TaskReopened', data: { taskId: TASK_ID, reason: 'sản phẩm chưa đạt' } }]);
        expect(state).toMatchObject({ completedAt: null, completion: null, reopenings: 1 });
      });
  });

  it('refuses to reopen an open task', () => {
    taskSpec.given([assigned()]).when(reopen).thenThrows({ kind: 'conflict', code: 'invalid_transition' });
  });

  it('refuses to reopen a cancelled task', () => {
    taskSpec.given([assigned(), cancelled()]).when(reopen).thenThrows({ kind: 'conflict', code: 'invalid_transition' });
  });
});

describe('ReassignTask', () => {
  it('hands the lead to another agency; a coordinating agency that takes the lead stops coordinating', () => {
    taskSpec
      .given([assigned()])
      .when(reassign('BKHCN'))
      .thenState((state, events) => {
        expect(events).toEqual([
          {
            type: 'TaskReassigned',
            data: { taskId: TASK_ID, fromAgency: 'BCA', leadAgency: 'BKHCN', assignee: null, reason: 'đúng chức năng' },
          },
        ]);
        expect(state).toMatchObject({ leadAgency: 'BKHCN', assignee: null, coordinatingAgencies: [] });
        expect(state.clarity?.missing).toEqual(['person', 'responsibility']);
      });
  });

  it('refuses to reassign to the agency that already leads', () => {
    taskSpec.given([assigned()]).when(reassign('BCA')).thenThrows({ kind: 'validation', field: 'leadAgency' });
  });

  it('refuses to reassign a task that is not open', () => {
    taskSpec
      .given([assigned(), completed('2026-01-20T10:00:00.000+07:00')])
      .when(reassign('BTC'))
      .thenThrows({ kind: 'conflict', code: 'invalid_transition' });
    taskSpec.given([assigned(), cancelled()]).when(reassign('BTC')).thenThrows({ kind: 'conflict', code: 'invalid_transition' });
  });
});

describe('CancelTask', () => {
  it('cancels an open task', () => {
    taskSpec
      .given([assigned()])
      .when(cancel)
      .thenState((state, events) => {
        expect(events).toEqual([{ type: 'TaskCancelled', data: { taskId: TASK_ID, reason: 'không còn phù hợp' } }]);
        expect(state.cancelled?.reason).toBe('không còn phù hợp');
      });
  });

  it('cancels a task reopened after completion', () => {
    taskSpec
      .given([assigned(), completed('2026-01-20T10:00:00.000+07:00'), reopened()])
      .when(cancel)
      .thenState((state) => expect(state.cancelled).not.toBeNull());
  });

  it('refuses to cancel a completed task: reopen it first', () => {
    taskSpec
      .given([assigned(), completed('2026-01-20T10:00:00.000+07:00')])
      .when(cancel)
      .thenThrows({ kind: 'conflict', code: 'invalid_transition', message: /reopen it first/ });
  });

  it('refuses to cancel twice', () => {
    taskSpec.given([assigned(), cancelled()]).when(cancel).thenThrows({ kind: 'conflict', code: 'invalid_transition' });
  });

  it('refuses a cancellation without a reason', () => {
    taskSpec
      .given([assigned()])
      .when({ type: 'CancelTask', data: { reason: '' } })
      .thenThrows({ kind: 'validation', field: 'reason' });
  });
});
