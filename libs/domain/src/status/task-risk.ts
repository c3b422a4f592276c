import { CalendarDay, dayOfNumber } from '../shared/calendar-day';
import { DEFAULT_TIME_ZONE, localDayNumber } from '../shared/time';
import { TaskState } from '../task/task.state';
import { StatusOptions, taskStatus } from './task-status';

/**
 * Early warning (api.md "Early warning"): how likely an open task is to end late, with the
 * reasons, in points. The formula (docs/risk.md) is kept equal in SQL by
 * libs/projections/src/tasks/task-risk-sql.ts; a table of cases checks the two agree.
 *
 * Time is counted in calendar days in the deadline zone, so a risk level changes only at a
 * local midnight or at the due instant, like the status, and cached figures stay valid between.
 *  - overdue                      3  the task is already past its due instant
 *  - behind_schedule (severe)     3  at least 80 % of the time from assignment to the due day has
 *                                    passed and progress is below 50 %
 *  - behind_schedule (mild)       1  otherwise, elapsed share − progress share ≥ 30 points
 *  - open_blocker                 2  at least one blocker raised and not resolved
 *  - stale_report                 1  30 days or more since the last progress report (or, with
 *                                    none, since assignment) and progress below 100 %
 *  - extended                     1  the deadline has been extended at least once
 *  - agency_record                1  the lead agency's record is poor (poorRecordAgencies)
 * Level: 3 points or more high, 2 medium, otherwise low. A completion reported and awaiting
 * confirmation counts as 100 % progress reported on its report day.
 */
export type RiskLevel = 'high' | 'medium' | 'low';
export const RISK_LEVELS: RiskLevel[] = ['high', 'medium', 'low'];

export type RiskReasonCode = 'overdue' | 'behind_schedule' | 'open_blocker' | 'stale_report' | 'extended' | 'agency_record';

export interface RiskReason {
  code: RiskReasonCode;
  points: number;
  /** the figures the reason's text quotes */
  figures: Record<string, number>;
}

export interface TaskRisk {
  level: RiskLevel;
  points: number;
  reasons: RiskReason[];
}

export const RISK_THRESHOLDS = { high: 3, medium: 2 } as const;
export const STALE_REPORT_DAYS = 30;
const SEVERE_ELAPSED_TENTHS = 8;
const SEVERE_PROGRESS_BELOW = 50;
const MILD_GAP_POINTS = 30;

/** What the formula reads about a task, the same columns the SQL twin reads from rm_tasks. */
export interface RiskInputs {
  assignedAt: Date;
  due: Date;
  /** latest progress or completion report (business time), null when none */
  lastReportAt: Date | null;
  progressPercent: number | null;
  awaitingConfirmation: boolean;
  openBlockers: number;
  extensions: number;
  leadAgency: string;
}

/** A lead agency's record in a report: the counts poorRecordAgencies weighs. */
export interface AgencyRecord {
  agency: string;
  completedOnTime: number;
  completedLate: number;
  overdue: number;
}

/**
 * Agencies whose record is poor: at least 3 tasks late (completed late or overdue) and they are
 * at least half of the agency's tasks with a deadline that are finished or overdue.
 */
export function poorRecordAgencies(records: Iterable<AgencyRecord>): string[] {
  const poor: string[] = [];
  for (const r of records) {
    const late = r.completedLate + r.overdue;
    if (late >= 3 && late * 2 >= late + r.completedOnTime) poor.push(r.agency);
  }
  return poor.sort();
}

/** The instant of the task's latest report of progress or completion, null when none. */
export function lastReportAt(state: TaskState): string | null {
  const reported = state.completionReport?.status === 'reported' ? state.completionReport.reportedAt : null;
  const progress = state.progress?.at ?? null;
  if (reported === null) return progress;
  if (progress === null) return new Date(reported).toISOString();
  return Date.parse(reported) > Date.parse(progress) ? new Date(reported).toISOString() : progress;
}

/** The inputs of the formula from a folded task, null when the task carries no risk (finished, cancelled, ongoing). */
export function riskInputs(state: TaskState, now: Date, opts?: StatusOptions): RiskInputs | null {
  const status = taskStatus(state, now, opts);
  if (status !== 'on_track' && status !== 'due_soon' && status !== 'overdue') return null;
  return inputsOf(state);
}

/** The inputs of an open task with a deadline, whatever the time; null for any other. */
export function openRiskInputs(state: TaskState): RiskInputs | null {
  if (!state.exists || state.completedAt !== null || state.cancelled !== null || !state.deadline?.due || !state.assignedAt) return null;
  return inputsOf(state);
}

function inputsOf(state: TaskState): RiskInputs {
  const last = lastReportAt(state);
  return {
    assignedAt: new Date(state.assignedAt as string),
    due: new Date(state.deadline?.due as string),
    lastReportAt: last ? new Date(last) : null,
    progressPercent: state.progress?.percent ?? null,
    awaitingConfirmation: state.completionReport?.status === 'reported',
    openBlockers: state.blockers.filter((b) => b.resolvedAt === null).length,
    extensions: state.extensions.length,
    leadAgency: state.leadAgency as string,
  };
}

/** A task's risk at `now`; null when it carries none. */
export function taskRisk(state: TaskState, now: Date, poorAgencies: readonly string[], opts?: StatusOptions): TaskRisk | null {
  const inputs = riskInputs(state, now, opts);
  return inputs ? riskOf(inputs, now, poorAgencies, opts?.timeZone) : null;
}

