import { decideAssignTask } from './decide-assign-task';
import { decideAddComment } from './comments';
import { decideAddAttachment } from './attachments';
import { decideAcceptCompletion, decideReportCompletion, decideReturnCompletion } from './completion-confirmation';
import { decideExtendDeadline, decideRefuseExtension, decideRequestExtension } from './decide-deadline-change';
import { decideCancelTask, decideCompleteTask, decideReassignTask, decideReopenTask } from './decide-lifecycle';
import { decideRaiseBlocker, decideReportProgress, decideResolveBlocker } from './decide-progress';
import { TaskCommand } from './task.commands';
import { TaskContext } from './task.context';
import { TaskEvent } from './task.events';
import { requireNotBeforeAssignment, requireTask } from './task.guards';
import { TaskState } from './task.state';

/**
 * The task decider: the events a parsed command (parse-task-command.ts) produces against the
 * task's state, or a DomainError (404 unknown task, 409 invalid transition or duplicate, 400 when
 * a well-formed value does not fit the state, such as a deadline not after the one in force). Pure.
 */
export function decideTask(command: TaskCommand, state: TaskState, ctx: TaskContext): TaskEvent[] {
  if (command.type !== 'AssignTask') {
    requireTask(state);
    requireNotBeforeAssignment(
      state,
      ctx.at,
      command.type === 'CompleteTask' || command.type === 'ReportCompletion' ? 'completedAt' : 'occurredAt',
    );
  }
  switch (command.type) {
    case 'AssignTask':
      return decideAssignTask(command, state);
    case 'ExtendDeadline':
      return decideExtendDeadline(command, state);
    case 'RequestExtension':
      return decideRequestExtension(command, state);
    case 'RefuseExtension':
      return decideRefuseExtension(command, state);
    case 'ReportProgress':
      return decideReportProgress(command, state);
    case 'RaiseBlocker':
      return decideRaiseBlocker(command, state);
    case 'ResolveBlocker':
      return decideResolveBlocker(command, state);
    case 'CompleteTask':
      return decideCompleteTask(command, state, ctx);
    case 'ReportCompletion':
      return decideReportCompletion(command, state, ctx);
    case 'AcceptCompletion':
      return decideAcceptCompletion(command, state);
    case 'ReturnCompletion':
      return decideReturnCompletion(command, state);
    case 'AddComment':
      return decideAddComment(command, state);
    case 'AddAttachment':
      return decideAddAttachment(command, state);
    case 'ReopenTask':
      return decideReopenTask(command, state);
    case 'ReassignTask':
      return decideReassignTask(command, state);
    case 'CancelTask':
      return decideCancelTask(command, state);
  }
}
