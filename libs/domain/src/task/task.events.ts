/** Task events: the only record of a task. Data is plain JSON (dates as ISO strings). */

export type Priority = 'normal' | 'high' | 'critical';

export interface SourceDocument {
  kind: string;
  ref: string;
  issuedOn?: string | null;
}

export interface Person {
  name: string;
  email?: string | null;
}

/** A deadline as written in the directive and as resolved against the working-day calendar. */
export interface ResolvedDeadline {
  /** as written: `2026-03-31`, `Q1/2026`, `01/2026`, `2026`, `ongoing`, or dd/mm/yyyy */
  expression: string;
  /** the period's last day (YYYY-MM-DD) before the art. 148 shift; null for `ongoing` */
  lastDay: string | null;
  /** end of the due day in the deadline time zone, ISO-8601 with offset; null for `ongoing` */
  due: string | null;
  /** true when the last day was a day off and the deadline moved to the next working day */
  adjusted: boolean;
}

export interface Clarity {
  person: boolean;
  task: boolean;
  time: boolean;
  responsibility: boolean;
  deliverable: boolean;
  authority: boolean;
  missing: ClarityItem[];
}
export type ClarityItem = 'person' | 'task' | 'time' | 'responsibility' | 'deliverable' | 'authority';

export interface TaskAssigned {
  type: 'TaskAssigned';
  data: {
    taskId: string;
    code: string;
    title: string;
    description: string | null;
    source: SourceDocument | null;
    leadAgency: string;
    coordinatingAgencies: string[];
    assignee: Person | null;
    deliverable: string | null;
    approver: string | null;
    priority: Priority;
    deadline: ResolvedDeadline;
    clarity: Clarity;
  };
}

export interface DeadlineExtended {
  type: 'DeadlineExtended';
  data: {
    taskId: string;
    previous: ResolvedDeadline;
    deadline: ResolvedDeadline;
    reason: string;
    decisionRef: string | null;
    /** the extension request this approves, if any */
    requestId: string | null;
  };
}

export interface ExtensionRequested {
  type: 'ExtensionRequested';
  data: { taskId: string; requestId: string; proposed: ResolvedDeadline; reason: string };
}

/** A coordinator refuses an extension request, with the reason the agency is told. */
export interface ExtensionRefused {
  type: 'ExtensionRefused';
  data: { taskId: string; requestId: string; reason: string };
}

export interface ProgressReported {
  type: 'ProgressReported';
  data: { taskId: string; percent: number; note: string | null };
}

export interface BlockerRaised {
  type: 'BlockerRaised';
  data: { taskId: string; blockerId: string; description: string };
}

export interface BlockerResolved {
  type: 'BlockerResolved';
  data: { taskId: string; blockerId: string; note: string | null };
}

export interface TaskCompleted {
  type: 'TaskCompleted';
  data: {
    taskId: string;
    completedAt: string;
    deliverableRef: string | null;
    /** the result document's date (YYYY-MM-DD), when the report gave it */
    deliverableIssuedOn?: string | null;
    note: string | null;
    /** the deadline in force at completion, and the verdict against it (null when ongoing) */
    dueAtCompletion: string | null;
    onTime: boolean | null;
    /** when the completion was recorded (the report's recording when a coordinator accepted it) */
    reportedAt?: string | null;
    /** completedAt earlier than the recording by more than one working day */
    backdated?: boolean;
    /** set when a coordinator accepted an officer's report */
    acceptanceNote?: string | null;
    accepted?: boolean;
  };
}

/** An agency officer's completion report: it counts once a coordinator accepts it (COMPLETION_CONFIRMATION). */
export interface CompletionReported {
  type: 'CompletionReported';
  data: {
    taskId: string;
    completedAt: string;
    reportedAt: string;
    deliverableRef: string | null;
    deliverableIssuedOn?: string | null;
    note: string | null;
    backdated: boolean;
  };
}

/** A coordinator sends the report back with a reason; the task counts by its deadline again. */
export interface CompletionReturned {
  type: 'CompletionReturned';
  data: { taskId: string; reason: string };
}

export interface TaskReopened {
  type: 'TaskReopened';
  data: { taskId: string; reason: string };
}

export interface TaskReassigned {
  type: 'TaskReassigned';
  data: {
    taskId: string;
    fromAgency: string;
    leadAgency: string;
    assignee: Person | null;
    reason: string;
  };
}

export interface TaskCancelled {
  type: 'TaskCancelled';
  data: { taskId: string; reason: string };
}

/** A message in the task's thread between the officer and the coordinator; the author is the event's actor. */
export interface CommentAdded {
  type: 'CommentAdded';
  data: { taskId: string; commentId: string; text: string };
}

/**
 * An evidence file attached to the task (a result document, a scan, a spreadsheet). The bytes
 * live in the attachment store; the event fixes their SHA-256, so the file read back later can be
 * checked against the history.
 */
export interface AttachmentAdded {
  type: 'AttachmentAdded';
  data: { taskId: string; attachmentId: string; name: string; size: number; sha256: string; contentType: string };
}

export type TaskEvent =
  | TaskAssigned
  | DeadlineExtended
  | ExtensionRequested
  | ExtensionRefused
  | ProgressReported
  | BlockerRaised
  | BlockerResolved
  | TaskCompleted
  | CompletionReported
  | CompletionReturned
  | TaskReopened
  | TaskReassigned
  | TaskCancelled
  | CommentAdded
  | AttachmentAdded;

export const TASK_EVENT_TYPES: TaskEvent['type'][] = [
  'TaskAssigned',
  'DeadlineExtended',
  'ExtensionRequested',
  'ExtensionRefused',
  'ProgressReported',
  'BlockerRaised',
  'BlockerResolved',
  'TaskCompleted',
  'CompletionReported',
  'CompletionReturned',
  'TaskReopened',
  'TaskReassigned',
  'TaskCancelled',
  'CommentAdded',
  'AttachmentAdded',
];
