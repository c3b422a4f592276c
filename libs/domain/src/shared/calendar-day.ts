/**
 * Calendar days as `YYYY-MM-DD` strings: the unit of deadlines and holiday calendars.
 * Pure arithmetic on the proleptic Gregorian calendar (UTC-based, so no time zone or DST
 * can shift a day). Functions other than `isCalendarDay` expect a valid day.
 */
export type CalendarDay = string;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isCalendarDay(value: unknown): value is CalendarDay {
  if (typeof value !== 'string') return false;
  const m = DAY.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function calendarDay(year: number, month: number, day: number): CalendarDay {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO weekday: 1 = Monday … 6 = Saturday, 7 = Sunday. */
export function isoWeekday(day: CalendarDay): number {
  return toUtc(day).getUTCDay() || 7;
}

export function isWeekend(day: CalendarDay): boolean {
  return isoWeekday(day) >= 6;
}

export function addDays(day: CalendarDay, n: number): CalendarDay {
  return dayOfNumber(dayNumber(day) + n);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDay, to: CalendarDay): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / MS_PER_DAY);
}

/** Days since 1970-01-01 (negative before): day arithmetic without strings. */
export function dayNumber(day: CalendarDay): number {
  return Math.round(toUtc(day).getTime() / MS_PER_DAY);
}

/** The calendar day of a day number (years 1000-9999, like isCalendarDay). */
export function dayOfNumber(n: number): CalendarDay {
  const d = new Date(n * MS_PER_DAY);
  return calendarDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function toUtc(day: CalendarDay): Date {
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))));
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
