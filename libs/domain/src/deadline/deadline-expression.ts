import { CalendarDay, calendarDay, daysInMonth, isCalendarDay } from '../shared/calendar-day';
import { DomainError } from '../shared/domain-error';

/**
 * A deadline as directives write it (domain-facts.md "Deadline wording"): a day, a month
 * ("trong tháng 01/2026"), a quarter ("trong Quý I/2026"), a year ("trong năm 2026") or a
 * recurring task with no deadline ("nhiệm vụ thường xuyên"). `expression` is the input, trimmed.
 */
export type DeadlineExpression =
  | { kind: 'day'; expression: string; day: CalendarDay }
  | { kind: 'month'; expression: string; year: number; month: number }
  | { kind: 'quarter'; expression: string; year: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: 'year'; expression: string; year: number }
  | { kind: 'ongoing'; expression: string };

export const ACCEPTED_DEADLINE_FORMS =
  'a date YYYY-MM-DD or dd/mm/yyyy, a month MM/YYYY, a quarter Q1/YYYY..Q4/YYYY, a year YYYY, or "ongoing" ("thường xuyên")';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const VN_DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const MONTH = /^(\d{1,2})\/(\d{4})$/;
const QUARTER = /^q(\d)\/(\d{4})$/i;
const YEAR = /^(\d{4})$/;
const ONGOING = new Set(['ongoing', 'thường xuyên']);

/** Parses a deadline expression; anything else is a 400 naming `field` and the accepted forms. */
export function parseDeadlineExpression(expr: string, field = 'deadline'): DeadlineExpression {
  const refuse = (why: string): never => {
    throw DomainError.invalid(field, `${why}; expected ${ACCEPTED_DEADLINE_FORMS}`);
  };
  if (typeof expr !== 'string' || expr.trim() === '') return refuse('a deadline is required');
  const expression = expr.trim().normalize('NFC');
  if (expression.length > 40) return refuse('the deadline is too long');
  if (ONGOING.has(expression.toLowerCase())) return { kind: 'ongoing', expression };
  const day = (year: number, month: number, dayOfMonth: number): DeadlineExpression => {
    const value = calendarDay(checkYear(year, expression, refuse), month, dayOfMonth);
    return isCalendarDay(value) ? { kind: 'day', expression, day: value } : refuse(`"${expression}" is not a real date`);
  };

  let m: RegExpExecArray | null;
  if ((m = ISO_DAY.exec(expression))) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = VN_DAY.exec(expression))) return day(Number(m[3]), Number(m[2]), Number(m[1])); // day first, as directives write it
  if ((m = MONTH.exec(expression))) {
    const [month, year] = [Number(m[1]), Number(m[2])];
    if (month < 1 || month > 12) return refuse(`"${expression}" has no month ${m[1]}`);
    return { kind: 'month', expression, year: checkYear(year, expression, refuse), month };
  }
  if ((m = QUARTER.exec(expression))) {
    const quarter = Number(m[1]);
    if (quarter < 1 || quarter > 4) return refuse(`"${expression}" has no quarter ${quarter}`);
    return { kind: 'quarter', expression, year: checkYear(Number(m[2]), expression, refuse), quarter: quarter as 1 | 2 | 3 | 4 };
  }
  if ((m = YEAR.exec(expression))) return { kind: 'year', expression, year: checkYear(Number(m[1]), expression, refuse) };
  return refuse(`"${expression.slice(0, 40)}" is not a deadline`);
}

/** The last day of the period (before any art. 148 shift); null for an ongoing task. */
export function lastDayOf(deadline: DeadlineExpression): CalendarDay | null {
  switch (deadline.kind) {
    case 'day':
      return deadline.day;
    case 'month':
      return calendarDay(deadline.year, deadline.month, daysInMonth(deadline.year, deadline.month));
    case 'quarter':
      return calendarDay(deadline.year, deadline.quarter * 3, daysInMonth(deadline.year, deadline.quarter * 3));
    case 'year':
      return calendarDay(deadline.year, 12, 31);
    case 'ongoing':
      return null;
  }
}

function checkYear(year: number, expression: string, refuse: (why: string) => never): number {
  return year >= 1900 ? year : refuse(`"${expression}" has an implausible year`);
}
