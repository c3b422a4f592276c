import { DateTime } from 'luxon';
import { DomainError } from '../shared/domain-error';
import { DEFAULT_TIME_ZONE, zoneOf } from '../shared/time';
import { TaskState, isOpen } from './task.state';

export function requireTask(state: TaskState): void {
  if (!state.exists) throw DomainError.notFound('task');
}

/** Work commands need an open task: not completed (reopen it first) and not cancelled. */
export function requireOpen(state: TaskState, action: string): void {
  requireTask(state);
  if (isOpen(state)) return;
  if (state.cancelled) throw invalidTransition(`cannot ${action} task ${state.code}: it was cancelled`);
  throw invalidTransition(`cannot ${action} task ${state.code}: it is completed (reopen it first)`);
}

/** A command cannot take effect, in business time, before the task was assigned. */
export function requireNotBeforeAssignment(state: TaskState, at: Date, field: string): void {
  if (state.assignedAt !== null && at.getTime() < Date.parse(state.assignedAt)) {
    // as people read times: day and hour in the deadline zone, not an instant in UTC
    const assigned = DateTime.fromISO(state.assignedAt, { zone: zoneOf(DEFAULT_TIME_ZONE) }).toFormat('dd/MM/yyyy HH:mm');
    throw DomainError.invalid(field, `is before the task was assigned (${assigned})`);
  }
}

export function invalidTransition(message: string): DomainError {
  return DomainError.conflict('invalid_transition', message);
}
