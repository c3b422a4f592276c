import { DateTime } from 'luxon';
import { FieldChecks } from '../shared/field-checks';
import { boundedList } from '../shared/limits';
import { objectInput } from '../shared/object-input';
import { agencyCode } from '../shared/codes';
import { daysInMonth } from '../shared/calendar-day';
import { DomainError } from '../shared/domain-error';
import { identifier, optionalText, requiredEmail, requiredText } from '../shared/text';
import { zoneOf } from '../shared/time';

/**
 * Scheduled reports (issue 15): an admin sets schedules such as "the 25th of each month at
 * 08:00"; at each one the engine publishes an edition of the report as of that moment and mails
 * its official report (DOCX and PDF) to the schedule's recipients through the notice pipeline.
 * The list is one setting, event-sourced like the others (`ReportSchedulesSet`).
 */
export interface ReportSchedule {
  /** stable id chosen by the admin, e.g. `bao-cao-thang` */
  id: string;
  name: string;
  enabled: boolean;
  /** 1-31; a month shorter than that runs on its last day */
  dayOfMonth: number;
  /** HH:mm in the deadline zone */
  time: string;
  /** the edition's title */
  title: string;
  recipients: string[];
  source: string | null;
  agency: string | null;
}

export interface ReportSchedulesSet {
  type: 'ReportSchedulesSet';
  data: { schedules: ReportSchedule[] };
}

export const REPORT_SCHEDULES_STREAM = 'settings-report-schedules';
export const MAX_REPORT_SCHEDULES = 20;
const MAX_SCHEDULE_RECIPIENTS = 50;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `{schedules: [...]}` checked field by field, every fault named (`schedules[1].time`). */
export function parseReportSchedules(input: unknown): ReportSchedulesSet['data'] {
  const list = boundedList(objectInput(input).schedules, 'schedules', MAX_REPORT_SCHEDULES, 'schedules');
  const checks = new FieldChecks();
  const seen = new Set<string>();
  const schedules = list.map((raw, i) => {
    const f = (name: string) => `schedules[${i}].${name}`;
    const item = checks.run(() => objectInput(raw, `schedules[${i}]`));
    if (!item) return null;
    const id = checks.run(() => {
      const value = identifier(item.id, f('id'), 60);
      if (!/^[a-z0-9][a-z0-9-]*$/.test(value)) throw DomainError.invalid(f('id'), 'must be lower-case letters, digits and -');
      if (seen.has(value)) throw DomainError.invalid(f('id'), 'is used by another schedule');
      seen.add(value);
      return value;
    });
    const name = checks.run(() => requiredText(item.name, f('name'), { max: 200 }));
    const enabled = checks.run(() => {
      if (item.enabled === undefined) return true;
      if (typeof item.enabled !== 'boolean') throw DomainError.invalid(f('enabled'), 'must be true or false');
      return item.enabled;
    });
    const dayOfMonth = checks.run(() => {
      if (!Number.isInteger(item.dayOfMonth) || (item.dayOfMonth as number) < 1 || (item.dayOfMonth as number) > 31)
        throw DomainError.invalid(f('dayOfMonth'), 'must be a whole number from 1 to 31');
      return item.dayOfMonth as number;
    });
    const time = checks.run(() => {
      if (typeof item.time !== 'string' || !HH_MM.test(item.time)) throw DomainError.invalid(f('time'), 'must be HH:mm, e.g. 08:00');
      return item.time;
    });
    const title = checks.run(() => requiredText(item.title, f('title'), { max: 300 }));
    const recipients = checks.run(() => {
      const emails = boundedList(item.recipients, f('recipients'), MAX_SCHEDULE_RECIPIENTS, 'email addresses');
      if (emails.length === 0) throw DomainError.invalid(f('recipients'), 'must name at least one email address');
      const inner = new FieldChecks();
      const out = emails.map((e, j) => inner.run(() => requiredEmail(e, `${f('recipients')}[${j}]`)));
      inner.throwIfAny();
      return [...new Set(out as string[])];
    });
    const source = checks.run(() => optionalText(item.source, f('source'), { max: 100 }));
    const agency = checks.run(() =>
      item.agency === undefined || item.agency === null || item.agency === '' ? null : agencyCode(item.agency, f('agency')),
    );
    return { id, name, enabled, dayOfMonth, time, title, recipients, source, agency } as ReportSchedule;
  });
  checks.throwIfAny();
  return { schedules: schedules as ReportSchedule[] };
}

/** One run of a schedule: the month it is for and the instant it fires. */
export interface ScheduleRun {
  /** `<schedule id>/<YYYY-MM>`: names the run's edition and notice, so a run happens once */
  key: string;
  fireAt: Date;
}

/** The schedule's fire instant in a month (its day, or the month's last day when shorter). */
export function fireInstant(schedule: Pick<ReportSchedule, 'dayOfMonth' | 'time'>, year: number, month: number, timeZone: string): Date {
  const [hour, minute] = schedule.time.split(':').map(Number);
  const day = Math.min(schedule.dayOfMonth, daysInMonth(year, month));
  return DateTime.fromObject({ year, month, day, hour, minute }, { zone: zoneOf(timeZone) }).toJSDate();
}

/**
 * The run due at `now`: the latest fire instant at or before now, this month or last, and not
 * before `since` (when the schedule was set: setting one on the 26th does not publish the 25th's
 * report after the fact). Null when nothing is due or the schedule is disabled.
 */
export function dueRun(schedule: ReportSchedule, since: Date, now: Date, timeZone: string): ScheduleRun | null {
  if (!schedule.enabled) return null;
  const local = DateTime.fromJSDate(now, { zone: zoneOf(timeZone) });
  for (const m of [local, local.minus({ months: 1 })]) {
    const fireAt = fireInstant(schedule, m.year, m.month, timeZone);
    if (fireAt.getTime() > now.getTime()) continue;
    if (fireAt.getTime() < since.getTime()) return null;
    return { key: `${schedule.id}/${String(m.year).padStart(4, '0')}-${String(m.month).padStart(2, '0')}`, fireAt };
  }
  return null;
}
