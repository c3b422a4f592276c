import { DomainError } from '../shared/domain-error';
import { FieldChecks } from '../shared/field-checks';
import { identifier, optionalText, requiredText } from '../shared/text';
import { RaiseBlocker, ReportProgress, ResolveBlocker } from './task.commands';
import { BlockerRaised, BlockerResolved, ProgressReported } from './task.events';
import { invalidTransition, requireOpen, requireTask } from './task.guards';
import { TaskState } from './task.state';
import { PROSE } from './task.validation';

export function decideReportProgress(command: ReportProgress, state: TaskState): ProgressReported[] {
  requireOpen(state, 'report progress on');
  const { percent } = command.data;
  const checks = new FieldChecks();
  checks.run(() => {
    if (typeof percent !== 'number' || !Number.isInteger(percent) || percent < 0 || percent > 100) {
      throw DomainError.invalid('percent', 'must be a whole number from 0 to 100');
    }
  });
  const note = checks.run(() => optionalText(command.data.note, 'note', PROSE));
  checks.throwIfAny();
  return [{ type: 'ProgressReported', data: { taskId: state.taskId as string, percent, note } }];
}

export function decideRaiseBlocker(command: RaiseBlocker, state: TaskState): BlockerRaised[] {
  requireOpen(state, 'raise a blocker on');
  const checks = new FieldChecks();
  const blockerId = checks.run(() => identifier(command.data.blockerId, 'blockerId'));
  const description = checks.run(() => requiredText(command.data.description, 'description', PROSE));
  checks.throwIfAny();
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
  const note = optionalText(command.data.note, 'note', PROSE);
  return [{ type: 'BlockerResolved', data: { taskId: state.taskId as string, blockerId: blocker.blockerId, note } }];
}
