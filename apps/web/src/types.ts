/** The shapes of api.md answers the console reads (only the fields it uses). */

export type Role = 'admin' | 'coordinator' | 'agency' | 'auditor';
export type TaskStatus = 'on_track' | 'due_soon' | 'overdue' | 'completed_on_time' | 'completed_late' | 'cancelled' | 'ongoing';
export const TASK_STATUSES: TaskStatus[] = [
  'on_track',
  'due_soon',
  'overdue',
  'completed_on_time',
  'completed_late',
  'cancelled',
  'ongoing',
];
export type NoticeStatus = 'pending' | 'sent' | 'failed' | 'cancelled';
export const NOTICE_STATUSES: NoticeStatus[] = ['pending', 'sent', 'failed', 'cancelled'];
export type ClarityItem = 'person' | 'task' | 'time' | 'responsibility' | 'deliverable' | 'authority';
/** "6 rõ" in the order of Decision 2179/QĐ-TTg: who, what, when, who answers, deliverable, authority. */
export const CLARITY_ITEMS: ClarityItem[] = ['person', 'task', 'time', 'responsibility', 'deliverable', 'authority'];

export interface Person {
  name: string;
  email?: string | null;
}

export interface Source {
  kind: string;
  ref: string;
  issuedOn?: string | null;
}

export interface Clarity extends Record<ClarityItem, boolean> {
  missing: ClarityItem[];
}

export interface TaskListItem {
  id: string;
  code: string;
  title: string;
  status: TaskStatus;
  leadAgency: string;
  coordinatingAgencies: string[];
  source: Source | null;
  priority: string;
  assignee: Person | null;
  deadline: {
    due: string | null;
    original: string | null;
    expression: string;
    originalExpression: string;
    adjusted: boolean;
    extensions: number;
  };
  progress: { percent: number; note: string | null; at?: string } | null;
  completedAt: string | null;
  openBlockers: number;
  clarity: Clarity;
  assignedAt: string | null;
  version: number;
}

export interface ExtensionEntry {
  from: string | null;
  to: string | null;
  expression: string;
  reason: string;
  decisionRef: string | null;
  requestId: string | null;
  at: string | null;
}

export interface ExtensionRequest {
  requestId: string;
  proposed: string | null;
  proposedExpression: string;
  reason: string;
  status: 'pending' | 'approved';
  at: string | null;
}

export interface Blocker {
  blockerId: string;
  description: string;
  raisedAt: string | null;
  resolvedAt: string | null;
  note?: string | null;
}

export interface TaskDetail extends Omit<TaskListItem, 'deadline'> {
  description: string | null;
  deliverable: string | null;
  approver: string | null;
  deadline: TaskListItem['deadline'] & { lastDay: string | null; history: ExtensionEntry[] };
  extensionRequests: ExtensionRequest[];
  completion: { deliverableRef?: string | null; note?: string | null } | null;
  cancelled: { reason: string; at: string | null } | null;
  blockers: Blocker[];
  reopenings: number;
}

export interface Actor {
  role: string;
  name: string;
  agency?: string;
}

export interface HistoryEvent {
  position: number;
  version: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: Actor | null;
  data: Record<string, any>;
  streamId?: string;
  hash?: string;
}

export interface Counts {
  total: number;
  completed: number;
  completedOnTime: number;
  completedLate: number;
  inProgress: number;
  onTrack: number;
  dueSoon: number;
  overdue: number;
  ongoing: number;
  cancelled: number;
  recurring: number;
  overdueRate: number | null;
}

export interface Summary extends Counts {
  asOf: string;
  knownAt: string;
  byAgency: (Counts & { agency: string; name: string })[];
  bySource: (Counts & { source: string })[];
  filters?: { agency: string | null; source: string | null };
}

export interface RankingRow {
  agency: string;
  name: string;
  total: number;
  completedOnTime: number;
  completedLate: number;
  overdue: number;
  onTimeRate: number | null;
  avgDaysLate: number | null;
  rank: number;
}

export interface PlanRow {
  month: string;
  agency: string;
  name?: string;
  due: number;
  completed: number;
  overdue: number;
}

export interface BlockerRow {
  taskId: string;
  taskCode: string;
  leadAgency: string;
  taskStatus: TaskStatus;
  blockerId: string;
  description: string;
  raisedAt: string;
  resolvedAt: string | null;
}

export interface Agency {
  code: string;
  name: string;
  kind: string;
  head: { name: string; title: string; email: string } | null;
}

export type OffsetUnit = 'working_days' | 'days' | 'hours';
export type RepeatUnit = 'days' | 'working_days' | 'hours';

export interface Rule {
  id: string;
  name: string;
  enabled: boolean;
  scope: { sources: string[]; agencies: string[]; priorities: string[] };
  offset: { amount: number; unit: OffsetUnit };
  repeat: { every: { amount: number; unit: RepeatUnit }; maxTimes: number } | null;
  recipients: string[];
  level: number;
  digest: boolean;
  sendWindow: { start: string; end: string; workingDaysOnly: boolean } | null;
  version?: number;
  updatedAt?: string | null;
}

export interface Recipient {
  email: string;
  as: string;
  name: string | null;
  title?: string | null;
  agency?: string | null;
}

export interface SimulatedNotice {
  taskId: string;
  taskCode: string;
  ruleId: string;
  fireAt: string;
  recipients: Recipient[];
  level: number;
  digest?: boolean;
  catchUp?: boolean;
}

export interface Notice {
  id: string;
  taskIds: string[];
  taskCodes?: string[];
  ruleId: string;
  level: number;
  kind?: string;
  digest?: boolean;
  recipients: Recipient[];
  status: NoticeStatus;
  attempts: number;
  fireAt: string;
  issuedAt?: string;
  sentAt: string | null;
  messageId: string | null;
  lastError?: string | null;
}

export interface VerifyResult {
  ok: boolean;
  streams: number;
  events: number;
  failures: { streamId?: string; position?: number; reason?: string; [key: string]: unknown }[];
}

export interface CommandAnswer {
  version: number;
  position: number;
}
