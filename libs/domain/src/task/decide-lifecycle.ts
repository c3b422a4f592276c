import { DomainError } from '../shared/domain-error';
import { formatInZone } from '../shared/time';
import { CancelTask, CompleteTask, ReassignTask, ReopenTask } from './task.commands';
import { TaskContext } from './task.context';
import { TaskCancelled, TaskCompleted, TaskReassigned, TaskReopened } from './task.events';
import { invalidTransition, requireOpen, requireTask } from './task.guards';
import { TaskState } from './task.state';
import { isBackdated } from './completion-confirmation';

/**
 * Completion at ctx.at. On time iff completed by the deadline in force at that moment
 * (after any extension); Decision 42/2014/QĐ-TTg counts completed tasks as on time / late.
 * An ongoing task (nhiệm vụ thường xuyên) has no verdict: onTime null.
 */
export function decideCompleteTask(command: CompleteTask, state: TaskState, ctx: TaskContext): TaskCompleted[] {
  requireOpen(state, 'complete');
  const { deliverableRef, note } = command.data;
  const issued = command.data.deliverableIssuedOn ? { deliverableIssuedOn: command.data.deliverableIssuedOn } : {};
  const dueAtCompletion = state.deadline?.due ?? null;
  const onTime = dueAtCompletion === null ? null : ctx.at.getTime() <= Date.parse(dueAtCompletion);
  const completedAt = formatInZone(ctx.at, ctx.timeZone);
  const recordedAt = ctx.recordedAt ?? ctx.at;
  const reportedAt = formatInZone(recordedAt, ctx.timeZone);
  const backdated = isBackdated(ctx.at, recordedAt, ctx.calendar, ctx.timeZone);
  return [
    {
      type: 'TaskCompleted',
      data: {
        taskId: state.taskId as string,
        completedAt,
        deliverableRef,
        ...issued,
        note,
        dueAtCompletion,
        onTime,
        reportedAt,
        backdated,
      },
    },
  ];
}

export function decideReopenTask(command: ReopenTask, state: TaskState): TaskReopened[] {
  requireTask(state);
  if (state.cancelled) throw invalidTransition(`cannot reopen task ${state.code}: it was cancelled`);
  if (state.completedAt === null) throw invalidTransition(`cannot reopen task ${state.code}: it is not completed`);
  return [{ type: 'TaskReopened', data: { taskId: state.taskId as string, reason: command.data.reason } }];
}

export function decideReassignTask(command: ReassignTask, state: TaskState): TaskReassigned[] {
  requireOpen(state, 'reassign');
  const { leadAgency, assignee, reason } = command.data;
  if (leadAgency === state.leadAgency) throw DomainError.invalid('leadAgency', `the task is already led by ${leadAgency}`);
  return [
    {
      type: 'TaskReassigned',
      data: { taskId: state.taskId as string, fromAgency: state.leadAgency as string, leadAgency, assignee, reason },
    },
  ];
}

/** Only open tasks: a completed task is reopened first, so its completion is never erased silently. */
export function decideCancelTask(command: CancelTask, state: TaskState): TaskCancelled[] {
  requireOpen(state, 'cancel');
  return [{ type: 'TaskCancelled', data: { taskId: state.taskId as string, reason: command.data.reason } }];
}
