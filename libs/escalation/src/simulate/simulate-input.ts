import { DateTime } from 'luxon';
import { DomainError, FieldIssue, RULE_ID_PATTERN, ReminderRule, isCalendarDay, parseInstant, validateRuleInput } from '@app/domain';

/** The longest window one dry-run covers (a year, leap day included). */
export const MAX_SIMULATION_DAYS = 366;
/** More unsaved rules than any real rule set; a bigger list is almost surely a mistake. */
export const MAX_SIMULATED_RULES = 100;

export interface SimulationInput {
  from: Date;
  to: Date;
  /** unsaved rules to try instead of the saved ones; null: the saved, enabled rules */
  rules: ReminderRule[] | null;
}

/**
 * `POST /reminder-rules/simulate` body `{from, to, rules?}`, every fault named in one 400
 * (`from`, `to`, `rules[2].offset.amount`…). Times as everywhere in the API: ISO-8601 with an
 * offset, or a plain date. A plain `from` date means the START of that day and a plain `to` the
 * end of it, so `{from: "2026-02-01", to: "2026-02-28"}` covers the whole of February.
 * Unsaved rules keep a valid `id` they carry, else are named `rules[i]` in the answer.
 */
export function parseSimulationInput(body: unknown, timeZone: string): SimulationInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw DomainError.invalid('body', 'must be a JSON object {from, to, rules?}');
  const input = body as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(input)) {
    if (!['from', 'to', 'rules'].includes(key)) issues.push({ field: key, message: 'unknown field (expected from, to, rules)' });
  }
  const from = collect(issues, () => parseBound(input.from, 'from', 'start', timeZone));
  const to = collect(issues, () => parseBound(input.to, 'to', 'end', timeZone));
  if (from && to) {
    if (to.getTime() < from.getTime()) issues.push({ field: 'to', message: 'must not be before from' });
    else if (to.getTime() - from.getTime() > MAX_SIMULATION_DAYS * 86_400_000 + 3_600_000) {
      issues.push({ field: 'to', message: `must be at most ${MAX_SIMULATION_DAYS} days after from` });
    }
  }
  const rules = parseRules(input.rules, issues);
  if (issues.length > 0 || !from || !to) throw DomainError.invalidFields(issues);
  return { from, to, rules };
}

function parseBound(value: unknown, field: string, edge: 'start' | 'end', timeZone: string): Date {
  if (typeof value !== 'string') throw DomainError.invalid(field, 'is required: ISO-8601 with an offset or a YYYY-MM-DD date');
  const text = value.trim();
  if (edge === 'start' && isCalendarDay(text)) {
    const start = DateTime.fromISO(text, { zone: timeZone }).startOf('day');
    if (!start.isValid) throw DomainError.invalid(field, `"${text}" is not a real date`);
    return start.toJSDate();
  }
  return parseInstant(text, field, timeZone);
}

function parseRules(value: unknown, issues: FieldIssue[]): ReminderRule[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) {
    issues.push({ field: 'rules', message: 'must be a list of rules (omit it to simulate the saved rules)' });
    return null;
  }
  if (value.length === 0 || value.length > MAX_SIMULATED_RULES) {
    issues.push({ field: 'rules', message: `must hold 1 to ${MAX_SIMULATED_RULES} rules (omit it to simulate the saved rules)` });
    return null;
  }
  const rules: ReminderRule[] = [];
  const ids = new Set<string>();
  value.forEach((item, index) => {
    const prefix = `rules[${index}]`;
    const given = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>).id : undefined;
    let id = prefix;
    if (given !== undefined) {
      if (typeof given !== 'string' || !RULE_ID_PATTERN.test(given))
        issues.push({ field: `${prefix}.id`, message: 'must be 1-64 letters, digits, "-" or "_"' });
      else if (ids.has(given)) issues.push({ field: `${prefix}.id`, message: `duplicates rule id ${given}` });
      else id = given;
    }
    ids.add(id);
    const rule = collect(issues, () => validateRuleInput(item, prefix));
    if (rule) rules.push({ id, ...rule });
  });
  return rules;
}

function collect<T>(issues: FieldIssue[], check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind !== 'validation') throw error;
    issues.push(...error.details);
    return undefined;
  }
}
