import { DomainError, FieldIssue } from '../shared/domain-error';
import { agencyCode } from '../shared/codes';
import { identifier, requiredEmail, requiredText } from '../shared/text';
import type { Priority } from '../task/task.events';
import { RISK_LEVELS, RiskLevel } from '../status/task-risk';
import {
  EMAIL_RECIPIENT_PREFIX,
  OFFSET_UNITS,
  OffsetUnit,
  RECIPIENT_KEYWORDS,
  REPEAT_UNITS,
  RepeatUnit,
  ReminderRule,
  RuleOffset,
  RuleRepeat,
  RuleScope,
  SendWindow,
  sendWindowMinutes,
} from './rule.types';

const PRIORITIES: readonly Priority[] = ['normal', 'high', 'critical'];

export type ReminderRuleInput = Omit<ReminderRule, 'id'>;

/** A year either way is far beyond any directive's horizon; more is almost surely a typo. */
export const RULE_LIMITS = {
  maxDays: 366,
  maxHours: 366 * 24,
  maxRepeatTimes: 100,
  maxLevel: 9,
  maxRecipients: 50,
  maxScopeEntries: 200,
  maxNameLength: 200,
} as const;
const {
  maxDays: MAX_DAYS,
  maxHours: MAX_HOURS,
  maxRepeatTimes: MAX_REPEAT_TIMES,
  maxLevel: MAX_LEVEL,
  maxRecipients: MAX_RECIPIENTS,
  maxScopeEntries: MAX_SCOPE_ENTRIES,
  maxNameLength: MAX_NAME_LENGTH,
} = RULE_LIMITS;

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Checks an admin's rule body and returns it with defaults filled in, or throws ONE
 * DomainError('validation') whose details name every field at fault (api.md: 400 names every
 * field), so an admin fixes a form in one round trip.
 *
 * Unknown keys are REFUSED at every level: a typo such as `sendwindow` would otherwise be
 * dropped silently and the rule would mail officers at night. The one exception is a top-level
 * `id`, ignored, so a client can PUT back what it GET. `fieldPrefix` (e.g. `rules[2]`) prefixes
 * every field name when rules are nested in a larger body.
 */
export function validateRuleInput(input: unknown, fieldPrefix = ''): ReminderRuleInput {
  const issues = new Issues(fieldPrefix);
  const rule = parseRule(input, issues);
  if (issues.list.length > 0 || rule === undefined) throw DomainError.invalidFields(issues.list);
  return rule;
}

function parseRule(input: unknown, issues: Issues): ReminderRuleInput | undefined {
  if (!isPlainObject(input)) {
    issues.add('', 'must be a JSON object');
    return undefined;
  }
  issues.unknownKeys(input, '', [
    'id',
    'name',
    'enabled',
    'scope',
    'offset',
    'repeat',
    'recipients',
    'level',
    'digest',
    'sendWindow',
    'unacknowledgedAfter',
    'webhooks',
  ]);
  const name = issues.attempt(() => requiredText(input.name, issues.field('name'), { max: MAX_NAME_LENGTH }));
  const enabled = optionalBoolean(input.enabled, 'enabled', true, issues);
  const scope = parseScope(input.scope, issues);
  const offset = parseOffset(input.offset, issues);
  const repeat = parseRepeat(input.repeat, issues);
  const recipients = parseRecipients(input.recipients, issues);
  const level = parseInteger(input.level, 'level', 0, MAX_LEVEL, issues);
  const digest = optionalBoolean(input.digest, 'digest', false, issues);
  const sendWindow = parseWindow(input.sendWindow, issues);
  const unacknowledgedAfter = parseUnacknowledgedAfter(input.unacknowledgedAfter, level, issues);
  const webhooks = parseWebhookNames(input.webhooks, issues);
  if (
    name === undefined ||
    enabled === undefined ||
    scope === undefined ||
    offset === undefined ||
    repeat === undefined ||
    recipients === undefined ||
    level === undefined ||
    digest === undefined ||
    sendWindow === undefined ||
    unacknowledgedAfter === undefined ||
    webhooks === undefined
  ) {
    return undefined;
  }
  return {
    name,
    enabled,
    scope,
    offset,
    repeat,
    recipients,
    level,
    digest,
    sendWindow,
    ...(unacknowledgedAfter ? { unacknowledgedAfter } : {}),
    ...(webhooks.length ? { webhooks } : {}),
  };
}

