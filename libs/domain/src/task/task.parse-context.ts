import { TaskContext } from './task.context';

/** What a parser needs besides the input: the calendar and time zone that resolve deadlines. */
export type TaskParseContext = Pick<TaskContext, 'calendar' | 'timeZone'>;
