import type { RiskInputs, RiskLevel, TaskStatus } from '@app/domain';

/**
 * What a report needs to know about one task at the evaluation instant (`asOf`, with the events
 * recorded by `knownAt`). Built from a replayed TaskState (report-facts.ts) for past reports;
 * the current reports compute the same figures in SQL over rm_tasks (report-sql.ts).
 */
export interface TaskFact {
  taskId: string;
  code: string;
  /** the lead agency at the evaluation instant (after any reassignment that had occurred) */
  leadAgency: string;
  sourceRef: string | null;
  assignedAt: Date;
  /** taskStatus at the evaluation instant */
  status: TaskStatus;
  /** the deadline in force (for a completed task: the one in force at completion); null when recurring */
  due: Date | null;
  /** last day of the deadline in force as written, before the art. 148 shift (YYYY-MM-DD) */
  lastDay: string | null;
  originalDue: Date | null;
  extensions: number;
  completedAt: Date | null;
  onTime: boolean | null;
  /**
   * Calendar days late in the deadline zone: completion day − due day for a late completion,
   * evaluation day − due day for an overdue task; null otherwise.
   */
  daysLate: number | null;
  /** nhiệm vụ thường xuyên: no deadline, excluded from on-time and overdue figures */
  recurring: boolean;
  /** what the early-warning formula reads, null when the task carries no risk (finished, cancelled, ongoing) */
  riskInputs: RiskInputs | null;
  /** an officer's completion report awaits a coordinator's confirmation (the task counts by its deadline meanwhile) */
  awaitingConfirmation: boolean;
}

/**
 * One cell of the status cross-tabulation both report paths produce: tasks of one lead agency,
 * one source document, one status, with or without a deadline. Summary and ranking are built
 * from cells only, so the SQL path (GROUP BY) and the replay path (facts) share that code.
 */
export interface StatusCell {
  agency: string;
  source: string | null;
  status: TaskStatus;
  recurring: boolean;
  count: number;
  /** sum of daysLate over the cell's tasks (0 for statuses that are never late) */
  daysLate: number;
  /** of the cell's tasks, those whose completion report awaits confirmation */
  awaiting: number;
}

/**
 * Open tasks not yet overdue of one lead agency, source and month of their last day, at one
 * risk level (api.md "Early warning"). Reports count `atRisk` from the high cells.
 */
export interface RiskCell {
  agency: string;
  source: string | null;
  /** YYYY-MM of the deadline's last day as written */
  month: string | null;
  level: RiskLevel;
  count: number;
}

/** Tasks of one lead agency whose deadline in force has its last day in `month`, by status. */
export interface MonthCell {
  month: string;
  agency: string;
  status: TaskStatus;
  count: number;
}

export interface StatusCounts {
  /** every task not cancelled: completed + inProgress + overdue */
  total: number;
  completed: number;
  completedOnTime: number;
  completedLate: number;
  /** onTrack + dueSoon + ongoing */
  inProgress: number;
  onTrack: number;
  dueSoon: number;
  overdue: number;
  ongoing: number;
  /** apart: not in total */
  cancelled: number;
  /** of onTrack + dueSoon, the tasks at high risk of ending late (the early warning) */
  atRisk: number;
  /** of the open tasks, those whose completion report awaits a coordinator's confirmation (counted by their deadline) */
  awaitingConfirmation: number;
  /** tasks in total without a deadline (nhiệm vụ thường xuyên), open (ongoing) or completed */
  recurring: number;
  /** overdue / (total − recurring): the headline KPI (share overdue and not completed); null when no task has a deadline */
  overdueRate: number | null;
}

export interface AgencyName {
  code: string;
  name: string;
}

export interface ReportTimes {
  /** business time the report is evaluated at */
  asOf: Date;
  /** record time: only events recorded by then */
  knownAt: Date;
}

export interface Summary extends StatusCounts {
  asOf: Date;
  knownAt: Date;
  byAgency: (StatusCounts & { agency: string; name: string })[];
  bySource: (StatusCounts & { source: string | null })[];
}

export interface RankingRow {
  agency: string;
  name: string;
  /** tasks the agency leads at the evaluation instant, not cancelled (recurring ones included) */
  total: number;
  completedOnTime: number;
  completedLate: number;
  overdue: number;
  /** completedOnTime / (completedOnTime + completedLate + overdue), recurring tasks excluded; null when none */
  onTimeRate: number | null;
  /** mean calendar days late over late completions and overdue tasks; null when none */
  avgDaysLate: number | null;
  rank: number;
}

export interface MonthlyPlanRow {
  month: string;
  agency: string;
  name: string;
  /** tasks whose deadline in force has its last day in the month (not cancelled, not recurring) */
  due: number;
  /** of those, completed by asOf (on time or late) */
  completed: number;
  /** of those, not completed and past due at asOf */
  overdue: number;
  /** of those, not completed, not yet overdue and at high risk at asOf */
  atRisk: number;
}

export type BlockerStatusFilter = 'open' | 'resolved' | 'all';
export const BLOCKER_STATUS_FILTERS: BlockerStatusFilter[] = ['open', 'resolved', 'all'];

export interface BlockerFact {
  taskId: string;
  taskCode: string;
  leadAgency: string;
  taskStatus: TaskStatus;
  blockerId: string;
  description: string;
  raisedAt: Date;
  resolvedAt: Date | null;
}

/** Which tasks a report covers. */
export interface ReportFilter {
  /** lead agency code at the evaluation instant */
  agency?: string;
  /** source document ref, e.g. 71/NQ-CP */
  source?: string;
  /** only tasks assigned (business time) at or after this instant */
  assignedFrom?: Date;
  /** only tasks assigned at or before this instant */
  assignedTo?: Date;
}

export interface StatusRules {
  dueSoonDays: number;
  timeZone: string;
}
