import type { NoticeEvent, NoticeIssued } from '@app/domain';

/** `merged`: carried by a more severe letter about the same task to the same people; never sent */
export type NoticeStatus = 'pending' | 'sent' | 'failed' | 'cancelled' | 'merged';

export const NOTICE_STATUSES: readonly NoticeStatus[] = ['pending', 'sent', 'failed', 'cancelled', 'merged'];

/** A notice as its stream leaves it: what the mail processor and the read model both fold. */
export interface NoticeState {
  issued: NoticeIssued['data'] | null;
  status: NoticeStatus;
  /** delivery attempts made so far (failed ones and the successful one) */
  attempts: number;
  issuedAt: string | null;
  sentAt: string | null;
  messageId: string | null;
  lastError: string | null;
  /** recipients who confirmed receipt through the letter's link, first one first (at: ISO) */
  acknowledgements: NoticeAcknowledgement[];
  /** stream version: the expected version of the next append */
  version: number;
}

export interface NoticeAcknowledgement {
  /** the address the link was made for, lower case */
  recipient: string;
  at: string;
}

export function initialNoticeState(): NoticeState {
  return {
    issued: null,
    status: 'pending',
    attempts: 0,
    issuedAt: null,
    sentAt: null,
    messageId: null,
    lastError: null,
    acknowledgements: [],
    version: 0,
  };
}

/** The first acknowledgement of the letter, or null. */
export const firstAcknowledgement = (state: NoticeState): NoticeAcknowledgement | null => state.acknowledgements[0] ?? null;

export const isTerminal = (state: NoticeState): boolean => state.status !== 'pending';

/** Pure fold; `occurredAt` is the event's business time (the clock of the process that wrote it). */
export function evolveNotice(state: NoticeState, event: { type: string; data: unknown }, occurredAt: Date): NoticeState {
  const next = { ...state, version: state.version + 1 };
  const e = event as NoticeEvent;
  switch (e.type) {
    case 'NoticeIssued':
      return { ...next, issued: e.data, issuedAt: occurredAt.toISOString(), status: e.data.mergedInto ? 'merged' : state.status };
    case 'NoticeDeliveryAttemptFailed':
      return { ...next, attempts: Math.max(state.attempts, e.data.attempt), lastError: e.data.error };
    case 'NoticeDelivered':
      return {
        ...next,
        status: 'sent',
        attempts: Math.max(state.attempts, e.data.attempt),
        sentAt: occurredAt.toISOString(),
        messageId: e.data.messageId,
        lastError: e.data.rejected.length ? `rejected: ${e.data.rejected.join(', ')}` : state.lastError,
      };
    case 'NoticeFailed':
      return { ...next, status: 'failed', attempts: Math.max(state.attempts, e.data.attempt), lastError: e.data.error };
    case 'NoticeCancelled':
      return { ...next, status: 'cancelled', lastError: e.data.reason };
    case 'NoticeAcknowledged':
      return { ...next, acknowledgements: [...state.acknowledgements, { recipient: e.data.recipient.toLowerCase(), at: e.data.at }] };
    default:
      return next;
  }
}

export function foldNotice(events: { type: string; data: unknown; occurredAt: Date }[]): NoticeState {
  return events.reduce((state, event) => evolveNotice(state, event, event.occurredAt), initialNoticeState());
}
