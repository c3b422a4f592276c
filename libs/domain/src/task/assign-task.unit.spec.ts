import { ASSIGNED_AT, TASK_ID, assignData, assigned, taskSpec } from '../testing/task-fixtures';

const assign = (overrides = {}) => ({ type: 'AssignTask' as const, data: assignData(overrides) });

describe('AssignTask', () => {
  it('assigns a new task with its deadline resolved and its "6 rõ" reported', () => {
    taskSpec.given([]).when(assign()).then([assigned()]);
  });

  it('resolves a quarter deadline to the next working day when the quarter ends on a day off', () => {
    taskSpec
      .given([])
      .when(assign({ deadline: '01/2025' }))
      .thenState((state) => {
        expect(state.deadline).toEqual({
          expression: '01/2025',
          lastDay: '2025-01-31',
          due: '2025-02-03T23:59:59.999+07:00',
          adjusted: true,
        });
        expect(state.originalDeadline).toEqual(state.deadline);
        expect(state.assignedAt).toBe(new Date(ASSIGNED_AT).toISOString());
        expect(state.version).toBe(1);
      });
  });

  it('assigns an ongoing task with no deadline and reports time as missing', () => {
    taskSpec
      .given([])
      .when(assign({ deadline: 'thường xuyên' }))
      .thenState((state, [event]) => {
        expect(state.deadline).toEqual({ expression: 'thường xuyên', lastDay: null, due: null, adjusted: false });
        expect(event.type === 'TaskAssigned' && event.data.clarity.missing).toEqual(['time']);
      });
  });

  it('assigns a vague task anyway: clarity is reported, never enforced', () => {
    const bare = { taskId: TASK_ID, code: 'KL-01', title: 'Đẩy mạnh chuyển đổi số', leadAgency: 'BKHCN', deadline: '2026' };
    taskSpec
      .given([])
      .when({ type: 'AssignTask', data: bare })
      .thenState((state) => {
        expect(state.priority).toBe('normal');
        expect(state.coordinatingAgencies).toEqual([]);
        expect(state.clarity?.missing).toEqual(['person', 'task', 'responsibility', 'deliverable', 'authority']);
      });
  });

  it('refuses a code that is already assigned', () => {
    taskSpec.given([assigned()]).when(assign()).thenThrows({ kind: 'conflict', code: 'duplicate_task' });
  });

  it('refuses an impossible deadline, naming the field', () => {
    taskSpec
      .given([])
      .when(assign({ deadline: 'Q5/2026' }))
      .thenThrows({ kind: 'validation', field: 'deadline', message: /Q1\/YYYY/ });
    taskSpec
      .given([])
      .when(assign({ deadline: '2026-02-30' }))
      .thenThrows({ kind: 'validation', field: 'deadline' });
  });

  it('names every field at fault at once', () => {
    const spec = taskSpec.given([]).when(assign({ title: '', leadAgency: '', deadline: 'soon', priority: 'urgent' as never }));
    for (const field of ['title', 'leadAgency', 'deadline', 'priority']) spec.thenThrows({ kind: 'validation', field });
  });

  it('refuses a lead agency that also coordinates (Decree 39/2022/NĐ-CP: one lead)', () => {
    taskSpec
      .given([])
      .when(assign({ coordinatingAgencies: ['BKHCN', 'BCA'] }))
      .thenThrows({ kind: 'validation', field: 'coordinatingAgencies' });
  });

  it('refuses CR/LF in an assignee name and a malformed email (they reach email headers)', () => {
    taskSpec
      .given([])
      .when(assign({ assignee: { name: 'A\r\nBcc: x@evil.test', email: 'a@bca.gov.vn' } }))
      .thenThrows({ kind: 'validation', field: 'assignee.name' });
    taskSpec
      .given([])
      .when(assign({ assignee: { name: 'A', email: 'a at bca' } }))
      .thenThrows({ kind: 'validation', field: 'assignee.email' });
  });

  it('refuses a source document issued on an impossible date', () => {
    taskSpec
      .given([])
      .when(assign({ source: { kind: 'resolution', ref: '71/NQ-CP', issuedOn: '2025-02-30' } }))
      .thenThrows({ kind: 'validation', field: 'source.issuedOn' });
  });
});
