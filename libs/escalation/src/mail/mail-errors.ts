/**
 * Mail failures in two kinds, because the mail processor must react differently (quality.md:
 * "a permanent rejection (5xx) ends as failed, reported to admins, not retried forever"; "SMTP
 * server down, then up: notices retried with backoff and all delivered"). The processor maps
 * PermanentMailError to BullMQ's UnrecoverableError and lets TemporaryMailError retry.
 */

export type MailErrorKind = 'temporary' | 'permanent';

export interface MailErrorDetails {
  /** nodemailer / Node error code, e.g. EENVELOPE, ESOCKET, ECONNREFUSED */
  code?: string;
  /** SMTP reply code, e.g. 550 */
  responseCode?: number;
  /** SMTP reply text */
  response?: string;
  /** SMTP command the reply answered, e.g. RCPT TO */
  command?: string;
  cause?: unknown;
}

abstract class MailError extends Error {
  abstract readonly kind: MailErrorKind;
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly command?: string;

  constructor(message: string, details: MailErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = details.code;
    this.responseCode = details.responseCode;
    this.response = details.response;
    this.command = details.command;
  }
}

/** Sending this message again will fail the same way: do not retry. */
export class PermanentMailError extends MailError {
  readonly kind = 'permanent' as const;
}

/** The message is fine; the path to the server is not (down, slow, 4xx): retry later. */
export class TemporaryMailError extends MailError {
  readonly kind = 'temporary' as const;
}

/** Network failures Node and nodemailer report; all worth a retry once the server is back. */
const TEMPORARY_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
  'EPROXY',
  'ETLS',
  // Credentials and configuration are the operator's to fix; the notice itself is deliverable,
  // so it must wait (bounded by the queue's attempts) rather than be written off as failed.
  'EAUTH',
  'ENOAUTH',
  'ECONFIG',
  'EMAXLIMIT',
]);

/**
 * Envelope / message errors nodemailer raises without any SMTP reply: no recipients, an address
 * it cannot use, a message it cannot build. The same message fails again.
 */
const PERMANENT_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS', 'EFILEACCESS', 'EURLACCESS']);

/**
 * Classifies a send failure.
 *
 * - SMTP 5xx replies are permanent (RFC 5321 "permanent negative completion"), except 503 "bad
 *   sequence of commands", which describes the session rather than the message and goes through
 *   on a new connection (nodemailer 10's isPermanentResponseCode makes the same exception).
 * - SMTP 4xx replies are temporary, as are connection failures and timeouts.
 * - Envelope errors without a reply (an invalid address) are permanent.
 * - Anything unknown is temporary: a wrong "temporary" costs a few bounded retries, a wrong
 *   "permanent" loses a notice.
 */
export function classifyMailError(err: unknown): MailErrorKind {
  if (err instanceof PermanentMailError) return 'permanent';
  if (err instanceof TemporaryMailError) return 'temporary';
  if (typeof err !== 'object' || err === null) return 'temporary';
  const e = err as { code?: unknown; originalCode?: unknown; responseCode?: unknown; errno?: unknown };

  if (typeof e.responseCode === 'number' && e.responseCode >= 400 && e.responseCode < 600) {
    return e.responseCode >= 500 && e.responseCode !== 503 ? 'permanent' : 'temporary';
  }
  const codes = [e.code, e.originalCode].filter((c): c is string => typeof c === 'string');
  if (codes.some((c) => TEMPORARY_CODES.has(c))) return 'temporary';
  if (codes.some((c) => PERMANENT_CODES.has(c))) return 'permanent';
  return 'temporary';
}

/** Wraps any failure into one of the two kinds, keeping the SMTP details and the cause. */
export function toMailError(
  err: unknown,
  context: string,
  scrub: (text: string) => string = (t) => t,
): PermanentMailError | TemporaryMailError {
  if (err instanceof PermanentMailError || err instanceof TemporaryMailError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    message?: unknown;
    code?: unknown;
    responseCode?: unknown;
    response?: unknown;
    command?: unknown;
  };
  const rawMessage = typeof e.message === 'string' ? e.message : String(err);
  const details: MailErrorDetails = {
    code: typeof e.code === 'string' ? e.code : undefined,
    responseCode: typeof e.responseCode === 'number' ? e.responseCode : undefined,
    response: typeof e.response === 'string' ? scrub(e.response) : undefined,
    command: typeof e.command === 'string' ? e.command : undefined,
    cause: err,
  };
  const message = `${context}: ${scrub(rawMessage)}`;
  return classifyMailError(err) === 'permanent' ? new PermanentMailError(message, details) : new TemporaryMailError(message, details);
}
