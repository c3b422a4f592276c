import { isCalendarDay, isWeekend } from '../shared/calendar-day';
import { DomainError, FieldIssue } from '../shared/domain-error';
import { LIST_LIMITS } from '../shared/limits';
import { HolidayYear } from './calendar.types';

/**
 * Validates a holiday year read from config/holidays/<year>.json or sent to
 * PUT /calendar/holidays/{year}. `year` (e.g. from the URL) is used when the object has none and
 * must match when it has one. Days must be real days of that year; `workdays` must be weekend
 * days (a swapped working Saturday) and not also days off. Returns the days sorted, duplicates
 * dropped. Every fault is reported (DomainError 400 with details).
 */
export function holidayYearFromJson(obj: unknown, year?: number): HolidayYear {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw DomainError.invalid('body', 'a holiday year is an object {year, days: [YYYY-MM-DD…], workdays: [YYYY-MM-DD…]}');
  }
  const input = obj as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  const resolvedYear = input.year ?? year;
  if (!Number.isInteger(resolvedYear) || (resolvedYear as number) < 1000 || (resolvedYear as number) > 9999) {
    throw DomainError.invalid('year', 'must be a four-digit year');
  }
  if (year !== undefined && resolvedYear !== year) issues.push({ field: 'year', message: `is ${String(resolvedYear)}, expected ${year}` });
  const days = dayList(input.days === undefined ? [] : input.days, 'days', resolvedYear as number, issues);
  const workdays = dayList(input.workdays === undefined ? [] : input.workdays, 'workdays', resolvedYear as number, issues);
  workdays.forEach((day) => {
    if (!isWeekend(day))
      issues.push({ field: 'workdays', message: `${day} is a weekday; only a Saturday or Sunday can be a swapped working day` });
    if (days.includes(day)) issues.push({ field: 'workdays', message: `${day} is listed both as a day off and as a working day` });
  });
  if (issues.length > 0) throw DomainError.invalidFields(issues);
  return { year: resolvedYear as number, days, workdays };
}

function dayList(value: unknown, field: string, year: number, issues: FieldIssue[]): string[] {
  if (!Array.isArray(value)) {
    issues.push({ field, message: 'must be a list of days (YYYY-MM-DD)' });
    return [];
  }
  if (value.length > LIST_LIMITS.holidayDays) {
    issues.push({ field, message: `has ${value.length} entries; at most ${LIST_LIMITS.holidayDays} are allowed` });
    return [];
  }
  const days = new Set<string>();
  value.forEach((day, i) => {
    if (!isCalendarDay(day)) issues.push({ field: `${field}[${i}]`, message: `${JSON.stringify(day)} is not a real day (YYYY-MM-DD)` });
    else if (!day.startsWith(`${year}-`)) issues.push({ field: `${field}[${i}]`, message: `${day} is not in ${year}` });
    else days.add(day);
  });
  return [...days].sort();
}
