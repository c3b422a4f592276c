import { TaskState, daysBetween, localDay, riskInputs, taskStatus } from '@app/domain';
import type { BlockerFact, StatusRules, TaskFact } from './report.types';

/**
 * A task's report facts at `at`, from its state folded over the events that qualify (occurred
 * by asOf, recorded by knownAt). The status is the domain's taskStatus with the clock at `at`.
 */
export function taskFact(state: TaskState, at: Date, rules: StatusRules): TaskFact {
  const status = taskStatus(state, at, rules);
  const dueText =
    state.completedAt !== null ? (state.completion?.dueAtCompletion ?? state.deadline?.due ?? null) : (state.deadline?.due ?? null);
  const due = dueText ? new Date(dueText) : null;
  const completedAt = state.completedAt ? new Date(state.completedAt) : null;
  let daysLate: number | null = null;
  if (status === 'completed_late' && due && completedAt) daysLate = lateDays(due, completedAt, rules.timeZone);
  if (status === 'overdue' && due) daysLate = lateDays(due, at, rules.timeZone);
  return {
    taskId: state.taskId as string,
    code: state.code as string,
    leadAgency: state.leadAgency as string,
    sourceRef: state.source?.ref ?? null,
    assignedAt: new Date(state.assignedAt as string),
    status,
    due,
    lastDay: state.deadline?.lastDay ?? null,
    originalDue: state.originalDeadline?.due ? new Date(state.originalDeadline.due) : null,
    extensions: state.extensions.length,
    completedAt,
    onTime: state.completion?.onTime ?? null,
    daysLate,
    recurring: (state.deadline?.due ?? null) === null,
    riskInputs: riskInputs(state, at, rules),
    awaitingConfirmation: state.completionReport?.status === 'reported',
  };
}

/** The task's blockers as they stood (raised and resolved by the events that qualify). */
export function blockerFacts(state: TaskState, at: Date, rules: StatusRules): BlockerFact[] {
  if (state.blockers.length === 0) return [];
  const status = taskStatus(state, at, rules);
  return state.blockers.map((b) => ({
    taskId: state.taskId as string,
    taskCode: state.code as string,
    leadAgency: state.leadAgency as string,
    taskStatus: status,
    blockerId: b.blockerId,
    description: b.description,
    raisedAt: new Date(b.raisedAt),
    resolvedAt: b.resolvedAt ? new Date(b.resolvedAt) : null,
  }));
}

/** Calendar days from the due day to `later`'s day, in the deadline zone. */
export function lateDays(due: Date, later: Date, timeZone: string): number {
  return daysBetween(localDay(due, timeZone), localDay(later, timeZone));
}
