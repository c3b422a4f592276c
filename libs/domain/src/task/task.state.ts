import { Clarity, Person, Priority, ResolvedDeadline, SourceDocument } from './task.events';

/**
 * A task as its events leave it. Instants derived from the envelope's business time
 * (`occurredAt`) are UTC ISO strings; deadlines keep the zone offset they were resolved in.
 */
export interface TaskState {
  exists: boolean;
  taskId: string | null;
  code: string | null;
  title: string | null;
  description: string | null;
  source: SourceDocument | null;
  leadAgency: string | null;
  coordinatingAgencies: string[];
  assignee: Person | null;
  deliverable: string | null;
  approver: string | null;
  priority: Priority;
  assignedAt: string | null;
  /** the deadline in force (after the latest extension) */
  deadline: ResolvedDeadline | null;
  /** the deadline as first assigned; reports show it beside the one in force */
  originalDeadline: ResolvedDeadline | null;
  extensions: ExtensionRecord[];
  extensionRequests: ExtensionRequestRecord[];
  progress: { percent: number; note: string | null; at: string } | null;
  blockers: BlockerRecord[];
  completedAt: string | null;
  completion: CompletionRecord | null;
  /** an officer's completion report awaiting confirmation, or returned; null once accepted or reopened */
  completionReport: CompletionReportRecord | null;
  cancelled: { reason: string; at: string } | null;
  reopenings: number;
  /** how many comments the thread holds */
  comments: number;
  /** evidence files, in the order they were attached */
  attachments: AttachmentRecord[];
  /** "6 rõ" of the task as it stands (recomputed on reassignment) */
  clarity: Clarity | null;
  /** number of events applied: the stream version */
  version: number;
}

export interface ExtensionRecord {
  previous: ResolvedDeadline;
  deadline: ResolvedDeadline;
  reason: string;
  decisionRef: string | null;
  requestId: string | null;
  at: string;
}

export interface ExtensionRequestRecord {
  requestId: string;
  proposed: ResolvedDeadline;
  reason: string;
  at: string;
  status: 'pending' | 'approved' | 'refused';
  /** when it was approved or refused (business time) */
  decidedAt: string | null;
  /** the official letter conveying an approval */
  decisionRef: string | null;
  refusalReason: string | null;
}

export interface BlockerRecord {
  blockerId: string;
  description: string;
  raisedAt: string;
  resolvedAt: string | null;
  resolutionNote: string | null;
}

export interface AttachmentRecord {
  attachmentId: string;
  name: string;
  size: number;
  sha256: string;
  contentType: string;
  at: string;
}

export interface CompletionRecord {
  deliverableRef: string | null;
  deliverableIssuedOn?: string | null;
  note: string | null;
  /** null when the task had no deadline (ongoing) */
  onTime: boolean | null;
  dueAtCompletion: string | null;
  reportedAt?: string | null;
  backdated?: boolean;
  acceptanceNote?: string | null;
  accepted?: boolean;
}

export interface CompletionReportRecord {
  status: 'reported' | 'returned';
  completedAt: string;
  reportedAt: string;
  deliverableRef: string | null;
  deliverableIssuedOn?: string | null;
  note: string | null;
  backdated: boolean;
  returnReason: string | null;
  returnedAt: string | null;
}

export function initialTaskState(): TaskState {
  return {
    exists: false,
    taskId: null,
    code: null,
    title: null,
    description: null,
    source: null,
    leadAgency: null,
    coordinatingAgencies: [],
    assignee: null,
    deliverable: null,
    approver: null,
    priority: 'normal',
    assignedAt: null,
    deadline: null,
    originalDeadline: null,
    extensions: [],
    extensionRequests: [],
    progress: null,
    blockers: [],
    completedAt: null,
    completion: null,
    completionReport: null,
    cancelled: null,
    reopenings: 0,
    comments: 0,
    attachments: [],
    clarity: null,
    version: 0,
  };
}

/** Open = assigned, neither completed nor cancelled: the only tasks that take work commands. */
export function isOpen(state: TaskState): boolean {
  return state.exists && state.completedAt === null && state.cancelled === null;
}

export function openBlockers(state: TaskState): BlockerRecord[] {
  return state.blockers.filter((b) => b.resolvedAt === null);
}
