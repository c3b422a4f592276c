import { DomainError } from '../shared/domain-error';
import { ExtendDeadline, RefuseExtension, RequestExtension } from './task.commands';
import { DeadlineExtended, ExtensionRefused, ExtensionRequested, ResolvedDeadline } from './task.events';
import { invalidTransition, requireOpen } from './task.guards';
import { ExtensionRequestRecord, TaskState } from './task.state';

/**
 * An approved extension (domain-facts.md "Extensions": the Prime Minister or a Deputy PM decides,
 * the Government Office conveys it by official letter, its number is `decisionRef`). It replaces
 * the deadline in force; the original deadline and the extension count are kept.
 */
export function decideExtendDeadline(command: ExtendDeadline, state: TaskState): DeadlineExtended[] {
  const current = requireDeadline(state, 'extend the deadline of');
  const { newDeadline, reason, decisionRef, requestId } = command.data;
  const deadline = laterThan(current, newDeadline, 'newDeadline');
  if (requestId !== null) pendingRequest(state, requestId);
  return [
    { type: 'DeadlineExtended', data: { taskId: state.taskId as string, previous: current, deadline, reason, decisionRef, requestId } },
  ];
}

/** The lead agency asks in writing, with reasons, for a later deadline. */
export function decideRequestExtension(command: RequestExtension, state: TaskState): ExtensionRequested[] {
  const current = requireDeadline(state, 'request an extension for');
  const { requestId, proposedDeadline, reason } = command.data;
  const proposed = laterThan(current, proposedDeadline, 'proposedDeadline');
  if (state.extensionRequests.some((r) => r.requestId === requestId)) {
    throw DomainError.conflict('duplicate_request', `extension request ${requestId} already exists`);
  }
  return [{ type: 'ExtensionRequested', data: { taskId: state.taskId as string, requestId, proposed, reason } }];
}

/** A pending request refused with a reason; the task keeps its deadline. Refusing needs no open task: the request may outlive it. */
export function decideRefuseExtension(command: RefuseExtension, state: TaskState): ExtensionRefused[] {
  const { requestId, reason } = command.data;
  if (!state.extensionRequests.some((r) => r.requestId === requestId)) throw DomainError.notFound('extension request');
  pendingRequest(state, requestId);
  return [{ type: 'ExtensionRefused', data: { taskId: state.taskId as string, requestId, reason } }];
}

/** Only a pending request can be decided, and only once. */
function pendingRequest(state: TaskState, requestId: string): ExtensionRequestRecord {
  const request = state.extensionRequests.find((r) => r.requestId === requestId);
  if (!request) throw DomainError.invalid('requestId', `no extension request ${requestId} on this task`);
  if (request.status !== 'pending') throw invalidTransition(`extension request ${requestId} was already ${request.status}`);
  return request;
}

function requireDeadline(state: TaskState, action: string): ResolvedDeadline {
  requireOpen(state, action);
  if (!state.deadline?.due) throw invalidTransition(`cannot ${action} task ${state.code}: it is ongoing and has no deadline`);
  return state.deadline;
}

/** An extension only ever moves the deadline later. */
function laterThan(current: ResolvedDeadline, deadline: ResolvedDeadline, field: string): ResolvedDeadline {
  if (Date.parse(deadline.due as string) <= Date.parse(current.due as string)) {
    throw DomainError.invalid(field, `falls due ${deadline.due}, not after the deadline in force (${current.due})`);
  }
  return deadline;
}
