import { DomainError, FieldIssue } from '../shared/domain-error';
import { ReminderRule, RULE_ID_PATTERN } from './rule.types';
import { validateRuleInput } from './validate-rule';

/**
 * A rule set as stored in config/rules/default-rules.json: `{rules: [...]}` (other top-level
 * keys such as `description` are notes) or a bare array. Each rule needs a stable `id`; the rest
 * goes through validateRuleInput, and every problem of every rule is reported at once, named
 * `rules[i].field`. Pure: the caller reads the file.
 */
export function parseRuleSet(json: unknown): ReminderRule[] {
  const list = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.rules) ? json.rules : null;
  if (list === null) throw DomainError.invalid('rules', 'a rule set is a list of rules or {rules: [...]}');
  const issues: FieldIssue[] = [];
  const rules: ReminderRule[] = [];
  const seen = new Set<string>();
  list.forEach((item: unknown, index: number) => {
    const prefix = `rules[${index}]`;
    const id = isObject(item) ? item.id : undefined;
    if (typeof id !== 'string' || !RULE_ID_PATTERN.test(id)) {
      issues.push({ field: `${prefix}.id`, message: 'must be 1-64 letters, digits, "-" or "_"' });
    } else if (seen.has(id)) {
      issues.push({ field: `${prefix}.id`, message: `duplicates rule id ${id}` });
    } else {
      seen.add(id);
    }
    try {
      const input = validateRuleInput(item, prefix);
      if (typeof id === 'string') rules.push({ id, ...input });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      issues.push(...error.details);
    }
  });
  if (issues.length > 0) throw DomainError.invalidFields(issues);
  return rules;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
