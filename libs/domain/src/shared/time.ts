import { DateTime, type Zone } from 'luxon';
import { CalendarDay, calendarDay, isCalendarDay } from './calendar-day';
import { DomainError } from './domain-error';
import { zoneNamed } from './zone';

/** Where a deadline's day ends unless configured otherwise (`DEADLINE_TIMEZONE`). */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** ISO-8601 date-time that carries its offset (`Z` or ±hh:mm / ±hhmm). */
const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An input time (api.md "Times"): ISO-8601 with an offset, or a plain `YYYY-MM-DD` meaning the
 * END of that day in `timeZone` (a period ends at 24:00 of its last day, Civil Code 2015 art. 148).
 * A date-time without an offset is refused: it would silently depend on the server's zone.
 */
export function parseInstant(input: string, field: string, timeZone: string = DEFAULT_TIME_ZONE): Date {
  if (typeof input !== 'string' || input.trim() === '') {
    throw DomainError.invalid(field, 'a time is required: ISO-8601 with an offset (2026-01-15T09:00:00+07:00) or a date (2026-01-15)');
  }
  const text = input.trim();
  if (isCalendarDay(text)) return endOfLocalDay(text, timeZone);
  if (!INSTANT_WITH_OFFSET.test(text)) {
    throw DomainError.invalid(field, `"${clip(text)}" is not ISO-8601 with an offset (2026-01-15T09:00:00+07:00) nor a date (2026-01-15)`);
  }
  const parsed = DateTime.fromISO(text, { setZone: true });
  if (!parsed.isValid) throw DomainError.invalid(field, `"${clip(text)}" is not a real date and time`);
  return parsed.toJSDate();
}

/**
 * `date` as ISO-8601 with the zone's offset, e.g. `2025-03-31T23:59:59.999+07:00`, as luxon's
 * toISO writes it. Written from the zone's offset without a luxon DateTime (every instant of every
 * API answer goes through here); luxon still writes what that cannot: `Z` for UTC, offsets of
 * seconds (local mean time before 1906) and years outside 0-9999.
 */
export function formatInZone(date: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const { zone, offset, wallClock } = offsetAt(date, timeZone);
  const local = new Date(wallClock);
  const year = local.getUTCFullYear();
  if (zone.isUniversal || !Number.isInteger(offset) || year < 0 || year > 9999) return inZone(date, timeZone).toISO() as string;
  const abs = Math.abs(offset);
  return (
    `${calendarDay(year, local.getUTCMonth() + 1, local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:` +
    `${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * The local calendar day of `date` in `timeZone`, `YYYY-MM-DD`. From the zone's offset at that
 * instant, without a luxon DateTime: rebuilds and reports ask it several times per task.
 */
export function localDay(date: Date, timeZone: string = DEFAULT_TIME_ZONE): CalendarDay {
  const local = new Date(offsetAt(date, timeZone).wallClock);
  const year = local.getUTCFullYear();
  if (year < 0 || year > 9999) return inZone(date, timeZone).toISODate() as string;
  return calendarDay(year, local.getUTCMonth() + 1, local.getUTCDate());
}

/**
 * The local calendar day of `date` in `timeZone` as a day number (dayNumber in calendar-day.ts):
 * for counting days between instants without making day strings.
 */
export function localDayNumber(date: Date, timeZone: string = DEFAULT_TIME_ZONE): number {
  return Math.floor(offsetAt(date, timeZone).wallClock / MS_PER_DAY);
}

const MS_PER_DAY = 86_400_000;

/** The zone's offset (minutes) at `date`, and `date`'s wall-clock time there as milliseconds of the UTC epoch. */
function offsetAt(date: Date, timeZone: string): { zone: Zone; offset: number; wallClock: number } {
  const ts = date.getTime();
  const zone = zoneOf(timeZone);
  if (!Number.isFinite(ts)) throw new RangeError(`cannot express ${String(date)} in time zone ${timeZone}`);
  const offset = zone.offset(ts);
  return { zone, offset, wallClock: ts + offset * 60_000 };
}

/** The last millisecond of `day` in `timeZone` (23:59:59.999 local). */
export function endOfLocalDay(day: CalendarDay, timeZone: string = DEFAULT_TIME_ZONE): Date {
  if (!isCalendarDay(day)) throw new RangeError(`not a calendar day: ${day}`);
  return DateTime.fromISO(day, { zone: zoneOf(timeZone) })
    .endOf('day')
    .toJSDate();
}

/** Throws a RangeError for an unknown IANA zone (a configuration error, not a user one). */
export function assertTimeZone(timeZone: string): void {
  zoneOf(timeZone);
}

/** The zone to build DateTimes in (offsets remembered, see zone.ts); a RangeError for an unknown name. */
export function zoneOf(timeZone: string): Zone {
  const zone = zoneNamed(timeZone);
  if (zone === null) throw new RangeError(`unknown time zone: ${timeZone}`);
  return zone;
}

function inZone(date: Date, timeZone: string): DateTime {
  const dt = DateTime.fromJSDate(date, { zone: zoneOf(timeZone) });
  if (!dt.isValid) throw new RangeError(`cannot express ${String(date)} in time zone ${timeZone}: ${dt.invalidReason}`);
  return dt;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
