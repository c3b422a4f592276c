import { Command } from '../shared/command';
import { Person, Priority, ResolvedDeadline, SourceDocument, TaskAssigned } from './task.events';

/**
 * Task commands as the deciders take them: parsed at the door by the parsers beside them
 * (parse-*.ts), so every field is checked, trimmed and its deadline resolved. Deciders check
 * only the task's state.
 */

/** An assignment as a client writes it (the API body, an import row): what parseAssignTask reads. */
export interface AssignTaskInput {
  taskId: string;
  code: string;
  title: string;
  description?: string | null;
  source?: SourceDocument | null;
  leadAgency: string;
  coordinatingAgencies?: string[];
  assignee?: Person | null;
  deliverable?: string | null;
  approver?: string | null;
  /** as written: `2026-03-31`, `31/03/2026`, `03/2026`, `Q1/2026`, `2026`, `ongoing` */
  deadline: string;
  priority?: Priority;
}

/** The assignment checked; its "6 rõ" is the decider's to report. */
export type AssignTaskData = Omit<TaskAssigned['data'], 'clarity'>;

export type AssignTask = Command<'AssignTask', AssignTaskData>;
export type ExtendDeadline = Command<
  'ExtendDeadline',
  { newDeadline: ResolvedDeadline; reason: string; decisionRef: string | null; requestId: string | null }
>;
export type RequestExtension = Command<'RequestExtension', { requestId: string; proposedDeadline: ResolvedDeadline; reason: string }>;
export type RefuseExtension = Command<'RefuseExtension', { requestId: string; reason: string }>;
export type ReportProgress = Command<'ReportProgress', { percent: number; note: string | null }>;
export type RaiseBlocker = Command<'RaiseBlocker', { blockerId: string; description: string }>;
export type ResolveBlocker = Command<'ResolveBlocker', { blockerId: string; note: string | null }>;
/** completedAt is the command's business time (ctx.at) */
/** `deliverableIssuedOn`: the date of the result document (the number and date a report cites), YYYY-MM-DD */
export type CompleteTask = Command<
  'CompleteTask',
  { deliverableRef: string | null; deliverableIssuedOn?: string | null; note: string | null }
>;
/** An agency officer's completion, to be confirmed: completedAt is the command's business time (ctx.at) */
export type ReportCompletion = Command<
  'ReportCompletion',
  { deliverableRef: string | null; deliverableIssuedOn?: string | null; note: string | null }
>;
export type AcceptCompletion = Command<'AcceptCompletion', { note: string | null }>;
export type ReturnCompletion = Command<'ReturnCompletion', { reason: string }>;
export type AddComment = Command<'AddComment', { commentId: string; text: string }>;
/** The file is stored before the command; the command records what was stored (name, size, digest, sniffed type). */
export type AddAttachment = Command<
  'AddAttachment',
  { attachmentId: string; name: string; size: number; sha256: string; contentType: string }
>;
export type ReopenTask = Command<'ReopenTask', { reason: string }>;
export type ReassignTask = Command<'ReassignTask', { leadAgency: string; assignee: Person | null; reason: string }>;
export type CancelTask = Command<'CancelTask', { reason: string }>;

export type TaskCommand =
  | AssignTask
  | ExtendDeadline
  | RequestExtension
  | RefuseExtension
  | ReportProgress
  | RaiseBlocker
  | ResolveBlocker
  | CompleteTask
  | ReportCompletion
  | AcceptCompletion
  | ReturnCompletion
  | ReopenTask
  | ReassignTask
  | CancelTask
  | AddComment
  | AddAttachment;

export const TASK_COMMAND_TYPES: TaskCommand['type'][] = [
  'AssignTask',
  'ExtendDeadline',
  'RequestExtension',
  'RefuseExtension',
  'ReportProgress',
  'RaiseBlocker',
  'ResolveBlocker',
  'CompleteTask',
  'ReportCompletion',
  'AcceptCompletion',
  'ReturnCompletion',
  'ReopenTask',
  'ReassignTask',
  'CancelTask',
  'AddComment',
  'AddAttachment',
];
