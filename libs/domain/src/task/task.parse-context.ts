import { DeadlineReading } from '../deadline/deadline-expression';
import { TaskContext } from './task.context';

/** What a parser needs besides the input: the calendar, time zone and reading that resolve deadlines. */
export type TaskParseContext = Pick<TaskContext, 'calendar' | 'timeZone'> & DeadlineReading;
