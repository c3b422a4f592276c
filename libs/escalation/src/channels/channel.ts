/**
 * A delivery channel: where a notice goes besides (or instead of) a mailbox. Each channel lives
 * in its own folder (email/, webhook/); adding SMS or Zalo is one more folder implementing this.
 */
export interface ChannelNotice {
  noticeId: string;
  /** the email's Message-ID: the same for every copy of the notice, an idempotency key */
  messageId: string;
  ruleId: string;
  kind: 'reminder' | 'escalation' | 'report' | 'workflow';
  level: number;
  digest: boolean;
  fireAt: string;
  subject: string;
  text: string;
  html?: string;
  /** extra headers of the letter (notice id, correlation id) */
  headers?: Record<string, string>;
  recipients: { email: string; name?: string; title?: string; agency?: string; as: string }[];
  tasks: { taskId: string; code: string; title: string; leadAgency: string | null; deadline: string | null; url: string }[];
  /** files the letter carries (email only: a scheduled report's DOCX and PDF) */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface ChannelReceipt {
  /** where it went, without secrets (e.g. a webhook's origin and path) */
  target: string;
  /** tries it took */
  attempts: number;
  /** what the other side answered (status line, SMTP response), short */
  response: string | null;
  /** addresses the other side took and refused, where the channel has addresses (email) */
  accepted?: string[];
  rejected?: string[];
}

export interface DeliveryChannel {
  /** `email`, `webhook`, … as recorded in the ledger */
  readonly kind: string;
  /** Resolves once the other side accepted; throws when it did not after its own retries. */
  send(notice: ChannelNotice): Promise<ChannelReceipt>;
}
