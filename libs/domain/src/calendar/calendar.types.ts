/**
 * Days off and swapped working days for one year, as admins amend them
 * (PUT /calendar/holidays/{year}). Dates are local days in the deadline time zone, YYYY-MM-DD.
 */
export interface HolidayYear {
  year: number;
  /** extra days off on weekdays (public holidays, Tết, swapped days off) */
  days: string[];
  /** weekend days that are worked (a swapped working Saturday) */
  workdays: string[];
}

/** What the rest of the code needs from the working-day calendar (implemented in working-calendar.ts). */
export interface WorkingDays {
  /** Monday..Friday, not a day off, or a listed working Saturday */
  isWorkingDay(day: string): boolean;
  /** `day` itself when it is a working day, else the next working day after it */
  onOrNextWorkingDay(day: string): string;
  /** move n working days from `day` (n < 0 goes back); n = 0 returns onOrNextWorkingDay(day) */
  addWorkingDays(day: string, n: number): string;
}
