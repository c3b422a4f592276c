import type { Priority } from '../task/task.events';
import type { RiskLevel } from '../status/task-risk';

/**
 * A reminder or escalation rule as admins configure it (api.md "Reminder and escalation rules").
 * One rule yields, for each open task it matches, a small schedule of notices: see fire-times.ts
 * and README.md in this folder for the exact semantics.
 */
export interface ReminderRule {
  id: string;
  name: string;
  enabled: boolean;
  scope: RuleScope;
  offset: RuleOffset;
  repeat: RuleRepeat | null;
  /** 'assignee' | 'agency_head' | 'coordinators' | 'email:addr' */
  recipients: string[];
  /** escalation level: 0 = the officer, rising towards the agency head, coordinators, leaders */
  level: number;
  /** one email per recipient listing every task this rule fires for at the same time */
  digest: boolean;
  sendWindow: SendWindow | null;
  /**
   * Fire only when a letter of a lower level about the task was sent at least this long before
   * the fire time and its addressee has not acknowledged it (api.md "Notifications"); a rule with
   * it waits (its notice stays due) while that is not yet so, and is dropped once acknowledged.
   * Absent: the rule fires regardless.
   */
  unacknowledgedAfter?: RuleOffset;
  /**
   * Named webhook targets (NOTICE_WEBHOOKS entries with a `name`, set by the operator with their
   * URL and secret) that also receive this rule's notices, e.g. a ministry's chat. Absent: none.
   */
  webhooks?: string[];
}

/** Empty lists match everything; sources are source documents' `ref` (e.g. `71/NQ-CP`). */
export interface RuleScope {
  sources: string[];
  agencies: string[];
  priorities: Priority[];
  /**
   * Early-warning levels (docs/risk.md): the rule fires only while the task is at one of them
   * when its notice falls due; absent (or empty): whatever the level.
   */
  risks?: RiskLevel[];
}

export type OffsetUnit = 'working_days' | 'days' | 'hours';
export type RepeatUnit = 'days' | 'working_days' | 'hours';

/** Negative before the deadline, zero at it, positive after it. */
export interface RuleOffset {
  amount: number;
  unit: OffsetUnit;
}

export interface RuleRepeat {
  every: { amount: number; unit: RepeatUnit };
  /** repeats after the first notice, so a rule sends at most 1 + maxTimes notices per deadline */
  maxTimes: number;
}

/** Local times `HH:mm` in the deadline time zone; `end` is exclusive and may be `24:00`. */
export interface SendWindow {
  start: string;
  end: string;
  workingDaysOnly: boolean;
}

export const OFFSET_UNITS: readonly OffsetUnit[] = ['working_days', 'days', 'hours'];
export const REPEAT_UNITS: readonly RepeatUnit[] = ['days', 'working_days', 'hours'];

export type RecipientKeyword = 'assignee' | 'agency_head' | 'coordinators';
export const RECIPIENT_KEYWORDS: readonly RecipientKeyword[] = ['assignee', 'agency_head', 'coordinators'];
/** A named person outside the task's agency (a leader, an inspector): `email:someone@example.org`. */
export const EMAIL_RECIPIENT_PREFIX = 'email:';

/** Rule ids end up in stream ids, URLs and job ids: keep them to a safe, readable alphabet. */
export const RULE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A window bound `HH:mm` in minutes after local midnight (`24:00` is 1440). */
export function sendWindowMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export function ruleStreamId(ruleId: string): string {
  return `rule-${ruleId}`;
}
