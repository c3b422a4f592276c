import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HolidayYear } from '../calendar/calendar.types';
import { holidayYearFromJson } from '../calendar/holiday-year-from-json';
import { WorkingCalendar } from '../calendar/working-calendar';

/** Test-only: the shipped config/holidays/<year>.json files, validated. */
export function shippedHolidayYear(year: number): HolidayYear {
  const file = resolve(__dirname, '../../../../config/holidays', `${year}.json`);
  return holidayYearFromJson(JSON.parse(readFileSync(file, 'utf8')));
}

/** Test-only: the official calendar 2025-2027 as shipped. */
export function officialCalendar(): WorkingCalendar {
  return new WorkingCalendar([2025, 2026, 2027].map(shippedHolidayYear));
}

/** A local Hanoi time, `2026-01-15T09:00` → the instant at +07:00. */
export const hanoi = (local: string): Date => new Date(`${local}${local.length === 16 ? ':00' : ''}+07:00`);
