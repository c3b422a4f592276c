import { DomainError } from '../shared/domain-error';
import { RaiseBlocker, ReportProgress, ResolveBlocker } from './task.commands';
import { BlockerRaised, BlockerResolved, ProgressReported } from './task.events';
import { invalidTransition, requireOpen, requireTask } from './task.guards';
import { TaskState } from './task.state';

export function decideReportProgress(command: ReportProgress, state: TaskState): ProgressReported[] {
  requireOpen(state, 'report progress on');
  const { percent, note } = command.data;
  return [{ type: 'ProgressReported', data: { taskId: state.taskId as string, percent, note } }];
}

export function decideRaiseBlocker(command: RaiseBlocker, state: TaskState): BlockerRaised[] {
  requireOpen(state, 'raise a blocker on');
  const { blockerId, description } = command.data;
  if (state.blockers.some((b) => b.blockerId === blockerId)) {
    throw DomainError.conflict('duplicate_blocker', `blocker ${blockerId} already exists`);
  }
  return [{ type: 'BlockerRaised', data: { taskId: state.taskId as string, blockerId, description } }];
}

/** Allowed on a completed or cancelled task too, so a left-over blocker can still be closed. */
export function decideResolveBlocker(command: ResolveBlocker, state: TaskState): BlockerResolved[] {
  requireTask(state);
  const blocker = state.blockers.find((b) => b.blockerId === command.data.blockerId);
  if (!blocker) throw DomainError.notFound('blocker');
  if (blocker.resolvedAt !== null) throw invalidTransition(`blocker ${blocker.blockerId} was already resolved`);
  return [{ type: 'BlockerResolved', data: { taskId: state.taskId as string, blockerId: blocker.blockerId, note: command.data.note } }];
}
