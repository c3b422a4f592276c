import { ResolvedDeadline } from '../task/task.events';
import { WorkingDays } from '../calendar/calendar.types';
import { DEFAULT_TIME_ZONE, endOfLocalDay, formatInZone } from '../shared/time';
import { DeadlineReading, lastDayOf, parseDeadlineExpression } from './deadline-expression';

/**
 * Resolves a deadline expression to the moment it falls due.
 * Civil Code 2015 art. 148: a period ends at 24:00 of its last day, and "when the last day of
 * the period is a weekend or public holiday, the period ends at the end of the next working day".
 * `due` is the end of that day (23:59:59.999) in `timeZone`, ISO-8601 with offset.
 * `reading.strictBefore` ends "trước ngày D" on D-1 (`DEADLINE_BEFORE_STRICT`).
 * Invalid expressions throw DomainError.invalid(field, …).
 */
export function resolveDeadline(
  expr: string,
  calendar: WorkingDays,
  timeZone: string = DEFAULT_TIME_ZONE,
  field = 'deadline',
  reading: DeadlineReading = {},
): ResolvedDeadline {
  const parsed = parseDeadlineExpression(expr, field);
  const lastDay = lastDayOf(parsed, reading);
  if (lastDay === null) return { expression: parsed.expression, lastDay: null, due: null, adjusted: false };
  const dueDay = calendar.onOrNextWorkingDay(lastDay);
  return {
    expression: parsed.expression,
    lastDay,
    due: formatInZone(endOfLocalDay(dueDay, timeZone), timeZone),
    adjusted: dueDay !== lastDay,
  };
}