/** The formula itself, over the inputs (used by the domain, the API's lists and the reports' replay). */
export function riskOf(t: RiskInputs, now: Date, poorAgencies: readonly string[], timeZone: string = DEFAULT_TIME_ZONE): TaskRisk {
  const day = (d: Date) => localDayNumber(d, timeZone);
  const today = day(now);
  const assignedDay = day(t.assignedAt);
  const total = Math.max(1, day(t.due) - assignedDay);
  const elapsed = Math.max(0, today - assignedDay);
  const progress = t.awaitingConfirmation ? 100 : (t.progressPercent ?? 0);
  const sinceReport = today - day(t.lastReportAt ?? t.assignedAt);
  const elapsedPercent = Math.floor((elapsed * 100) / total);
  const reasons: RiskReason[] = [];
  if (now.getTime() > t.due.getTime()) reasons.push({ code: 'overdue', points: 3, figures: { days: Math.max(0, today - day(t.due)) } });
  if (elapsed * 10 >= total * SEVERE_ELAPSED_TENTHS && progress < SEVERE_PROGRESS_BELOW) {
    reasons.push({ code: 'behind_schedule', points: 3, figures: { elapsedPercent, progress } });
  } else if (elapsed * 100 - progress * total >= MILD_GAP_POINTS * total) {
    reasons.push({ code: 'behind_schedule', points: 1, figures: { elapsedPercent, progress } });
  }
  if (t.openBlockers > 0) reasons.push({ code: 'open_blocker', points: 2, figures: { count: t.openBlockers } });
  if (sinceReport >= STALE_REPORT_DAYS && progress < 100) reasons.push({ code: 'stale_report', points: 1, figures: { days: sinceReport } });
  if (t.extensions > 0) reasons.push({ code: 'extended', points: 1, figures: { count: t.extensions } });
  if (poorAgencies.includes(t.leadAgency)) reasons.push({ code: 'agency_record', points: 1, figures: {} });
  const points = reasons.reduce((sum, r) => sum + r.points, 0);
  return { level: levelOf(points), points, reasons };
}

export function levelOf(points: number): RiskLevel {
  if (points >= RISK_THRESHOLDS.high) return 'high';
  if (points >= RISK_THRESHOLDS.medium) return 'medium';
  return 'low';
}

/** A reason as people read it, in Vietnamese (default) or English. */
export function riskReasonText(reason: RiskReason, lang: 'vi' | 'en' = 'vi'): string {
  const f = reason.figures;
  const vi = lang === 'vi';
  switch (reason.code) {
    case 'overdue':
      return vi ? `Đã quá hạn ${f.days} ngày` : `Overdue by ${f.days} day(s)`;
    case 'behind_schedule':
      return vi
        ? `Đã qua ${f.elapsedPercent}% thời gian thực hiện, tiến độ mới đạt ${f.progress}%`
        : `${f.elapsedPercent}% of the time has passed, progress is ${f.progress}%`;
    case 'open_blocker':
      return vi ? `Có ${f.count} khó khăn, vướng mắc chưa được tháo gỡ` : `${f.count} open blocker(s)`;
    case 'stale_report':
      return vi ? `${f.days} ngày chưa báo cáo tiến độ` : `No progress report for ${f.days} days`;
    case 'extended':
      return vi ? `Đã được gia hạn ${f.count} lần` : `Deadline extended ${f.count} time(s)`;
    case 'agency_record':
      return vi ? 'Cơ quan chủ trì có nhiều nhiệm vụ quá hạn, trễ hạn' : 'The lead agency has many overdue or late tasks';
  }
}

/**
 * The same formula as days: an open task's points change with time alone only at its due instant
 * and on the days below, so counts can be kept per schedule (rm_task_tally) and levelled at any
 * day by comparing days, with no task read. Until the inputs change (a report, a blocker, an
 * extension), `scheduledPoints(riskSchedule(t), today) + overdue + agency record` equals riskOf's
 * points; a unit test compares them day by day.
 */
export interface RiskSchedule {
  /** open_blocker and extended: they do not change with time */
  fixedPoints: number;
  /** from this day behind_schedule counts 3 (null: progress is at least 50 %) */
  severeFrom: CalendarDay | null;
  /** from this day behind_schedule counts at least 1 */
  mildFrom: CalendarDay;
  /** from this day stale_report counts (null: progress is 100 %) */
  staleFrom: CalendarDay | null;
}

export function riskSchedule(t: RiskInputs, timeZone: string = DEFAULT_TIME_ZONE): RiskSchedule {
  // in day numbers: a rebuild makes a schedule for every event of an open task
  const day = (d: Date) => localDayNumber(d, timeZone);
  const assignedDay = day(t.assignedAt);
  const total = Math.max(1, day(t.due) - assignedDay);
  const progress = t.awaitingConfirmation ? 100 : (t.progressPercent ?? 0);
  return {
    fixedPoints: (t.openBlockers > 0 ? 2 : 0) + (t.extensions > 0 ? 1 : 0),
    // elapsed * 10 >= total * 8, elapsed * 100 - progress * total >= 30 * total: the first whole day of each
    severeFrom: progress < SEVERE_PROGRESS_BELOW ? dayOfNumber(assignedDay + Math.ceil((total * SEVERE_ELAPSED_TENTHS) / 10)) : null,
    mildFrom: dayOfNumber(assignedDay + Math.ceil(((MILD_GAP_POINTS + progress) * total) / 100)),
    staleFrom: progress < 100 ? dayOfNumber(day(t.lastReportAt ?? t.assignedAt) + STALE_REPORT_DAYS) : null,
  };
}

/** The schedule's points on `today` (a day in the deadline zone), before overdue and agency_record. */
export function scheduledPoints(s: RiskSchedule, today: CalendarDay): number {
  const behind = s.severeFrom !== null && today >= s.severeFrom ? 3 : today >= s.mildFrom ? 1 : 0;
  return s.fixedPoints + behind + (s.staleFrom !== null && today >= s.staleFrom ? 1 : 0);
}
