import type { Command } from '../shared/command';
import { DomainError } from '../shared/domain-error';
import type { RuleEvent } from './rule.events';
import { ReminderRule } from './rule.types';
import type { ReminderRuleInput } from './validate-rule';

/** Parsed at the door (parse-rule-commands.ts): the rule checked, its defaults filled in. */
export type CreateRule = Command<'CreateRule', { ruleId: string; rule: ReminderRuleInput }>;
/**
 * PUT semantics: the rule replaces the whole rule. `expectedVersion`, when not null, is the
 * version the change is based on (409 when the rule moved on since).
 */
export type UpdateRule = Command<'UpdateRule', { ruleId: string; rule: ReminderRuleInput; expectedVersion: number | null }>;
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
      if (state.status === 'active') throw DomainError.conflict('rule_exists', `reminder rule ${ruleId} already exists`);
      // Notice ids hash the rule id: re-creating a deleted id would collide with the notices the
      // old rule already issued, and exactly-once would silently swallow the new rule's notices.
      if (state.status === 'deleted') {
        throw DomainError.conflict('rule_id_retired', `reminder rule ${ruleId} was deleted; its id cannot be reused`);
      }
      return [{ type: 'ReminderRuleCreated', data: { rule: { id: ruleId, ...command.data.rule } } }];
    }
    case 'UpdateRule': {
      const expected = command.data.expectedVersion;
      if (expected !== null && state.status === 'active' && state.version !== expected) {
        throw DomainError.conflict(
          'version_conflict',
          `reminder rule ${ruleId} is at version ${state.version}, not ${expected}; read it again`,
        );
      }
      const current = activeRule(state, ruleId);
      const rule: ReminderRule = { id: ruleId, ...command.data.rule };
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
