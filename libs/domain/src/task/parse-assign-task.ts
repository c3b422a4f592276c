import { resolveDeadline } from '../deadline/resolve-deadline';
import { DomainError } from '../shared/domain-error';
import { FieldChecks } from '../shared/field-checks';
import { LIST_LIMITS, boundedList } from '../shared/limits';
import { objectInput } from '../shared/object-input';
import { identifier, optionalText, requiredText } from '../shared/text';
import { AssignTask } from './task.commands';
import { TaskParseContext } from './task.parse-context';
import { PROSE, agencyCode, optionalPerson, optionalSource, priority, taskCode } from './task.validation';

/** An assignment from what a client wrote, or one DomainError naming every field at fault. */
export function parseAssignTask(input: unknown, ctx: TaskParseContext): AssignTask {
  const d = objectInput(input);
  const checks = new FieldChecks();
  const leadAgency = checks.run(() => agencyCode(d.leadAgency, 'leadAgency'));
  const data: AssignTask['data'] = {
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
    deadline: checks.run(() => resolveDeadline(deadlineText(d.deadline), ctx.calendar, ctx.timeZone, 'deadline', ctx)),
  };
  checks.throwIfAny();
  return { type: 'AssignTask', data };
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

/** Non-text is no expression: the expression parser then refuses it with the forms it accepts. */
export function deadlineText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
