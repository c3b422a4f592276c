import { resolveDeadline } from '../deadline/resolve-deadline';
import { DomainError } from '../shared/domain-error';
import { FieldChecks } from '../shared/field-checks';
import { identifier, optionalText, requiredText } from '../shared/text';
import { ExtendDeadline, RequestExtension } from './task.commands';
import { TaskContext } from './task.context';
import { DeadlineExtended, ExtensionRequested, ResolvedDeadline } from './task.events';
import { invalidTransition, requireOpen } from './task.guards';
import { TaskState } from './task.state';
import { PROSE } from './task.validation';

/**
 * An approved extension (domain-facts.md "Extensions": the Prime Minister or a Deputy PM decides,
 * the Government Office conveys it by official letter, its number is `decisionRef`). It replaces
 * the deadline in force; the original deadline and the extension count are kept.
 */
export function decideExtendDeadline(command: ExtendDeadline, state: TaskState, ctx: TaskContext): DeadlineExtended[] {
  const current = requireDeadline(state, 'extend the deadline of');
  const d = command.data;
  const checks = new FieldChecks();
  const deadline = checks.run(() => laterDeadline(d.newDeadline, current, ctx, 'newDeadline'));
  const reason = checks.run(() => requiredText(d.reason, 'reason', PROSE));
  const decisionRef = checks.run(() => optionalText(d.decisionRef, 'decisionRef', { max: 200 }));
  const requestId = checks.run(() => (d.requestId == null ? null : identifier(d.requestId, 'requestId')));
  checks.throwIfAny();
  if (requestId !== null) {
    const request = state.extensionRequests.find((r) => r.requestId === requestId);
    if (!request) throw DomainError.invalid('requestId', `no extension request ${requestId} on this task`);
    if (request.status === 'approved') throw invalidTransition(`extension request ${requestId} was already approved`);
  }
  return [
    { type: 'DeadlineExtended', data: { taskId: state.taskId as string, previous: current, deadline, reason, decisionRef, requestId } },
  ];
}

/** The lead agency asks in writing, with reasons, for a later deadline. */
export function decideRequestExtension(command: RequestExtension, state: TaskState, ctx: TaskContext): ExtensionRequested[] {
  const current = requireDeadline(state, 'request an extension for');
  const d = command.data;
  const checks = new FieldChecks();
  const requestId = checks.run(() => identifier(d.requestId, 'requestId'));
  const proposed = checks.run(() => laterDeadline(d.proposedDeadline, current, ctx, 'proposedDeadline'));
  const reason = checks.run(() => requiredText(d.reason, 'reason', PROSE));
  checks.throwIfAny();
  if (state.extensionRequests.some((r) => r.requestId === requestId)) {
    throw DomainError.conflict('duplicate_request', `extension request ${requestId} already exists`);
  }
  return [{ type: 'ExtensionRequested', data: { taskId: state.taskId as string, requestId, proposed, reason } }];
}

function requireDeadline(state: TaskState, action: string): ResolvedDeadline {
  requireOpen(state, action);
  if (!state.deadline?.due) throw invalidTransition(`cannot ${action} task ${state.code}: it is ongoing and has no deadline`);
  return state.deadline;
}

function laterDeadline(expr: string, current: ResolvedDeadline, ctx: TaskContext, field: string): ResolvedDeadline {
  const deadline = resolveDeadline(expr, ctx.calendar, ctx.timeZone, field);
  if (deadline.due === null) throw DomainError.invalid(field, 'must be a date, a month, a quarter or a year, not "ongoing"');
  if (Date.parse(deadline.due) <= Date.parse(current.due as string)) {
    throw DomainError.invalid(field, `falls due ${deadline.due}, not after the deadline in force (${current.due})`);
  }
  return deadline;
}
