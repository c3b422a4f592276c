import { DeadlineExtended, ExtensionRefused, ExtensionRequested, ResolvedDeadline } from './task.events';
import { TASK_ID, assigned, cancelled, completed, ongoingAssigned, taskSpec } from '../testing/task-fixtures';

const jan30: ResolvedDeadline = { expression: '2026-01-30', lastDay: '2026-01-30', due: '2026-01-30T23:59:59.999+07:00', adjusted: false };
const q1: ResolvedDeadline = { expression: 'Q1/2026', lastDay: '2026-03-31', due: '2026-03-31T23:59:59.999+07:00', adjusted: false };

const extend = (data: { newDeadline: string; reason?: string; decisionRef?: string; requestId?: string }) => ({
  type: 'ExtendDeadline' as const,
  data: { reason: 'chờ ý kiến các bộ', ...data },
});
const request = (requestId: string, proposedDeadline = 'Q1/2026') => ({
  type: 'RequestExtension' as const,
  data: { requestId, proposedDeadline, reason: 'cần thêm thời gian thẩm định' },
});
const requested = (requestId: string): ExtensionRequested => ({
  type: 'ExtensionRequested',
  data: { taskId: TASK_ID, requestId, proposed: q1, reason: 'cần thêm thời gian thẩm định' },
});
const extended = (overrides: Partial<DeadlineExtended['data']> = {}): DeadlineExtended => ({
  type: 'DeadlineExtended',
  data: { taskId: TASK_ID, previous: jan30, deadline: q1, reason: 'chờ ý kiến các bộ', decisionRef: null, requestId: null, ...overrides },
});

describe('ExtendDeadline', () => {
  it('replaces the deadline in force and keeps the original', () => {
    taskSpec
      .given([assigned()])
      .when(extend({ newDeadline: 'Q1/2026', decisionRef: '1234/VPCP-KSTT' }))
      .thenState((state, events) => {
        expect(events).toEqual([extended({ decisionRef: '1234/VPCP-KSTT' })]);
        expect(state.deadline).toEqual(q1);
        expect(state.originalDeadline).toEqual(jan30);
        expect(state.extensions).toHaveLength(1);
      });
  });

  it('approves a pending extension request', () => {
    taskSpec
      .given([assigned(), requested('r1')])
      .when(extend({ newDeadline: 'Q1/2026', requestId: 'r1' }))
      .thenState((state) => expect(state.extensionRequests.map((r) => r.status)).toEqual(['approved']));
  });

  it('may grant a date other than the one requested, shifted off a weekend (Civil Code 2015 art. 148)', () => {
    taskSpec
      .given([assigned(), requested('r1')])
      .when(extend({ newDeadline: '02/2026', requestId: 'r1' })) // February 2026 ends on a Saturday
      .thenState((state) =>
        expect(state.deadline).toMatchObject({ lastDay: '2026-02-28', due: '2026-03-02T23:59:59.999+07:00', adjusted: true }),
      );
  });

  it('refuses a deadline that is not later than the one in force', () => {
    taskSpec
      .given([assigned()])
      .when(extend({ newDeadline: '2026-01-30' }))
      .thenThrows({ kind: 'validation', field: 'newDeadline' });
    taskSpec
      .given([assigned()])
      .when(extend({ newDeadline: '2026-01-15' }))
      .thenThrows({ kind: 'validation', field: 'newDeadline' });
  });

  it('compares due instants, so a later last day that shifts onto the same due is no extension', () => {
    const feb2: ResolvedDeadline = {
      expression: '2026-02-02',
      lastDay: '2026-02-02',
      due: '2026-02-02T23:59:59.999+07:00',
      adjusted: false,
    };
    // January 2026 ends on Saturday 01-31, due Monday 02-02: the deadline already in force
    taskSpec
      .given([assigned({ deadline: feb2 })])
      .when(extend({ newDeadline: '01/2026' }))
      .thenThrows({ kind: 'validation', field: 'newDeadline' });
  });

  it('refuses "ongoing" as a new deadline', () => {
    taskSpec
      .given([assigned()])
      .when(extend({ newDeadline: 'ongoing' }))
      .thenThrows({ kind: 'validation', field: 'newDeadline' });
  });

  it('refuses an extension without a reason', () => {
    taskSpec
      .given([assigned()])
      .when(extend({ newDeadline: 'Q1/2026', reason: ' ' }))
      .thenThrows({ kind: 'validation', field: 'reason' });
  });

  it('refuses to approve an unknown request', () => {
    taskSpec
      .given([assigned()])
      .when(extend({ newDeadline: 'Q1/2026', requestId: 'nope' }))
      .thenThrows({ kind: 'validation', field: 'requestId' });
  });

  it('refuses to approve a request twice', () => {
    taskSpec
      .given([assigned(), requested('r1'), extended({ requestId: 'r1' })])
      .when(extend({ newDeadline: '2026-06-30', requestId: 'r1' }))
      .thenThrows({ kind: 'conflict', code: 'invalid_transition' });
  });

  it('refuses to extend an ongoing task', () => {
    taskSpec
      .given([ongoingAssigned()])
      .when(extend({ newDeadline: 'Q1/2026' }))
      .thenThrows({ kind: 'conflict', code: 'invalid_transition' });
  });

  it('refuses to extend a completed or cancelled task', () => {
    taskSpec
      .given([assigned(), completed('2026-01-20T10:00:00.000+07:00')])
      .when(extend({ newDeadline: 'Q1/2026' }))
      .thenThrows({ kind: 'conflict', code: 'invalid_transition', message: /reopen/ });
    taskSpec
      .given([assigned(), cancelled()])
      .when(extend({ newDeadline: 'Q1/2026' }))
      .thenThrows({ kind: 'conflict', code: 'invalid_transition' });
  });

  it('refuses an unknown task', () => {
    taskSpec
      .given([])
      .when(extend({ newDeadline: 'Q1/2026' }))
      .thenThrows({ kind: 'not_found' });
  });
});