const WEBHOOK_NAME = /^[a-z0-9][a-z0-9-]{0,59}$/;
const MAX_RULE_WEBHOOKS = 10;

/** The names of webhook targets (whether each is configured is checked where the configuration is known). */
function parseWebhookNames(value: unknown, issues: Issues): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.add('webhooks', 'must be a list of webhook target names');
    return undefined;
  }
  if (value.length > MAX_RULE_WEBHOOKS) {
    issues.add('webhooks', `has ${value.length} entries; at most ${MAX_RULE_WEBHOOKS} are allowed`);
    return undefined;
  }
  const before = issues.list.length;
  value.forEach((name, i) => {
    if (typeof name !== 'string' || !WEBHOOK_NAME.test(name)) issues.add(`webhooks[${i}]`, 'must be lower-case letters, digits and -');
  });
  return issues.list.length > before ? undefined : [...new Set(value as string[])];
}

/**
 * `{amount ≥ 1, unit}`, or null/absent (the rule then fires regardless). Only an escalation
 * (level 1 and up) has letters of a lower level to wait on.
 */
function parseUnacknowledgedAfter(value: unknown, level: number | undefined, issues: Issues): RuleOffset | null | undefined {
  if (value === undefined || value === null) return null;
  if (!isPlainObject(value)) {
    issues.add('unacknowledgedAfter', 'must be null or {amount, unit: "working_days" | "days" | "hours"}');
    return undefined;
  }
  issues.unknownKeys(value, 'unacknowledgedAfter', ['amount', 'unit']);
  const unit = parseEnum<OffsetUnit>(value.unit, 'unacknowledgedAfter.unit', OFFSET_UNITS, issues);
  const amount = parseInteger(
    value.amount,
    'unacknowledgedAfter.amount',
    1,
    unit === 'hours' || unit === undefined ? MAX_HOURS : MAX_DAYS,
    issues,
  );
  if (level === 0) {
    issues.add('unacknowledgedAfter', 'needs a level of 1 or more (letters of a lower level to wait on)');
    return undefined;
  }
  if (unit === undefined || amount === undefined) return undefined;
  return { amount, unit };
}

function parseScope(value: unknown, issues: Issues): RuleScope | undefined {
  if (value === undefined || value === null) return { sources: [], agencies: [], priorities: [] };
  if (!isPlainObject(value)) {
    issues.add('scope', 'must be an object {sources, agencies, priorities, risks}');
    return undefined;
  }
  issues.unknownKeys(value, 'scope', ['sources', 'agencies', 'priorities', 'risks']);
  const sources = parseList(value.sources, 'scope.sources', issues, (item, field) =>
    issues.attempt(() => identifier(item, issues.field(field))),
  );
  const agencies = parseList(value.agencies, 'scope.agencies', issues, (item, field) =>
    issues.attempt(() => agencyCode(item, issues.field(field))),
  );
  const priorities = parseList(value.priorities, 'scope.priorities', issues, (item, field) => {
    if (typeof item === 'string' && (PRIORITIES as readonly string[]).includes(item)) return item as Priority;
    issues.add(field, `must be one of ${PRIORITIES.join(', ')}`);
    return undefined;
  });
  const risks = parseList(value.risks, 'scope.risks', issues, (item, field) => {
    if (typeof item === 'string' && (RISK_LEVELS as readonly string[]).includes(item)) return item as RiskLevel;
    issues.add(field, `must be one of ${RISK_LEVELS.join(', ')}`);
    return undefined;
  });
  if (sources === undefined || agencies === undefined || priorities === undefined || risks === undefined) return undefined;
  return { sources, agencies, priorities, ...(risks.length > 0 ? { risks } : {}) };
}

