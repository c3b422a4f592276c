import { TASK_ID, assigned, cancelled, completed, extendedToFeb10, ongoingAssigned, reopened, taskSpec } from '../testing/task-fixtures';
import { hanoi } from '../testing/official-calendar';
import { TaskEvent } from '../task/task.events';
import { initialTaskState } from '../task/task.state';
import { isOpen, taskStatus } from './task-status';

// The default task falls due at the end of Friday 2026-01-30 (Asia/Ho_Chi_Minh).
const stateOf = (...events: TaskEvent[]) => taskSpec.given(events).state;

describe('taskStatus', () => {
  it('is on track more than seven calendar days before the due day', () => {
    expect(taskStatus(stateOf(assigned()), hanoi('2026-01-22T23:59'))).toBe('on_track');
  });

  it('is due soon from seven calendar days before the due day', () => {
    expect(taskStatus(stateOf(assigned()), hanoi('2026-01-23T00:00'))).toBe('due_soon');
    expect(taskStatus(stateOf(assigned()), hanoi('2026-01-30T23:59'))).toBe('due_soon');
  });

  it('takes the due-soon threshold as an option', () => {
    expect(taskStatus(stateOf(assigned()), hanoi('2026-01-23T00:00'), { dueSoonDays: 3 })).toBe('on_track');
    expect(taskStatus(stateOf(assigned()), hanoi('2026-01-27T00:00'), { dueSoonDays: 3 })).toBe('due_soon');
  });

  it('is overdue from the first instant after the end of the due day', () => {
    expect(taskStatus(stateOf(assigned()), new Date('2026-01-30T23:59:59.999+07:00'))).toBe('due_soon');
    expect(taskStatus(stateOf(assigned()), hanoi('2026-01-31T00:00'))).toBe('overdue');
  });

  it('follows the deadline in force after an extension, not the original one', () => {
    expect(taskStatus(stateOf(assigned()), hanoi('2026-01-31T09:00'))).toBe('overdue');
    expect(taskStatus(stateOf(assigned(), extendedToFeb10), hanoi('2026-01-31T09:00'))).toBe('on_track');
    expect(taskStatus(stateOf(assigned(), extendedToFeb10), hanoi('2026-02-03T09:00'))).toBe('due_soon');
  });

  it('is completed on time when completed by the deadline in force at completion, after an extension', () => {
    const late = completed('2026-02-05T10:00:00.000+07:00', true, '2026-02-10T23:59:59.999+07:00');
    expect(taskStatus(stateOf(assigned(), extendedToFeb10, late), hanoi('2026-03-01T00:00'))).toBe('completed_on_time');
  });

  it('is completed late when completed after the deadline in force', () => {
    const late = completed('2026-02-02T08:00:00.000+07:00', false);
    expect(taskStatus(stateOf(assigned(), late), hanoi('2026-01-25T00:00'))).toBe('completed_late');
  });

  it('counts an ongoing task that is completed as completed on time', () => {
    const done: TaskEvent = {
      type: 'TaskCompleted',
      data: {
        taskId: TASK_ID,
        completedAt: '2026-06-01T10:00:00.000+07:00',
        deliverableRef: null,
        note: null,
        dueAtCompletion: null,
        onTime: null,
      },
    };
    expect(taskStatus(stateOf(ongoingAssigned(), done), hanoi('2026-07-01T00:00'))).toBe('completed_on_time');
  });

  it('is ongoing for a recurring task with no deadline (excluded from on-time counts, Decision 42/2014/QĐ-TTg)', () => {
    expect(taskStatus(stateOf(ongoingAssigned()), hanoi('2030-01-01T00:00'))).toBe('ongoing');
  });

  it('is cancelled whatever the deadline', () => {
    expect(taskStatus(stateOf(assigned(), cancelled()), hanoi('2026-03-01T00:00'))).toBe('cancelled');
  });

  it('judges a reopened task against its deadline again', () => {
    const state = stateOf(assigned(), completed('2026-01-20T10:00:00.000+07:00'), reopened());
    expect(taskStatus(state, hanoi('2026-02-01T00:00'))).toBe('overdue');
  });

  it('refuses a task that does not exist', () => {
    expect(() => taskStatus(initialTaskState(), hanoi('2026-01-01T00:00'))).toThrow(/task not found/);
  });
});

describe('isOpen', () => {
  it('is true for an assigned task that is neither completed nor cancelled', () => {
    expect(isOpen(stateOf(assigned()))).toBe(true);
    expect(isOpen(stateOf(assigned(), completed('2026-01-20T10:00:00.000+07:00')))).toBe(false);
    expect(isOpen(stateOf(assigned(), completed('2026-01-20T10:00:00.000+07:00'), reopened()))).toBe(true);
    expect(isOpen(stateOf(assigned(), cancelled()))).toBe(false);
    expect(isOpen(initialTaskState())).toBe(false);
  });
});
