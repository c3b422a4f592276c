import { parseAssignTask } from './parse-assign-task';
import { parseAddComment } from './comments';
import { parseAddAttachment } from './attachments';
import { parseAcceptCompletion, parseReportCompletion, parseReturnCompletion } from './completion-confirmation';
import { parseExtendDeadline, parseRefuseExtension, parseRequestExtension } from './parse-deadline-change';
import { parseCancelTask, parseCompleteTask, parseReassignTask, parseReopenTask } from './parse-lifecycle';
import { parseRaiseBlocker, parseReportProgress, parseResolveBlocker } from './parse-progress';
import { TaskCommand } from './task.commands';
import { TaskParseContext } from './task.parse-context';

/** One parser per task command, by type: the door's way from input to a typed command. */
export const TASK_COMMAND_PARSERS: {
  [T in TaskCommand['type']]: (input: unknown, ctx: TaskParseContext) => Extract<TaskCommand, { type: T }>;
} = {
  AssignTask: parseAssignTask,
  ExtendDeadline: parseExtendDeadline,
  RequestExtension: parseRequestExtension,
  RefuseExtension: parseRefuseExtension,
  ReportProgress: parseReportProgress,
  RaiseBlocker: parseRaiseBlocker,
  ResolveBlocker: parseResolveBlocker,
  CompleteTask: parseCompleteTask,
  AddComment: parseAddComment,
  AddAttachment: parseAddAttachment,
  ReportCompletion: parseReportCompletion,
  AcceptCompletion: parseAcceptCompletion,
  ReturnCompletion: parseReturnCompletion,
  ReopenTask: parseReopenTask,
  ReassignTask: parseReassignTask,
  CancelTask: parseCancelTask,
};

export function parseTaskCommand<T extends TaskCommand['type']>(
  type: T,
  input: unknown,
  ctx: TaskParseContext,
): Extract<TaskCommand, { type: T }> {
  return TASK_COMMAND_PARSERS[type](input, ctx);
}
