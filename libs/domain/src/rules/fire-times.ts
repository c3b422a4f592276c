import { DateTime } from 'luxon';
import type { WorkingDays } from '../calendar/calendar.types';
import { addDays, CalendarDay } from '../shared/calendar-day';
import { DEFAULT_TIME_ZONE, zoneOf } from '../shared/time';
import { ReminderRule, SendWindow, sendWindowMinutes } from './rule.types';

/**
 * When a rule fires for one deadline. Pure: the deadline, the calendar and the time zone come in
 * as arguments, so the scanner, the planner and the dry-run all get the same answer.
 *
 * 1. The first fire time (occurrence 0):
 *    - `days` / `working_days` offsets count from the deadline's local DUE DAY (the day the
 *      period ends, after the Civil Code art. 148 shift) and fire at the opening of the send
 *      window that day, 08:00 local without a window (the start of office hours, Decision
 *      188/1999/QĐ-TTg). -3 working_days = 3 working days before the due day; 0 = the due day
 *      itself ("hạn cuối là hôm nay"); +1 days = the day after, already overdue.
 *    - `hours` offsets count from the exact due instant, the end of the due day (24:00: the
 *      stored 23:59:59.999 is rounded up to the whole second).
 * 2. Placement by the send window: a time before `start` moves to `start` that day, a time at or
 *    after `end` to `start` the next day; with `workingDaysOnly` a non-working day moves to the
 *    next working day at `start`. No window: the computed instant as is. Placement only ever
 *    moves LATER, so a reminder placed past the deadline (e.g. -2 hours, window 08-17) is sent
 *    the next morning, after the deadline: prefer day offsets for "before" reminders.
 * 3. Repeats: slot k (1..maxTimes) is the placed first fire time plus k × `every`, counted in
 *    calendar days (same local wall-clock time), working days, or hours, then placed. Counting
 *    from the first fire, not from the previous one, keeps a weekly escalation on the same
 *    weekday even after a holiday pushed one of them. A slot that the window places at or before
 *    the previous sent one (hourly repeats at night, a daily repeat over a weekend) folds into it
 *    and is not sent twice. Occurrence numbers are the slot numbers, so they may have gaps, and
 *    they stay stable when a folded slot or a holiday moves things: notice ids hash them.
 * A deadline's `due` is the last millisecond of its day (23:59:59.999 local); a due exactly at
 * local midnight is read as 24:00 of the day before, as art. 148 words it.
 */
export interface Occurrence {
  occurrence: number;
  fireAt: Date;
}

/** An occurrence as a planner stores it in the pending-notices table. */
export interface PlannedOccurrence extends Occurrence {
  /** when the schedule meant it to fire: fireAt itself, except for a catch-up (earlier) */
  scheduledAt: Date;
  /** the one occurrence that had already passed when the task or rule entered the plan */
  catchUp: boolean;
}

export type FiringRule = Pick<ReminderRule, 'offset' | 'repeat' | 'sendWindow'>;

/** Start of office hours, used for day offsets when a rule has no send window. */
export const DEFAULT_FIRE_CLOCK = '08:00';

export interface FireTimesOptions {
  /** return at most this many occurrences (the earliest ones) */
  limit?: number;
}

