import { DEFAULT_TIME_ZONE, HolidayYear, WorkingCalendar, holidayYearFromJson } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { loadConfig, loadShippedYears } from '@app/platform';

/**
 * The working-day calendar as the read models hold it, read through the caller's handle (inside
 * the projector's transaction it sees this batch's HolidaysSet rows): the years shipped in
 * config/holidays, each replaced by the `holidays/<year>` row admins set. Uncached on purpose:
 * the planner and the dry-run must see exactly the same calendar as the transaction they run in.
 */
export async function loadPlanningCalendar(
  db: SqlDatabase,
  shipped: ReadonlyMap<number, HolidayYear> = shippedYears(),
  overrides: readonly HolidayYear[] = [],
): Promise<WorkingCalendar> {
  const years = new Map(shipped);
  const { rows } = await db.query<{ value: HolidayYear }>(`SELECT value FROM rm_settings WHERE key LIKE 'holidays/%'`);
  for (const row of rows) years.set(row.value.year, holidayYearFromJson(row.value));
  for (const year of overrides) years.set(year.year, year);
  return new WorkingCalendar([...years.values()]);
}

let shippedCache: Map<number, HolidayYear> | null = null;

/** config/holidays/<year>.json, read once per process. */
export function shippedYears(): Map<number, HolidayYear> {
  shippedCache ??= loadShippedYears();
  return shippedCache;
}

/**
 * DEADLINE_TIMEZONE for code that is built without the Nest config (the projection list is
 * built by a plain function): the same file + environment the process started with.
 */
export function configuredTimeZone(): string {
  try {
    return loadConfig().DEADLINE_TIMEZONE;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}
