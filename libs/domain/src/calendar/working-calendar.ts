import { CalendarDay, addDays, isCalendarDay, isWeekend } from '../shared/calendar-day';
import { HolidayYear, WorkingDays } from './calendar.types';

/** No gap between working days is ever this long; a longer search means a broken calendar. */
const MAX_DAYS_OFF_IN_A_ROW = 366;

/**
 * The working-day calendar of state agencies: Monday to Friday (Decision 188/1999/QĐ-TTg),
 * minus the official days off, plus the swapped working Saturdays the Government announces each
 * year (Labour Code 2019 art. 112). Years without a HolidayYear have weekends off only.
 * Immutable: `withYear` returns a new calendar.
 */
export class WorkingCalendar implements WorkingDays {
  private readonly years: ReadonlyMap<number, HolidayYear>;
  private readonly daysOff: ReadonlySet<CalendarDay>;
  private readonly workedWeekendDays: ReadonlySet<CalendarDay>;

  /** When two entries share a year, the later one wins. */
  constructor(holidayYears: readonly HolidayYear[] = []) {
    const years = new Map<number, HolidayYear>();
    for (const year of holidayYears) years.set(year.year, year);
    this.years = years;
    this.daysOff = new Set([...years.values()].flatMap((y) => y.days));
    this.workedWeekendDays = new Set([...years.values()].flatMap((y) => y.workdays));
  }

  /** A new calendar with `year` replacing whatever that year held (PUT /calendar/holidays/{year}). */
  withYear(year: HolidayYear): WorkingCalendar {
    return new WorkingCalendar([...[...this.years.values()].filter((y) => y.year !== year.year), year]);
  }

  holidayYear(year: number): HolidayYear | undefined {
    return this.years.get(year);
  }

  holidayYears(): HolidayYear[] {
    return [...this.years.values()].sort((a, b) => a.year - b.year);
  }

  isWorkingDay(day: CalendarDay): boolean {
    assertDay(day);
    if (this.workedWeekendDays.has(day)) return true;
    return !isWeekend(day) && !this.daysOff.has(day);
  }

  onOrNextWorkingDay(day: CalendarDay): CalendarDay {
    return this.isWorkingDay(day) ? day : this.step(day, 1);
  }

  /** Counting starts the day after (before) `day`: Friday + 1 = Monday, Monday − 1 = Friday. */
  addWorkingDays(day: CalendarDay, n: number): CalendarDay {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number: ${n}`);
    // the planner asks the same few shifts of the same deadlines for every task and rule
    const key = `${day}|${n}`;
    const known = this.shifted.get(key);
    if (known !== undefined) return known;
    let current = day;
    if (n === 0) current = this.onOrNextWorkingDay(day);
    for (let i = 0; i < Math.abs(n); i++) current = this.step(current, Math.sign(n));
    if (this.shifted.size >= 50_000) this.shifted.clear();
    this.shifted.set(key, current);
    return current;
  }
  /** answers of addWorkingDays: the calendar never changes, so neither do they */
  private readonly shifted = new Map<string, CalendarDay>();

  /** The nearest working day strictly after (direction 1) or before (−1) `day`. */
  private step(day: CalendarDay, direction: number): CalendarDay {
    let current = day;
    for (let i = 0; i < MAX_DAYS_OFF_IN_A_ROW; i++) {
      current = addDays(current, direction);
      if (this.isWorkingDay(current)) return current;
    }
    throw new RangeError(`no working day within ${MAX_DAYS_OFF_IN_A_ROW} days of ${day}`);
  }
}

function assertDay(day: CalendarDay): void {
  if (!isCalendarDay(day)) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
}
