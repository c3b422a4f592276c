import { resolveDeadline } from '../deadline/resolve-deadline';
import { DomainError } from '../shared/domain-error';
import { FieldChecks } from '../shared/field-checks';
import { objectInput } from '../shared/object-input';
import { identifier, optionalText, requiredText } from '../shared/text';
import { deadlineText } from './parse-assign-task';
import { ExtendDeadline, RefuseExtension, RequestExtension } from './task.commands';
import { ResolvedDeadline } from './task.events';
import { TaskParseContext } from './task.parse-context';
import { PROSE } from './task.validation';

/** An approved extension: the new deadline resolved; whether it is later than the one in force is the decider's. */
export function parseExtendDeadline(input: unknown, ctx: TaskParseContext): ExtendDeadline {
  const d = objectInput(input);
  const checks = new FieldChecks();
  const newDeadline = checks.run(() => datedDeadline(d.newDeadline, ctx, 'newDeadline'));
  const reason = checks.run(() => requiredText(d.reason, 'reason', PROSE));
  const decisionRef = checks.run(() => optionalText(d.decisionRef, 'decisionRef', { max: 200 }));
  const requestId = checks.run(() => (d.requestId == null ? null : identifier(d.requestId, 'requestId')));
  checks.throwIfAny();
  return { type: 'ExtendDeadline', data: { newDeadline, reason, decisionRef, requestId } };
}

export function parseRequestExtension(input: unknown, ctx: TaskParseContext): RequestExtension {
  const d = objectInput(input);
  const checks = new FieldChecks();
  const requestId = checks.run(() => identifier(d.requestId, 'requestId'));
  const proposedDeadline = checks.run(() => datedDeadline(d.proposedDeadline, ctx, 'proposedDeadline'));
  const reason = checks.run(() => requiredText(d.reason, 'reason', PROSE));
  checks.throwIfAny();
  return { type: 'RequestExtension', data: { requestId, proposedDeadline, reason } };
}

/** A refusal names the request (from the path) and says why, for the agency to read. */
export function parseRefuseExtension(input: unknown): RefuseExtension {
  const d = objectInput(input);
  // The request is named by the path: one that cannot exist is not found (the decider's 404), not a bad field.
  const requestId = typeof d.requestId === 'string' ? d.requestId : '';
  return { type: 'RefuseExtension', data: { requestId, reason: requiredText(d.reason, 'reason', PROSE) } };
}

/** An extension moves a date: "ongoing" has none to move to. */
function datedDeadline(value: unknown, ctx: TaskParseContext, field: string): ResolvedDeadline {
  const deadline = resolveDeadline(deadlineText(value), ctx.calendar, ctx.timeZone, field, ctx);
  if (deadline.due === null) throw DomainError.invalid(field, 'must be a date, a month, a quarter or a year, not "ongoing"');
  return deadline;
}
