import { TASK_ID, assigned, completed, reopened, taskSpec } from '../testing/task-fixtures';
import { DeadlineExtended } from './task.events';
import { openBlockers } from './task.state';

const extendTo = (expression: string, due: string, previous = assigned().data.deadline): DeadlineExtended => ({
  type: 'DeadlineExtended',
  data: {
    taskId: TASK_ID,
    previous,
    deadline: { expression, lastDay: expression, due, adjusted: false },
    reason: 'r',
    decisionRef: null,
    requestId: null,
  },
});

describe('evolveTask', () => {
  it('folds a whole history: original deadline, extension count, reopenings and version kept', () => {
    const first = extendTo('2026-02-10', '2026-02-10T23:59:59.999+07:00');
    const second = extendTo('2026-03-10', '2026-03-10T23:59:59.999+07:00', first.data.deadline);
    const { state } = taskSpec.given([
      { event: assigned(), at: '2026-01-05T09:00:00+07:00' },
      { event: first, at: '2026-01-25T09:00:00+07:00' },
      { event: second, at: '2026-02-08T09:00:00+07:00' },
      { event: { type: 'BlockerRaised', data: { taskId: TASK_ID, blockerId: 'b1', description: 'd' } }, at: '2026-02-09T09:00:00+07:00' },
      { event: completed('2026-03-01T10:00:00.000+07:00', true, '2026-03-10T23:59:59.999+07:00'), at: '2026-03-01T10:00:00+07:00' },
      { event: reopened(), at: '2026-03-02T10:00:00+07:00' },
    ]);
    expect(state.originalDeadline?.due).toBe('2026-01-30T23:59:59.999+07:00');
    expect(state.deadline?.due).toBe('2026-03-10T23:59:59.999+07:00');
    expect(state.extensions.map((e) => e.at)).toEqual(['2026-01-25T02:00:00.000Z', '2026-02-08T02:00:00.000Z']);
    expect(state.reopenings).toBe(1);
    expect(state.completedAt).toBeNull();
    expect(openBlockers(state).map((b) => b.blockerId)).toEqual(['b1']);
    expect(state.version).toBe(6);
  });

  it('stores the completion time as a UTC instant', () => {
    const { state } = taskSpec.given([assigned(), completed('2026-01-20T10:00:00.000+07:00')]);
    expect(state.completedAt).toBe('2026-01-20T03:00:00.000Z');
  });
});
