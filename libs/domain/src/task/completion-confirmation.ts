import { localDay } from '../shared/time';
import { objectInput } from '../shared/object-input';
import { optionalText, requiredText } from '../shared/text';
import { WorkingDays } from '../calendar/calendar.types';
import { formatInZone } from '../shared/time';
import { parseCompleteTask } from './parse-lifecycle';
import { AcceptCompletion, ReportCompletion, ReturnCompletion } from './task.commands';
import { TaskContext } from './task.context';
import { CompletionReported, CompletionReturned, TaskCompleted } from './task.events';
import { invalidTransition, requireOpen } from './task.guards';
import { CompletionReportRecord, TaskState } from './task.state';
import { PROSE } from './task.validation';

/**
 * Completion as the Government counts it (domain-facts.md "Completion is confirmed"): an agency
 * officer's completion is a report; until a coordinator accepts it the task counts by its deadline
 * (in progress or overdue); accepted, it is on time or late by the reported completion date.
 */

export function parseReportCompletion(input: unknown): ReportCompletion {
  return { type: 'ReportCompletion', data: parseCompleteTask(input).data };
}

export function parseAcceptCompletion(input: unknown): AcceptCompletion {
  return { type: 'AcceptCompletion', data: { note: optionalText(objectInput(input).note, 'note', PROSE) } };
}

export function parseReturnCompletion(input: unknown): ReturnCompletion {
  return { type: 'ReturnCompletion', data: { reason: requiredText(objectInput(input).reason, 'reason', PROSE) } };
}

/** The completion day is earlier than the recording day by more than one working day. */
export function isBackdated(completedAt: Date, recordedAt: Date, calendar: WorkingDays, timeZone: string): boolean {
  return calendar.addWorkingDays(localDay(completedAt, timeZone), 1) < localDay(recordedAt, timeZone);
}

export function decideReportCompletion(command: ReportCompletion, state: TaskState, ctx: TaskContext): CompletionReported[] {
  requireOpen(state, 'report completion of');
  if (state.completionReport?.status === 'reported') {
    throw invalidTransition(`task ${state.code} already has a completion report awaiting confirmation`);
  }
  const recordedAt = ctx.recordedAt ?? ctx.at;
  const { deliverableRef, note } = command.data;
  return [
    {
      type: 'CompletionReported',
      data: {
        taskId: state.taskId as string,
        completedAt: formatInZone(ctx.at, ctx.timeZone),
        reportedAt: formatInZone(recordedAt, ctx.timeZone),
        deliverableRef,
        ...(command.data.deliverableIssuedOn ? { deliverableIssuedOn: command.data.deliverableIssuedOn } : {}),
        note,
        backdated: isBackdated(ctx.at, recordedAt, ctx.calendar, ctx.timeZone),
      },
    },
  ];
}

/** Accepted: the task completes at the reported date, judged against the deadline in force. */
export function decideAcceptCompletion(command: AcceptCompletion, state: TaskState): TaskCompleted[] {
  const report = awaiting(state, 'accept the completion of');
  const dueAtCompletion = state.deadline?.due ?? null;
  const onTime = dueAtCompletion === null ? null : Date.parse(report.completedAt) <= Date.parse(dueAtCompletion);
  return [
    {
      type: 'TaskCompleted',
      data: {
        taskId: state.taskId as string,
        completedAt: report.completedAt,
        deliverableRef: report.deliverableRef,
        ...(report.deliverableIssuedOn ? { deliverableIssuedOn: report.deliverableIssuedOn } : {}),
        note: report.note,
        dueAtCompletion,
        onTime,
        reportedAt: report.reportedAt,
        backdated: report.backdated,
        acceptanceNote: command.data.note,
        accepted: true,
      },
    },
  ];
}

export function decideReturnCompletion(command: ReturnCompletion, state: TaskState): CompletionReturned[] {
  awaiting(state, 'return the completion of');
  return [{ type: 'CompletionReturned', data: { taskId: state.taskId as string, reason: command.data.reason } }];
}

function awaiting(state: TaskState, action: string): CompletionReportRecord {
  requireOpen(state, action);
  const report = state.completionReport;
  if (report?.status !== 'reported')
    throw invalidTransition(`cannot ${action} task ${state.code}: no completion report awaits confirmation`);
  return report;
}
