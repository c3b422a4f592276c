import { resolveDeadline } from '../deadline/resolve-deadline';
import { DomainError } from '../shared/domain-error';
import { FieldChecks } from '../shared/field-checks';
import { LIST_LIMITS, boundedList } from '../shared/limits';
import { identifier, optionalText, requiredText } from '../shared/text';
import { checkClarity } from './clarity';
import { AssignTask } from './task.commands';
import { TaskContext } from './task.context';
import { TaskAssigned } from './task.events';
import { TaskState } from './task.state';
import { PROSE, agencyCode, optionalPerson, optionalSource, priority, taskCode } from './task.validation';

/** Assigns a new task; every invalid field is reported at once. Clarity is reported, never enforced. */
export function decideAssignTask(command: AssignTask, state: TaskState, ctx: TaskContext): TaskAssigned[] {
  if (state.exists) throw DomainError.conflict('duplicate_task', `task ${state.code} already exists`);
  const d = command.data;
  const checks = new FieldChecks();
  const leadAgency = checks.run(() => agencyCode(d.leadAgency, 'leadAgency'));
  const data: TaskAssigned['data'] = {
    taskId: checks.run(() => identifier(d.taskId, 'taskId')),
    code: checks.run(() => taskCode(d.code, 'code')),
    title: checks.run(() => requiredText(d.title, 'title')),
    description: checks.run(() => optionalText(d.description, 'description', PROSE)),
    source: checks.run(() => optionalSource(d.source, 'source')),
    leadAgency,
    coordinatingAgencies: checks.run(() => coordinating(d.coordinatingAgencies, leadAgency)),
    assignee: checks.run(() => optionalPerson(d.assignee, 'assignee')),
    deliverable: checks.run(() => optionalText(d.deliverable, 'deliverable', { multiline: true, max: 2000 })),
    approver: checks.run(() => optionalText(d.approver, 'approver')),
    priority: checks.run(() => priority(d.priority, 'priority')),
    deadline: checks.run(() => resolveDeadline(d.deadline, ctx.calendar, ctx.timeZone, 'deadline')),
    clarity: checkClarity(d),
  };
  checks.throwIfAny();
  return [{ type: 'TaskAssigned', data }];
}

/** Decree 39/2022/NĐ-CP: exactly one lead agency (chủ trì); the others coordinate (phối hợp). */
function coordinating(value: unknown, leadAgency: string | undefined): string[] {
  if (value === undefined || value === null) return [];
  const list = boundedList(value, 'coordinatingAgencies', LIST_LIMITS.coordinatingAgencies, 'agency codes');
  const codes = list.map((code, i) => agencyCode(code, `coordinatingAgencies[${i}]`));
  if (leadAgency !== undefined && codes.includes(leadAgency)) {
    throw DomainError.invalid('coordinatingAgencies', `${leadAgency} leads the task and cannot also coordinate it`);
  }
  return [...new Set(codes)];
}
