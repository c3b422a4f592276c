import { isCalendarDay } from '../shared/calendar-day';
import { DomainError } from '../shared/domain-error';
import { FieldChecks } from '../shared/field-checks';
import { objectInput } from '../shared/object-input';
import { optionalText, requiredText } from '../shared/text';
import { CancelTask, CompleteTask, ReassignTask, ReopenTask } from './task.commands';
import { PROSE, agencyCode, optionalPerson } from './task.validation';

/** The completion time is the command's business time, parsed with the request's other times. */
export function parseCompleteTask(input: unknown): CompleteTask {
  const d = objectInput(input);
  const checks = new FieldChecks();
  const deliverableRef = checks.run(() => optionalText(d.deliverableRef, 'deliverableRef'));
  const deliverableIssuedOn = checks.run(() => {
    const day = optionalText(d.deliverableIssuedOn, 'deliverableIssuedOn', { max: 10 });
    if (day !== null && !isCalendarDay(day)) throw DomainError.invalid('deliverableIssuedOn', 'must be a date YYYY-MM-DD');
    return day;
  });
  const note = checks.run(() => optionalText(d.note, 'note', PROSE));
  checks.throwIfAny();
  return { type: 'CompleteTask', data: { deliverableRef, ...(deliverableIssuedOn ? { deliverableIssuedOn } : {}), note } };
}

export function parseReopenTask(input: unknown): ReopenTask {
  return { type: 'ReopenTask', data: { reason: requiredText(objectInput(input).reason, 'reason', PROSE) } };
}

export function parseReassignTask(input: unknown): ReassignTask {
  const d = objectInput(input);
  const checks = new FieldChecks();
  const leadAgency = checks.run(() => agencyCode(d.leadAgency, 'leadAgency'));
  const assignee = checks.run(() => optionalPerson(d.assignee, 'assignee'));
  const reason = checks.run(() => requiredText(d.reason, 'reason', PROSE));
  checks.throwIfAny();
  return { type: 'ReassignTask', data: { leadAgency, assignee, reason } };
}

export function parseCancelTask(input: unknown): CancelTask {
  return { type: 'CancelTask', data: { reason: requiredText(objectInput(input).reason, 'reason', PROSE) } };
}
