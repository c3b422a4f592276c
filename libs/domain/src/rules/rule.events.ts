import type { ReminderRule } from './rule.types';

/**
 * Rule events (product item 1: rule changes are history too). Each carries the whole rule, so
 * a projection or an auditor never has to merge partial updates to know what was in force.
 */
export interface ReminderRuleCreated {
  type: 'ReminderRuleCreated';
  data: { rule: ReminderRule };
}

export interface ReminderRuleUpdated {
  type: 'ReminderRuleUpdated';
  data: { rule: ReminderRule; previous: ReminderRule };
}

export interface ReminderRuleDeleted {
  type: 'ReminderRuleDeleted';
  data: { ruleId: string };
}

export type RuleEvent = ReminderRuleCreated | ReminderRuleUpdated | ReminderRuleDeleted;

export const RULE_EVENT_TYPES: RuleEvent['type'][] = ['ReminderRuleCreated', 'ReminderRuleUpdated', 'ReminderRuleDeleted'];
