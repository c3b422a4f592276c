import { readdirSync, readFileSync } from 'node:fs';
import type { SqlDatabase } from '@app/event-store';
import { HolidayYear, WorkingCalendar, holidayYearFromJson } from '@app/domain';
import { configPath } from '../config/project-root';

/**
 * The working-day calendar in force: the years shipped in config/holidays, replaced year by
 * year by what admins set through the API (HolidaysSet events, projected into rm_settings).
 */
export class CalendarService {
  private readonly shipped: Map<number, HolidayYear>;
  private cached: { at: number; calendar: WorkingCalendar; years: Map<number, HolidayYear> } | null = null;

  constructor(
    private readonly db: SqlDatabase,
    private readonly cacheMs = 2000,
  ) {
    this.shipped = loadShippedYears();
  }

  async calendar(): Promise<WorkingCalendar> {
    return (await this.load()).calendar;
  }

  async year(year: number): Promise<HolidayYear> {
    return (await this.load()).years.get(year) ?? { year, days: [], workdays: [] };
  }

  invalidate(): void {
    this.cached = null;
  }

  private async load() {
    if (this.cached && Date.now() - this.cached.at < this.cacheMs) return this.cached;
    const years = new Map(this.shipped);
    const { rows } = await this.db.query<{ value: HolidayYear }>(`SELECT value FROM rm_settings WHERE key LIKE 'holidays/%'`);
    for (const row of rows) years.set(row.value.year, holidayYearFromJson(row.value));
    this.cached = { at: Date.now(), years, calendar: new WorkingCalendar([...years.values()]) };
    return this.cached;
  }
}

export function loadShippedYears(dir = configPath('holidays')): Map<number, HolidayYear> {
  const years = new Map<number, HolidayYear>();
  for (const file of readdirSync(dir).filter((f) => /^\d{4}\.json$/.test(f))) {
    const year = holidayYearFromJson(JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')));
    years.set(year.year, year);
  }
  return years;
}
