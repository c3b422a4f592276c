import { CalendarDay, addDays, calendarDay, daysInMonth, isCalendarDay } from '../shared/calendar-day';
import { DomainError } from '../shared/domain-error';

/**
 * A deadline as directives write it (domain-facts.md "Deadline wording"): a day ("15/01/2026",
 * "chậm nhất ngày 15/01/2026"), a day the task must be done before ("trước ngày 15/01/2026"), a
 * month ("trong tháng 01/2026"), the middle of a month ("giữa tháng 3/2026"), a quarter ("trong Quý
 * I/2026"), the middle of a year ("giữa năm 2026"), a year ("trong năm 2026", "cuối năm 2026") or a
 * recurring task with no deadline ("nhiệm vụ thường xuyên"). `expression` is the input, trimmed,
 * kept verbatim: it is what the directive says and what reports quote.
 */
export type DeadlineExpression =
  | { kind: 'day'; expression: string; day: CalendarDay }
  | { kind: 'before'; expression: string; day: CalendarDay }
  | { kind: 'month'; expression: string; year: number; month: number }
  | { kind: 'midMonth'; expression: string; year: number; month: number }
  | { kind: 'quarter'; expression: string; year: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: 'midYear'; expression: string; year: number }
  | { kind: 'year'; expression: string; year: number }
  | { kind: 'ongoing'; expression: string };

export const ACCEPTED_DEADLINE_FORMS =
  'a date YYYY-MM-DD or dd/mm/yyyy, a month MM/YYYY, a quarter Q1/YYYY..Q4/YYYY, a year YYYY, or "ongoing" ("thường xuyên"), ' +
  'also as directives write them: "trong Quý I/2026", "trong tháng 01/2026", "trong năm 2026", "cuối năm 2026", ' +
  '"giữa năm 2026", "giữa tháng 3/2026", "trước ngày 15/01/2026", "chậm nhất ngày 15/01/2026"';

/** How "trước ngày D" reads: by default D is the last day (domain-facts.md); strictly, D-1 (`DEADLINE_BEFORE_STRICT`). */
export interface DeadlineReading {
  strictBefore?: boolean;
}

const MAX_LENGTH = 60;
const DATE = String.raw`(\d{4})-(\d{2})-(\d{2})|(\d{1,2})\/(\d{1,2})\/(\d{4})`;
// The words are matched on the lower-cased, NFC-normalised, space-collapsed text.
const DAY = new RegExp(String.raw`^(?:(chậm nhất)\s+(?:là\s+)?)?(?:(trước)\s+)?(?:ngày\s+)?(?:${DATE})$`);
const MONTH_OF_YEAR = String.raw`(\d{1,2})\s*(?:\/|\s+năm\s+)\s*(\d{4})`;
const MONTH = new RegExp(String.raw`^(?:(?:trong|cuối)\s+)?(?:tháng\s+${MONTH_OF_YEAR}|(\d{1,2})\/(\d{4}))$`);
const MID_MONTH = new RegExp(String.raw`^giữa\s+tháng\s+${MONTH_OF_YEAR}$`);
const QUARTER = /^(?:(?:trong|cuối)\s+)?(?:q|quý\s+)(iv|iii|ii|i|\d)\s*(?:\/|\s+năm\s+)\s*(\d{4})$/;
const YEAR = /^(?:(?:trong|cuối)\s+)?(?:năm\s+)?(\d{4})$/;
const MID_YEAR = /^giữa\s+năm\s+(\d{4})$/;
const ONGOING = /^(?:ongoing|(?:nhiệm vụ\s+)?thường xuyên)$/;
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/** Parses a deadline expression; anything else is a 400 naming `field` and the accepted forms. */
export function parseDeadlineExpression(expr: string, field = 'deadline'): DeadlineExpression {
  const refuse = (why: string): never => {
    throw DomainError.invalid(field, `${why}; expected ${ACCEPTED_DEADLINE_FORMS}`);
  };
  if (typeof expr !== 'string' || expr.trim() === '') return refuse('a deadline is required');
  const expression = expr.trim().normalize('NFC');
  if (expression.length > MAX_LENGTH) return refuse('the deadline is too long');
  const text = expression.toLowerCase().replace(/\s+/g, ' ');
  const year = (digits: string) => checkYear(Number(digits), expression, refuse);
  const month = (digits: string) => {
    const value = Number(digits);
    return value >= 1 && value <= 12 ? value : refuse(`"${expression}" has no month ${digits}`);
  };

  if (ONGOING.test(text)) return { kind: 'ongoing', expression };
  let m: RegExpExecArray | null;
  if ((m = DAY.exec(text))) {
    // ISO year-month-day, or day first as directives write it
    const [y, mo, d] = m[3] !== undefined ? [m[3], m[4], m[5]] : [m[8], m[7], m[6]];
    const day = calendarDay(year(y), Number(mo), Number(d));
    if (!isCalendarDay(day)) return refuse(`"${expression}" is not a real date`);
    return { kind: m[2] === undefined ? 'day' : 'before', expression, day };
  }
  if ((m = MID_MONTH.exec(text))) return { kind: 'midMonth', expression, year: year(m[2]), month: month(m[1]) };
  if ((m = MONTH.exec(text))) return { kind: 'month', expression, year: year(m[2] ?? m[4]), month: month(m[1] ?? m[3]) };
  if ((m = QUARTER.exec(text))) {
    const quarter = ROMAN[m[1]] ?? Number(m[1]);
    if (quarter < 1 || quarter > 4) return refuse(`"${expression}" has no quarter ${m[1].toUpperCase()}`);
    return { kind: 'quarter', expression, year: year(m[2]), quarter: quarter as 1 | 2 | 3 | 4 };
  }
  if ((m = MID_YEAR.exec(text))) return { kind: 'midYear', expression, year: year(m[1]) };
  if ((m = YEAR.exec(text))) return { kind: 'year', expression, year: year(m[1]) };
  return refuse(`"${expression.slice(0, MAX_LENGTH)}" is not a deadline`);
}

/** The last day of the period (before any art. 148 shift); null for an ongoing task. */
export function lastDayOf(deadline: DeadlineExpression, reading: DeadlineReading = {}): CalendarDay | null {
  switch (deadline.kind) {
    case 'day':
      return deadline.day;
    case 'before':
      return reading.strictBefore ? addDays(deadline.day, -1) : deadline.day;
    case 'month':
      return calendarDay(deadline.year, deadline.month, daysInMonth(deadline.year, deadline.month));
    case 'midMonth':
      return calendarDay(deadline.year, deadline.month, 15); // Civil Code 2015 art. 146: "giữa tháng" is the 15th
    case 'quarter':
      return calendarDay(deadline.year, deadline.quarter * 3, daysInMonth(deadline.year, deadline.quarter * 3));
    case 'midYear':
      return calendarDay(deadline.year, 6, 30);
    case 'year':
      return calendarDay(deadline.year, 12, 31);
    case 'ongoing':
      return null;
  }
}

function checkYear(year: number, expression: string, refuse: (why: string) => never): number {
  return year >= 1900 ? year : refuse(`"${expression}" has an implausible year`);
}
