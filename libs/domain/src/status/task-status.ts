import { daysBetween } from '../shared/calendar-day';
import { DomainError } from '../shared/domain-error';
import { DEFAULT_TIME_ZONE, localDay } from '../shared/time';
import { TaskState } from '../task/task.state';

export { isOpen } from '../task/task.state';

/** The statuses reports count (api.md "Status values"). */
export type TaskStatus = 'on_track' | 'due_soon' | 'overdue' | 'completed_on_time' | 'completed_late' | 'cancelled' | 'ongoing';

export const TASK_STATUSES: TaskStatus[] = [
  'on_track',
  'due_soon',
  'overdue',
  'completed_on_time',
  'completed_late',
  'cancelled',
  'ongoing',
];

export interface StatusOptions {
  /** "likely late": due within this many calendar days (counted in `timeZone`) */
  dueSoonDays: number;
  timeZone?: string;
}

/**
 * A task's status at `now`, as the Government Office counts tasks (Decision 42/2014/QĐ-TTg,
 * amended by 23/2018/QĐ-TTg): completed on time / late, not completed within deadline / overdue;
 * recurring tasks (nhiệm vụ thường xuyên) apart as `ongoing`.
 * 1. cancelled;
 * 2. completed: on time iff completed by the deadline in force at completion (an extension
 *    approved before completion counts; an ongoing task completed is on time);
 * 3. no deadline: ongoing;
 * 4. now after the due instant: overdue;
 * 5. due day at most `dueSoonDays` calendar days after today: due_soon; else on_track.
 */
export function taskStatus(state: TaskState, now: Date, opts: StatusOptions = { dueSoonDays: 7 }): TaskStatus {
  if (!state.exists) throw DomainError.notFound('task');
  if (state.cancelled) return 'cancelled';
  if (state.completedAt !== null) {
    const due = state.completion?.dueAtCompletion ?? null;
    return due === null || Date.parse(state.completedAt) <= Date.parse(due) ? 'completed_on_time' : 'completed_late';
  }
  const due = state.deadline?.due ?? null;
  if (due === null) return 'ongoing';
  if (now.getTime() > Date.parse(due)) return 'overdue';
  const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
  const daysLeft = daysBetween(localDay(now, timeZone), localDay(new Date(due), timeZone));
  return daysLeft <= opts.dueSoonDays ? 'due_soon' : 'on_track';
}
