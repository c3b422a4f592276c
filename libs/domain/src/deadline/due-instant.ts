import { ResolvedDeadline } from '../task/task.events';

/** The instant a resolved deadline falls due, or null for an ongoing task. */
export function dueInstant(deadline: ResolvedDeadline | null): Date | null {
  return deadline?.due ? new Date(deadline.due) : null;
}