describe('RequestExtension', () => {
  it('records a request for a later deadline as pending', () => {
    taskSpec
      .given([assigned()])
      .when(request('r1'))
      .thenState((state, events) => {
        expect(events).toEqual([requested('r1')]);
        expect(state.extensionRequests).toEqual([expect.objectContaining({ requestId: 'r1', status: 'pending' })]);
        expect(state.deadline).toEqual(jan30);
      });
  });

  it('refuses a proposed deadline that is not later', () => {
    taskSpec.given([assigned()]).when(request('r1', '2026-01-20')).thenThrows({ kind: 'validation', field: 'proposedDeadline' });
  });

  it('refuses an invalid proposed deadline', () => {
    taskSpec.given([assigned()]).when(request('r1', 'Q5/2026')).thenThrows({ kind: 'validation', field: 'proposedDeadline' });
  });

  it('refuses a request id used before', () => {
    taskSpec
      .given([assigned(), requested('r1')])
      .when(request('r1'))
      .thenThrows({ kind: 'conflict', code: 'duplicate_request' });
  });

  it('refuses a request on a task that is not open or has no deadline', () => {
    taskSpec.given([assigned(), cancelled()]).when(request('r1')).thenThrows({ kind: 'conflict', code: 'invalid_transition' });
    taskSpec.given([ongoingAssigned()]).when(request('r1')).thenThrows({ kind: 'conflict', code: 'invalid_transition' });
  });
});

describe('RefuseExtension', () => {
  const refuse = (requestId: string, reason = 'chưa đủ căn cứ để gia hạn') => ({
    type: 'RefuseExtension' as const,
    data: { requestId, reason },
  });
  const refused = (requestId: string): ExtensionRefused => ({
    type: 'ExtensionRefused',
    data: { taskId: TASK_ID, requestId, reason: 'chưa đủ căn cứ để gia hạn' },
  });

  it('refuses a pending request with its reason and keeps the deadline', () => {
    taskSpec
      .given([assigned(), requested('r1')])
      .when(refuse('r1'))
      .thenState((state, events) => {
        expect(events).toEqual([refused('r1')]);
        expect(state.extensionRequests).toEqual([
          expect.objectContaining({ requestId: 'r1', status: 'refused', refusalReason: 'chưa đủ căn cứ để gia hạn', decisionRef: null }),
        ]);
        expect(state.extensionRequests[0].decidedAt).toEqual(expect.any(String));
        expect(state.deadline).toEqual(jan30);
      });
  });

  it('records the decision reference and time of an approval', () => {
    taskSpec
      .given([assigned(), requested('r1')])
      .when(extend({ newDeadline: 'Q1/2026', requestId: 'r1', decisionRef: '1234/VPCP-KSTT' }))
      .thenState((state) =>
        expect(state.extensionRequests[0]).toMatchObject({ status: 'approved', decisionRef: '1234/VPCP-KSTT', refusalReason: null }),
      );
  });

  it('decides a request once: a refused one cannot be approved or refused again, an approved one cannot be refused', () => {
    taskSpec
      .given([assigned(), requested('r1'), refused('r1')])
      .when(extend({ newDeadline: 'Q1/2026', requestId: 'r1' }))
      .thenThrows({ kind: 'conflict', code: 'invalid_transition' });
    taskSpec
      .given([assigned(), requested('r1'), refused('r1')])
      .when(refuse('r1'))
      .thenThrows({ kind: 'conflict', code: 'invalid_transition' });
    taskSpec
      .given([assigned(), requested('r1'), extended({ requestId: 'r1' })])
      .when(refuse('r1'))
      .thenThrows({ kind: 'conflict', code: 'invalid_transition' });
  });

  it('answers not found for a request the task does not have', () => {
    taskSpec
      .given([assigned(), requested('r1')])
      .when(refuse('r2'))
      .thenThrows({ kind: 'not_found' });
  });

  it('may refuse a request left pending on a completed task', () => {
    taskSpec
      .given([assigned(), requested('r1'), completed('2026-01-20T10:00:00+07:00')])
      .when(refuse('r1'))
      .thenState((state) => expect(state.extensionRequests[0].status).toBe('refused'));
  });
});
