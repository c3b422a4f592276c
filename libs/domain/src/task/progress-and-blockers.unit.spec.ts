import { TASK_ID, assigned, cancelled, completed, taskSpec } from '../testing/task-fixtures';
import { TaskEvent } from './task.events';

const progress = (percent: number, note?: string) => ({ type: 'ReportProgress' as const, data: { percent, note } });
const raise = (blockerId: string) => ({ type: 'RaiseBlocker' as const, data: { blockerId, description: 'chưa có kinh phí' } });
const resolve = (blockerId: string) => ({ type: 'ResolveBlocker' as const, data: { blockerId, note: 'đã bố trí' } });
const raised = (blockerId: string): TaskEvent => ({
  type: 'BlockerRaised',
  data: { taskId: TASK_ID, blockerId, description: 'chưa có kinh phí' },
});
const resolved = (blockerId: string): TaskEvent => ({ type: 'BlockerResolved', data: { taskId: TASK_ID, blockerId, note: 'đã bố trí' } });
const done = completed('2026-01-20T10:00:00.000+07:00');

describe('ReportProgress', () => {
  it('reports progress on an open task', () => {
    taskSpec
      .given([assigned()])
      .when(progress(40, 'đã xong dự thảo'), { at: '2026-01-12T10:00:00+07:00' })
      .thenState((state, events) => {
        expect(events).toEqual([{ type: 'ProgressReported', data: { taskId: TASK_ID, percent: 40, note: 'đã xong dự thảo' } }]);
        expect(state.progress).toEqual({ percent: 40, note: 'đã xong dự thảo', at: '2026-01-12T03:00:00.000Z' });
      });
  });

  it.each([-1, 101, 12.5, Number.NaN])('refuses %p percent', (percent) => {
    taskSpec.given([assigned()]).when(progress(percent)).thenThrows({ kind: 'validation', field: 'percent' });
  });

  it('refuses a percent that is not a number', () => {
    taskSpec
      .given([assigned()])
      .when(progress('50' as never))
      .thenThrows({ kind: 'validation', field: 'percent' });
  });

  it('refuses progress on a completed or cancelled task', () => {
    taskSpec.given([assigned(), done]).when(progress(100)).thenThrows({ kind: 'conflict', code: 'invalid_transition' });
    taskSpec.given([assigned(), cancelled()]).when(progress(10)).thenThrows({ kind: 'conflict', code: 'invalid_transition' });
  });

  it('refuses progress dated before the task was assigned', () => {
    taskSpec
      .given([assigned()])
      .when(progress(10), { at: '2026-01-01T09:00:00+07:00' })
      .thenThrows({ kind: 'validation', field: 'occurredAt' });
  });
});

describe('blockers', () => {
  it('raises a blocker on an open task', () => {
    taskSpec
      .given([assigned()])
      .when(raise('b1'))
      .thenState((state, events) => {
        expect(events).toEqual([raised('b1')]);
        expect(state.blockers).toEqual([expect.objectContaining({ blockerId: 'b1', resolvedAt: null })]);
      });
  });

  it('refuses a blocker id used before', () => {
    taskSpec
      .given([assigned(), raised('b1')])
      .when(raise('b1'))
      .thenThrows({ kind: 'conflict', code: 'duplicate_blocker' });
  });

  it('refuses a blocker on a task that is not open', () => {
    taskSpec.given([assigned(), done]).when(raise('b1')).thenThrows({ kind: 'conflict', code: 'invalid_transition' });
  });

  it('resolves an open blocker', () => {
    taskSpec
      .given([assigned(), raised('b1')])
      .when(resolve('b1'), { at: '2026-01-14T08:00:00+07:00' })
      .thenState((state, events) => {
        expect(events).toEqual([resolved('b1')]);
        expect(state.blockers[0]).toMatchObject({ resolvedAt: '2026-01-14T01:00:00.000Z', resolutionNote: 'đã bố trí' });
      });
  });

  it('still resolves a left-over blocker after completion', () => {
    taskSpec
      .given([assigned(), raised('b1'), done])
      .when(resolve('b1'))
      .then([resolved('b1')]);
  });

  it('refuses to resolve an unknown blocker', () => {
    taskSpec.given([assigned()]).when(resolve('nope')).thenThrows({ kind: 'not_found' });
  });

  it('refuses to resolve a blocker twice', () => {
    taskSpec
      .given([assigned(), raised('b1'), resolved('b1')])
      .when(resolve('b1'))
      .thenThrows({ kind: 'conflict', code: 'invalid_transition' });
  });
});
