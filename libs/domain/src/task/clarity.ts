import { parseDeadlineExpression } from '../deadline/deadline-expression';
import { Clarity, ClarityItem, Person } from './task.events';

/** What "6 rõ" looks at, from an assignment (AssignTask data or a task's current state). */
export interface ClarityInput {
  description?: string | null;
  leadAgency?: string | null;
  assignee?: Partial<Person> | null;
  deliverable?: string | null;
  approver?: string | null;
  /** the expression as written, e.g. `Q1/2026` or `ongoing` */
  deadline?: string | null;
}

/**
 * "6 rõ" (Decision 2179/QĐ-TTg, 2025-10-06): rõ người, rõ việc, rõ thời gian, rõ trách nhiệm,
 * rõ sản phẩm, rõ thẩm quyền. Reported with each assignment; it never blocks one.
 * - person: an assignee with a name
 * - task: a description (a title alone is often vague)
 * - time: a deadline that is not `ongoing`
 * - responsibility: a lead agency and an assignee email, someone answerable
 * - deliverable: the expected product ("rõ sản phẩm", locally "rõ kết quả")
 * - authority: who approves the result
 */
export function checkClarity(input: ClarityInput): Clarity {
  const items: Record<ClarityItem, boolean> = {
    person: filled(input.assignee?.name),
    task: filled(input.description),
    time: hasDeadline(input.deadline),
    responsibility: filled(input.leadAgency) && filled(input.assignee?.email),
    deliverable: filled(input.deliverable),
    authority: filled(input.approver),
  };
  const missing = (Object.keys(items) as ClarityItem[]).filter((item) => !items[item]);
  return { ...items, missing };
}

function filled(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function hasDeadline(expression: string | null | undefined): boolean {
  if (!filled(expression)) return false;
  try {
    return parseDeadlineExpression(expression as string).kind !== 'ongoing';
  } catch {
    return false;
  }
}