function parseOffset(value: unknown, issues: Issues): ReminderRuleInput['offset'] | undefined {
  if (!isPlainObject(value)) {
    issues.add('offset', 'is required: {amount, unit: "working_days" | "days" | "hours"}');
    return undefined;
  }
  issues.unknownKeys(value, 'offset', ['amount', 'unit']);
  const unit = parseEnum<OffsetUnit>(value.unit, 'offset.unit', OFFSET_UNITS, issues);
  // With the unit itself at fault, judge the amount by the loosest bound rather than report twice.
  const bound = unit === 'hours' || unit === undefined ? MAX_HOURS : MAX_DAYS;
  const amount = parseInteger(value.amount, 'offset.amount', -bound, bound, issues);
  if (unit === undefined || amount === undefined) return undefined;
  return { amount, unit };
}

function parseRepeat(value: unknown, issues: Issues): RuleRepeat | null | undefined {
  if (value === undefined || value === null) return null;
  if (!isPlainObject(value)) {
    issues.add('repeat', 'must be null or {every: {amount, unit}, maxTimes}');
    return undefined;
  }
  issues.unknownKeys(value, 'repeat', ['every', 'maxTimes']);
  let every: RuleRepeat['every'] | undefined;
  if (!isPlainObject(value.every)) {
    issues.add('repeat.every', 'is required: {amount, unit: "days" | "working_days" | "hours"}');
  } else {
    issues.unknownKeys(value.every, 'repeat.every', ['amount', 'unit']);
    const unit = parseEnum<RepeatUnit>(value.every.unit, 'repeat.every.unit', REPEAT_UNITS, issues);
    const amount = parseInteger(
      value.every.amount,
      'repeat.every.amount',
      1,
      unit === 'days' || unit === 'working_days' ? MAX_DAYS : MAX_HOURS,
      issues,
    );
    if (unit !== undefined && amount !== undefined) every = { amount, unit };
  }
  const maxTimes = parseInteger(value.maxTimes, 'repeat.maxTimes', 1, MAX_REPEAT_TIMES, issues);
  if (every === undefined || maxTimes === undefined) return undefined;
  return { every, maxTimes };
}

function parseRecipients(value: unknown, issues: Issues): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    issues.add('recipients', `needs at least one of ${RECIPIENT_KEYWORDS.join(', ')} or email:<address>`);
    return undefined;
  }
  if (value.length > MAX_RECIPIENTS) {
    issues.add('recipients', `has more than ${MAX_RECIPIENTS} entries`);
    return undefined;
  }
  const out: string[] = [];
  const seen = new Set<string>();
  let ok = true;
  value.forEach((item, index) => {
    const field = `recipients[${index}]`;
    const recipient = parseRecipient(item, field, issues);
    if (recipient === undefined) {
      ok = false;
      return;
    }
    // A duplicate would only mail the same person twice; drop it rather than refuse the rule.
    const key = recipient.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(recipient);
    }
  });
  return ok ? out : undefined;
}

function parseRecipient(item: unknown, field: string, issues: Issues): string | undefined {
  if (typeof item === 'string' && (RECIPIENT_KEYWORDS as readonly string[]).includes(item)) return item;
  if (typeof item === 'string' && item.startsWith(EMAIL_RECIPIENT_PREFIX)) {
    // The shared email check refuses CR/LF and other control characters: the address ends up
    // in a To: header, where a line break would let a rule inject headers.
    const address = issues.attempt(() => requiredEmail(item.slice(EMAIL_RECIPIENT_PREFIX.length), issues.field(field)));
    return address === undefined ? undefined : `${EMAIL_RECIPIENT_PREFIX}${address}`;
  }
  issues.add(field, `must be one of ${RECIPIENT_KEYWORDS.join(', ')} or email:<address>`);
  return undefined;
}

