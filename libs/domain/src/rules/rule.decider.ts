import type { Command } from '../shared/command';
import { DomainError } from '../shared/domain-error';
import type { RuleEvent } from './rule.events';
import { ReminderRule, RULE_ID_PATTERN } from './rule.types';
import { validateRuleInput } from './validate-rule';

/** Bodies arrive unchecked: the decider validates, so no path can append an invalid rule. */
export type CreateRule = Command<'CreateRule', { ruleId: string; input: unknown }>;
/** PUT semantics: the input replaces the whole rule (omitted optional fields take defaults). */
export type UpdateRule = Command<'UpdateRule', { ruleId: string; input: unknown }>;
export type DeleteRule = Command<'DeleteRule', { ruleId: string }>;
export type RuleCommand = CreateRule | UpdateRule | DeleteRule;

export interface RuleState {
  /** `deleted` is kept apart from `none`: a deleted id is retired, never reused (see below). */
  status: 'none' | 'active' | 'deleted';
  /** the rule in force; after deletion, the last one (history and audit still show it) */
  rule: ReminderRule | null;
  /** events applied, i.e. the stream version */
  version: number;
}

export function initialRuleState(): RuleState {
  return { status: 'none', rule: null, version: 0 };
}

export function decideRule(command: RuleCommand, state: RuleState): RuleEvent[] {
  const ruleId = command.data.ruleId;
  switch (command.type) {
    case 'CreateRule': {
      // Only creation names a new id; an update or delete of a malformed id is simply not found.
      checkRuleId(ruleId);
      const input = validateRuleInput(command.data.input);
      if (state.status === 'active') throw DomainError.conflict('rule_exists', `reminder rule ${ruleId} already exists`);
      // Notice ids hash the rule id: re-creating a deleted id would collide with the notices the
      // old rule already issued, and exactly-once would silently swallow the new rule's notices.
      if (state.status === 'deleted') {
        throw DomainError.conflict('rule_id_retired', `reminder rule ${ruleId} was deleted; its id cannot be reused`);
      }
      return [{ type: 'ReminderRuleCreated', data: { rule: { id: ruleId, ...input } } }];
    }
    case 'UpdateRule': {
      const current = activeRule(state, ruleId);
      const rule: ReminderRule = { id: ruleId, ...validateRuleInput(command.data.input) };
      // An unchanged PUT appends nothing, so retries and "save" clicks do not clutter history.
      if (sameRule(rule, current)) return [];
      return [{ type: 'ReminderRuleUpdated', data: { rule, previous: current } }];
    }
    case 'DeleteRule': {
      activeRule(state, ruleId);
      return [{ type: 'ReminderRuleDeleted', data: { ruleId } }];
    }
  }
}

export function evolveRule(state: RuleState, event: RuleEvent): RuleState {
  const version = state.version + 1;
  switch (event.type) {
    case 'ReminderRuleCreated':
    case 'ReminderRuleUpdated':
      return { status: 'active', rule: event.data.rule, version };
    case 'ReminderRuleDeleted':
      return { status: 'deleted', rule: state.rule, version };
  }
}

/** The rule decider as one value, like taskDecider and agencyDecider. */
export const ruleDecider = { decide: decideRule, evolve: evolveRule, initialState: initialRuleState };

function activeRule(state: RuleState, ruleId: string): ReminderRule {
  if (state.status !== 'active' || state.rule === null) throw DomainError.notFound(`reminder rule ${ruleId}`);
  return state.rule;
}

function checkRuleId(ruleId: unknown): string {
  if (typeof ruleId !== 'string' || !RULE_ID_PATTERN.test(ruleId)) {
    throw DomainError.invalid('id', 'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit');
  }
  return ruleId;
}

function sameRule(a: ReminderRule, b: ReminderRule): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Key order differs between a parsed body and a stored event; compare with sorted keys. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
