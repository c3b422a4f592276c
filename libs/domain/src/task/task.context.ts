import { WorkingDays } from '../calendar/calendar.types';

/** What a task command is decided against, besides the task's state. */
export interface TaskContext {
  /** business time of the command (its occurredAt; for CompleteTask, the completion time) */
  at: Date;
  calendar: WorkingDays;
  /** where a deadline's day ends, e.g. Asia/Ho_Chi_Minh */
  timeZone: string;
  /** record time of the command (the clock's now); completions earlier than it by more than a working day are backdated */
  recordedAt?: Date;
}
