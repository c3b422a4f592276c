/**
 * A notice is one email (a reminder or an escalation) about one task, or, for a digest, about
 * several tasks of one recipient. Its stream is `notice-<noticeId>`; issuing it appends
 * NoticeIssued with the "no stream" expectation, so a notice id is issued at most once however
 * many scanners race (architecture.md "Each notice exactly once").
 */

/** One (task, rule, occurrence) a notice answers; the planner's pending row it consumes. */
export interface NoticeItem {
  taskId: string;
  taskCode: string;
  ruleId: string;
  occurrence: number;
  /** the task's extension count when planned: an extension makes older items stale */
  deadlineVersion: number;
  /** the due instant the item was planned against (ISO with offset) */
  due: string;
}

export interface NoticeRecipient {
  email: string;
  name?: string | null;
  title?: string | null;
  agency?: string | null;
  /** why this person receives it: assignee, agency_head, acting_head, coordinators, email */
  as: string;
  /** the person's language, when the directory knows them (workflow letters are written in it) */
  language?: string;
  /** an acting head: the head they act for (the explanation names both) */
  actingFor?: { name: string; title: string; email: string; as?: string };
}

export interface NoticeIssued {
  type: 'NoticeIssued';
  data: {
    noticeId: string;
    /** report: a scheduled report's letter, carrying an edition's official report (no tasks) */
    kind: 'reminder' | 'escalation' | 'report' | 'workflow';
    ruleId: string;
    level: number;
    digest: boolean;
    items: NoticeItem[];
    recipients: NoticeRecipient[];
    /** when the rule said it should fire (the scan may run a little later) */
    fireAt: string;
    catchUp: boolean;
    /**
     * Set when this notice is not a letter of its own: a more severe notice about the same task
     * carried it to every recipient in the same pass (merge-letters.ts). Never delivered.
     */
    mergedInto?: string;
    /** the notices this letter stands for (merged into it); absent on older notices */
    merged?: string[];
    /** a report letter's edition */
    edition?: { id: string; title: string };
    /** a workflow letter's event: what happened to the task, who did it, and its data */
    workflow?: { event: string; position: number; actor: string | null; actorAgency: string | null; data: Record<string, unknown> };
  };
}

export interface NoticeDelivered {
  type: 'NoticeDelivered';
  data: { noticeId: string; messageId: string; accepted: string[]; rejected: string[]; attempt: number; response: string | null };
}

export interface NoticeDeliveryAttemptFailed {
  type: 'NoticeDeliveryAttemptFailed';
  data: { noticeId: string; attempt: number; error: string; retryAt: string | null };
}

export interface NoticeFailed {
  type: 'NoticeFailed';
  data: { noticeId: string; attempt: number; error: string; permanent: boolean };
}

export interface NoticeCancelled {
  type: 'NoticeCancelled';
  data: { noticeId: string; reason: string };
}

/** The webhook channel took the notice (after the letter was delivered). */
export interface NoticeWebhookDelivered {
  type: 'NoticeWebhookDelivered';
  data: { noticeId: string; target: string; attempts: number; response: string | null };
}

/** The webhook channel gave up on the notice after its retries; the letter itself stands. */
export interface NoticeWebhookFailed {
  type: 'NoticeWebhookFailed';
  data: { noticeId: string; target: string; error: string };
}

/**
 * A recipient confirmed receipt through the signed link of the letter (api.md "Notifications").
 * Appended with the notice stream's version as read, after checking none exists for the same
 * recipient, so a link works once however many times it is clicked at once.
 */
export interface NoticeAcknowledged {
  type: 'NoticeAcknowledged';
  data: { noticeId: string; recipient: string; at: string };
}

export type NoticeEvent =
  | NoticeIssued
  | NoticeAcknowledged
  | NoticeDelivered
  | NoticeDeliveryAttemptFailed
  | NoticeFailed
  | NoticeCancelled
  | NoticeWebhookDelivered
  | NoticeWebhookFailed;

export const NOTICE_EVENT_TYPES: NoticeEvent['type'][] = [
  'NoticeIssued',
  'NoticeDelivered',
  'NoticeDeliveryAttemptFailed',
  'NoticeFailed',
  'NoticeCancelled',
  'NoticeWebhookDelivered',
  'NoticeWebhookFailed',
  'NoticeAcknowledged',
];

export const noticeStreamId = (noticeId: string): string => `notice-${noticeId}`;
