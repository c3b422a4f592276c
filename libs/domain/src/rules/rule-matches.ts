import type { Priority, SourceDocument } from '../task/task.events';
import type { ReminderRule } from './rule.types';

/** The parts of a task a rule's scope looks at. */
export interface RuleTarget {
  source: Pick<SourceDocument, 'ref'> | null;
  leadAgency: string;
  priority: Priority;
}

/**
 * Scope only: an empty list matches everything, a non-empty one must contain the task's value.
 * A task without a source document never matches a rule scoped to sources. `enabled` is left to
 * `ruleApplies`, because the dry-run previews disabled rules before an admin turns them on.
 */
export function ruleMatches(rule: Pick<ReminderRule, 'scope'>, task: RuleTarget): boolean {
  const { sources, agencies, priorities } = rule.scope;
  if (sources.length > 0 && (task.source === null || !sources.includes(task.source.ref))) return false;
  if (agencies.length > 0 && !agencies.includes(task.leadAgency)) return false;
  if (priorities.length > 0 && !priorities.includes(task.priority)) return false;
  return true;
}

/** What the live planner uses: an enabled rule whose scope covers the task. */
export function ruleApplies(rule: Pick<ReminderRule, 'scope' | 'enabled'>, task: RuleTarget): boolean {
  return rule.enabled && ruleMatches(rule, task);
}