/** Every occurrence of the rule for this deadline, ascending by fireAt (at most 1 + maxTimes). */
export function fireTimes(
  rule: FiringRule,
  due: Date,
  calendar: WorkingDays,
  timeZone: string = DEFAULT_TIME_ZONE,
  opts: FireTimesOptions = {},
): Occurrence[] {
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const out: Occurrence[] = [];
  if (limit <= 0) return out;
  for (const occurrence of occurrencesOf(rule, due, calendar, timeZone)) {
    out.push(occurrence);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * The occurrences whose fireAt lies in (after, until]: `after` is exclusive (the previous scan,
 * or null for "since ever"), `until` inclusive (now). Every one of them, as the dry-run needs;
 * the catch-up rule for tasks planned late is planOccurrences's job.
 */
export function dueOccurrences(
  rule: FiringRule,
  due: Date,
  calendar: WorkingDays,
  timeZone: string,
  window: { after: Date | null; until: Date },
): Occurrence[] {
  const after = window.after === null ? Number.NEGATIVE_INFINITY : window.after.getTime();
  const until = window.until.getTime();
  const out: Occurrence[] = [];
  for (const occurrence of occurrencesOf(rule, due, calendar, timeZone)) {
    const at = occurrence.fireAt.getTime();
    if (at > until) break;
    if (at > after) out.push(occurrence);
  }
  return out;
}

/**
 * What a planner stores when a task (or a rule, or a new deadline) enters the plan at
 * `plannedAt`: every occurrence still to come, plus, when some had already passed, ONLY the
 * latest passed one (api.md: "only the latest passed one of each rule fires, once"), keeping its
 * own occurrence number so its notice id is the one a previous plan would have used.
 *
 * The catch-up fires at plannedAt placed by the send window (a task imported on Saturday night
 * does not mail the agency head at once when the rule says working hours only). When that
 * placement reaches the next regular occurrence, the catch-up is dropped: the regular one, due
 * as soon, carries the news.
 */
export function planOccurrences(
  rule: FiringRule,
  due: Date,
  calendar: WorkingDays,
  timeZone: string,
  plannedAt: Date,
): PlannedOccurrence[] {
  return [...plannedOccurrences(rule, due, calendar, timeZone, plannedAt)];
}

/**
 * planOccurrences one at a time, computing no more than the caller reads: a planner keeping one
 * pending row per task × rule stops at the first it may use.
 */
export function* plannedOccurrences(
  rule: FiringRule,
  due: Date,
  calendar: WorkingDays,
  timeZone: string,
  plannedAt: Date,
): Generator<PlannedOccurrence> {
  const now = plannedAt.getTime();
  let latestPassed: Occurrence | null = null;
  const all = occurrencesOf(rule, due, calendar, timeZone);
  let firstFuture: Occurrence | null = null;
  // next() by hand: leaving a for-of with break would close the generator we continue below
  for (let step = all.next(); !step.done; step = all.next()) {
    if (step.value.fireAt.getTime() > now) {
      firstFuture = step.value;
      break;
    }
    latestPassed = step.value;
  }
  if (latestPassed !== null) {
    if (latestPassed.fireAt.getTime() === now) {
      yield { ...latestPassed, scheduledAt: latestPassed.fireAt, catchUp: false };
    } else {
      const sendAt = placeInSendWindow(plannedAt, rule.sendWindow, calendar, timeZone);
      if (firstFuture === null || sendAt.getTime() < firstFuture.fireAt.getTime()) {
        yield { occurrence: latestPassed.occurrence, fireAt: sendAt, scheduledAt: latestPassed.fireAt, catchUp: true };
      }
    }
  }
  if (firstFuture === null) return;
  yield { ...firstFuture, scheduledAt: firstFuture.fireAt, catchUp: false };
  for (let step = all.next(); !step.done; step = all.next()) yield { ...step.value, scheduledAt: step.value.fireAt, catchUp: false };
}

/**
 * The occurrence after occurrence number `after` (null: the first), or null when the rule has
 * no more: a planner that keeps one pending row per task × rule asks this once a notice fired.
 */
export function nextOccurrence(
  rule: FiringRule,
  due: Date,
  calendar: WorkingDays,
  timeZone: string,
  after: number | null,
): Occurrence | null {
  for (const occurrence of occurrencesOf(rule, due, calendar, timeZone)) {
    if (after === null || occurrence.occurrence > after) return occurrence;
  }
  return null;
}

/** Every occurrence of the rule for this deadline, ascending, computed as they are read. */
export function* occurrencesOf(rule: FiringRule, due: Date, calendar: WorkingDays, timeZone: string): Generator<Occurrence> {
  if (Number.isNaN(due.getTime())) throw new RangeError('due is not a valid date');
  zoneOf(timeZone); // an unknown zone fails here, before anything is yielded
  const first = placeInSendWindow(firstNominal(rule, due, calendar, timeZone), rule.sendWindow, calendar, timeZone);
  yield { occurrence: 0, fireAt: first };
  if (rule.repeat === null) return;
  const anchor = DateTime.fromJSDate(first, { zone: zoneOf(timeZone) });
  const { amount, unit } = rule.repeat.every;
  let last = first.getTime();
  for (let k = 1; k <= rule.repeat.maxTimes; k++) {
    let nominal: DateTime;
    if (unit === 'hours') nominal = anchor.plus({ hours: k * amount });
    else if (unit === 'days') nominal = anchor.plus({ days: k * amount });
    else nominal = sameClockOn(anchor, calendar.addWorkingDays(anchor.toISODate() as string, k * amount), timeZone);
    const fireAt = placeInSendWindow(nominal.toJSDate(), rule.sendWindow, calendar, timeZone);
    if (fireAt.getTime() <= last) continue;
    last = fireAt.getTime();
    yield { occurrence: k, fireAt };
  }
}

function firstNominal(rule: FiringRule, due: Date, calendar: WorkingDays, timeZone: string): Date {
  const { amount, unit } = rule.offset;
  if (unit === 'hours') return new Date(dueInstant(due) + amount * 3_600_000);
  const dueDay = localDueDay(due, timeZone);
  const day = unit === 'days' ? addDays(dueDay, amount) : calendar.addWorkingDays(dueDay, amount);
  return atLocal(day, rule.sendWindow?.start ?? DEFAULT_FIRE_CLOCK, timeZone);
}

/**
 * The due instant hour offsets count from. Deadlines are stored as the day's last millisecond
 * (23:59:59.999); rounding up to the whole second reads that as 24:00, so "-10 hours" fires at
 * 14:00 and not at 13:59:59.999. A due already on a whole second is unchanged.
 */
function dueInstant(due: Date): number {
  return Math.ceil(due.getTime() / 1000) * 1000;
}

/** The local day a deadline ends on; 1 ms back so a due written as 24:00 (next 00:00) stays on its day. */
export function localDueDay(due: Date, timeZone: string = DEFAULT_TIME_ZONE): CalendarDay {
  return DateTime.fromMillis(due.getTime() - 1, { zone: zoneOf(timeZone) }).toISODate() as string;
}

/** Moves `at` to the next moment the send window is open (or leaves it when already open). */
export function placeInSendWindow(at: Date, window: SendWindow | null, calendar: WorkingDays, timeZone: string = DEFAULT_TIME_ZONE): Date {
  if (window === null) return at;
  const local = DateTime.fromJSDate(at, { zone: zoneOf(timeZone) });
  const wallMs = ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond;
  const day = local.toISODate() as string;
  let placedDay = day;
  let placed: Date | null = at;
  if (wallMs < sendWindowMinutes(window.start) * 60_000) placed = null;
  else if (wallMs >= sendWindowMinutes(window.end) * 60_000) {
    placedDay = addDays(day, 1);
    placed = null;
  }
  if (window.workingDaysOnly && !calendar.isWorkingDay(placedDay)) {
    placedDay = calendar.onOrNextWorkingDay(placedDay);
    placed = null;
  }
  return placed ?? atLocal(placedDay, window.start, timeZone);
}

/**
 * The instant of a wall-clock time on a day in a zone. The planner asks for the same few days and
 * send-window starts for every task of a rebuild: parsing them with luxon each time was a sixteenth
 * of the replay's JavaScript, so the instants are remembered (a few thousand at most).
 */
function atLocal(day: CalendarDay, hhmm: string, timeZone: string): Date {
  const key = `${day}T${hhmm}|${timeZone}`;
  let ms = LOCAL_INSTANTS.get(key);
  if (ms === undefined) {
    ms = DateTime.fromISO(`${day}T${hhmm}`, { zone: zoneOf(timeZone) }).toMillis();
    if (LOCAL_INSTANTS.size >= 20_000) LOCAL_INSTANTS.clear();
    LOCAL_INSTANTS.set(key, ms);
  }
  return new Date(ms);
}
const LOCAL_INSTANTS = new Map<string, number>();

function sameClockOn(anchor: DateTime, day: CalendarDay, timeZone: string): DateTime {
  return DateTime.fromISO(day, { zone: zoneOf(timeZone) }).set({
    hour: anchor.hour,
    minute: anchor.minute,
    second: anchor.second,
    millisecond: anchor.millisecond,
  });
}
