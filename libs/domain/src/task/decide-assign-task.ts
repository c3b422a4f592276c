import { DomainError } from '../shared/domain-error';
import { checkClarity } from './clarity';
import { AssignTask } from './task.commands';
import { TaskAssigned } from './task.events';
import { TaskState } from './task.state';

/** Assigns a new task (parsed by parseAssignTask). Clarity is reported, never enforced. */
export function decideAssignTask(command: AssignTask, state: TaskState): TaskAssigned[] {
  if (state.exists) throw DomainError.conflict('duplicate_task', `task ${state.code} already exists`);
  const d = command.data;
  return [{ type: 'TaskAssigned', data: { ...d, clarity: checkClarity({ ...d, deadline: d.deadline.expression }) } }];
}