function parseWindow(value: unknown, issues: Issues): SendWindow | null | undefined {
  if (value === undefined || value === null) return null;
  if (!isPlainObject(value)) {
    issues.add('sendWindow', 'must be null or {start: "HH:mm", end: "HH:mm", workingDaysOnly}');
    return undefined;
  }
  issues.unknownKeys(value, 'sendWindow', ['start', 'end', 'workingDaysOnly']);
  const start = parseClock(value.start, 'sendWindow.start', false, issues);
  const end = parseClock(value.end, 'sendWindow.end', true, issues);
  const workingDaysOnly = optionalBoolean(value.workingDaysOnly, 'sendWindow.workingDaysOnly', false, issues);
  if (start !== undefined && end !== undefined && sendWindowMinutes(start) >= sendWindowMinutes(end)) {
    // A window across midnight would make "the next opening" ambiguous about which day it is.
    issues.add('sendWindow.end', `must be later than start ${start} (windows do not cross midnight)`);
    return undefined;
  }
  if (start === undefined || end === undefined || workingDaysOnly === undefined) return undefined;
  return { start, end, workingDaysOnly };
}

function parseClock(value: unknown, field: string, allowMidnightEnd: boolean, issues: Issues): string | undefined {
  if (typeof value === 'string' && (HH_MM.test(value) || (allowMidnightEnd && value === '24:00'))) return value;
  issues.add(field, `must be a local time HH:mm${allowMidnightEnd ? ' (or 24:00)' : ''}`);
  return undefined;
}

function parseInteger(value: unknown, field: string, min: number, max: number, issues: Issues): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    issues.add(field, 'must be an integer');
    return undefined;
  }
  if (value < min || value > max) {
    issues.add(field, `must be between ${min} and ${max}`);
    return undefined;
  }
  return value;
}

function parseEnum<T extends string>(value: unknown, field: string, allowed: readonly T[], issues: Issues): T | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  issues.add(field, `must be one of ${allowed.join(', ')}`);
  return undefined;
}

function optionalBoolean(value: unknown, field: string, fallback: boolean, issues: Issues): boolean | undefined {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  issues.add(field, 'must be true or false');
  return undefined;
}

function parseList<T>(
  value: unknown,
  field: string,
  issues: Issues,
  parseItem: (item: unknown, field: string) => T | undefined,
): T[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.add(field, 'must be a list');
    return undefined;
  }
  if (value.length > MAX_SCOPE_ENTRIES) {
    issues.add(field, `has more than ${MAX_SCOPE_ENTRIES} entries`);
    return undefined;
  }
  const out: T[] = [];
  let ok = true;
  value.forEach((item, index) => {
    const parsed = parseItem(item, `${field}[${index}]`);
    if (parsed === undefined) ok = false;
    else if (!out.includes(parsed)) out.push(parsed);
  });
  return ok ? out : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects problems instead of throwing at the first, with field names under one prefix. */
class Issues {
  readonly list: FieldIssue[] = [];
  private readonly prefix: string;

  constructor(prefix: string) {
    this.prefix = prefix.endsWith('.') ? prefix.slice(0, -1) : prefix;
  }

  /** The full field name: `rules[2].offset.amount`; the root itself is the prefix or `body`. */
  field(relative: string): string {
    if (relative === '') return this.prefix === '' ? 'body' : this.prefix;
    return this.prefix === '' ? relative : `${this.prefix}.${relative}`;
  }

  add(relative: string, message: string): void {
    this.list.push({ field: this.field(relative), message });
  }

  unknownKeys(value: Record<string, unknown>, relative: string, known: string[]): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        this.add(
          relative === '' ? key : `${relative}.${key}`,
          `unknown field (expected one of ${known.filter((k) => k !== 'id').join(', ')})`,
        );
      }
    }
  }

  /** Runs a shared single-field check (which throws) and records its issue instead. */
  attempt<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.list.push(...error.details);
      return undefined;
    }
  }
}
