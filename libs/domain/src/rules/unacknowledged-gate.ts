import { DateTime } from 'luxon';
import type { WorkingDays } from '../calendar/calendar.types';
import { zoneOf } from '../shared/time';
import { placeInSendWindow } from './fire-times';
import type { ReminderRule, RuleOffset } from './rule.types';

/** A letter about the task, as the gate of an `unacknowledgedAfter` rule sees it. */
export interface EarlierLetter {
  noticeId: string;
  level: number;
  /** when it was delivered */
  sentAt: Date;
  /** a recipient confirmed receipt through its link */
  acknowledged: boolean;
}

/**
 * What an `unacknowledgedAfter` rule does with a due notice at `now`:
 * - `fire` (at `at`): a letter of a lower level about the task went unacknowledged for the
 *   wait (counted from its delivery, then placed in the rule's send window);
 * - `acknowledged`: every lower-level letter sent so far was acknowledged, none of them is
 *   overdue for it: the occurrence is recorded as not needed (the next one is planned as usual);
 * - `wait`: no lower-level letter yet, or only ones still within the wait: decided on a later pass.
 */
export type UnacknowledgedDecision = { kind: 'fire'; at: Date } | { kind: 'acknowledged' } | { kind: 'wait' };

export function unacknowledgedDecision(
  rule: Pick<ReminderRule, 'level' | 'sendWindow' | 'unacknowledgedAfter'>,
  letters: readonly EarlierLetter[],
  now: Date,
  calendar: WorkingDays,
  timeZone: string,
): UnacknowledgedDecision {
  const wait = rule.unacknowledgedAfter;
  if (!wait) return { kind: 'fire', at: now };
  const lower = letters.filter((l) => l.level < rule.level);
  const overdue = lower
    .filter((l) => !l.acknowledged)
    .map((l) => placeInSendWindow(waitEnds(l.sentAt, wait, calendar, timeZone), rule.sendWindow, calendar, timeZone))
    .filter((at) => at.getTime() <= now.getTime())
    .sort((a, b) => a.getTime() - b.getTime());
  if (overdue.length > 0) return { kind: 'fire', at: overdue[0] };
  if (lower.length > 0 && lower.every((l) => l.acknowledged)) return { kind: 'acknowledged' };
  return { kind: 'wait' };
}

/** `sentAt` plus the wait: hours exactly, days on the calendar, working days at the same local clock time. */
export function waitEnds(sentAt: Date, wait: RuleOffset, calendar: WorkingDays, timeZone: string): Date {
  if (wait.unit === 'hours') return new Date(sentAt.getTime() + wait.amount * 3_600_000);
  const local = DateTime.fromJSDate(sentAt, { zone: zoneOf(timeZone) });
  if (wait.unit === 'days') return local.plus({ days: wait.amount }).toJSDate();
  const day = calendar.addWorkingDays(local.toISODate() as string, wait.amount);
  return DateTime.fromISO(day, { zone: zoneOf(timeZone) })
    .set({ hour: local.hour, minute: local.minute, second: local.second, millisecond: local.millisecond })
    .toJSDate();
}
