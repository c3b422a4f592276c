import { FieldChecks } from '../shared/field-checks';
import { DomainError } from '../shared/domain-error';
import { objectInput } from '../shared/object-input';
import type { CreateRule, UpdateRule } from './rule.decider';
import { RULE_ID_PATTERN } from './rule.types';
import { validateRuleInput } from './validate-rule';

/**
 * A new rule from an admin's body: `id` as given, else `generatedId` (a slug of the name). Every
 * fault, the id's and all rule fields', in one DomainError.
 */
export function parseCreateRule(input: unknown, generatedId: string): CreateRule {
  const body = objectInput(input);
  const checks = new FieldChecks();
  const ruleId = checks.run(() => ruleIdOf(body.id === undefined ? generatedId : body.id));
  const rule = checks.run(() => validateRuleInput(body));
  checks.throwIfAny();
  return { type: 'CreateRule', data: { ruleId, rule } };
}

/**
 * PUT replaces the rule. A body read with GET can be sent back as is: `id` must match the path,
 * `updatedAt` and `position` are ignored, and `version`, when present, is the version the change
 * is based on (the decider answers 409 when someone changed the rule since).
 */
export function parseUpdateRule(ruleId: string, input: unknown): UpdateRule {
  const { version, updatedAt: _updatedAt, position: _position, ...body } = objectInput(input);
  const checks = new FieldChecks();
  checks.run(() => {
    if (body.id !== undefined && body.id !== ruleId) throw DomainError.invalid('id', `must be ${ruleId} (the id in the path) or omitted`);
  });
  const expectedVersion = checks.run(() => basedOnVersion(version));
  const rule = checks.run(() => validateRuleInput(body));
  checks.throwIfAny();
  return { type: 'UpdateRule', data: { ruleId, rule, expectedVersion } };
}

function ruleIdOf(value: unknown): string {
  if (typeof value !== 'string' || !RULE_ID_PATTERN.test(value)) {
    throw DomainError.invalid('id', 'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit');
  }
  return value;
}

function basedOnVersion(value: unknown): number | null {
  if (value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw DomainError.invalid('version', 'must be the positive integer version the change is based on, or omitted');
  }
  return value;
}
