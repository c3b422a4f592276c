import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * Correlation ids: one id follows a command from its HTTP request (`X-Correlation-Id` in and
 * out) into the metadata of the events it appends, the jobs those events cause and the emails
 * they send, and into every log line written on its behalf.
 *
 * The id lives in an AsyncLocalStorage for the duration of a request or a job; code that starts
 * work on someone's behalf (a BullMQ processor, a scanner pass) wraps it in `runWithCorrelation`.
 */
export const CORRELATION_HEADER = 'X-Correlation-Id';

export interface CorrelationContext {
  correlationId: string;
  /** set inside HTTP requests, where the request logger already carries the id */
  http?: boolean;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

/**
 * Safe in a log line, an email header and a BullMQ job: 1-128 of letters, digits and `._:-`
 * (UUIDs, W3C trace ids, most gateway request ids). Anything else is replaced, never echoed.
 */
const CORRELATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function isValidCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && CORRELATION_ID.test(value);
}

/** The caller's id when it is usable, else a fresh UUID. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return isValidCorrelationId(value) ? value : randomUUID();
}

export function newCorrelationId(): string {
  return randomUUID();
}

/** The id of the request or job running now, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

export function correlationContext(): CorrelationContext | undefined {
  return storage.getStore();
}

/**
 * Runs `fn` with `correlationId` as the current id (a job taken from the queue, a scanner pass).
 * An invalid or missing id gets a fresh one, so logs inside are still grouped.
 */
export function runWithCorrelation<T>(
  correlationId: string | undefined,
  fn: () => T,
  extra: Omit<CorrelationContext, 'correlationId'> = {},
): T {
  return storage.run({ ...extra, correlationId: isValidCorrelationId(correlationId) ? correlationId : randomUUID() }, fn);
}

/** `metadata.correlationId` of a stored event, when it is a usable id. */
export function correlationIdOf(event: { metadata?: Record<string, unknown> | null } | null | undefined): string | undefined {
  const id = event?.metadata?.correlationId;
  return isValidCorrelationId(id) ? id : undefined;
}

/**
 * The email header carrying the id (`{"X-Correlation-Id": id}`), or `{}` for an invalid id. The
 * id's alphabet cannot hold CR/LF, so this header cannot inject another one.
 */
export function correlationHeaders(correlationId: string | undefined): Record<string, string> {
  return isValidCorrelationId(correlationId) ? { [CORRELATION_HEADER]: correlationId } : {};
}
