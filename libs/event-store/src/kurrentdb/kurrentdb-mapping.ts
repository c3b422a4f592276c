import { createHash } from 'node:crypto';
import type { AppendStreamState, Filter, Position } from '@kurrent/kurrentdb-client';
import { START_OF_FEED, type EventMetadata, type ExpectedVersion, type FeedCursor, type StoredEvent } from '../event-store.port';

// The pure half of the KurrentDB adapter: how the port's numbers, cursors, names and events map
// onto the client's. Only types come from @kurrent/kurrentdb-client here (loading it starts a
// native addon and gRPC, ~0.5 s), so importing @app/event-store stays cheap for PostgreSQL users.

export const NO_STREAM = 'no_stream' satisfies AppendStreamState;
export const ANY = 'any' satisfies AppendStreamState;
export const STREAM_EXISTS = 'stream_exists' satisfies AppendStreamState;
export const START = 'start' as const;
export const END = 'end' as const;
export const FORWARDS = 'forwards' as const;
export const BACKWARDS = 'backwards' as const;

// ---------------------------------------------------------------------------------------------
// Versions: ours are 1-based, KurrentDB revisions 0-based.

export function versionOfRevision(revision: bigint): number {
  if (revision < 0n || revision >= BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`revision out of range: ${revision}`);
  return Number(revision) + 1;
}

export function revisionOfVersion(version: number): bigint {
  if (!Number.isSafeInteger(version) || version < 1) throw new RangeError(`version must be an integer ≥ 1: ${version}`);
  return BigInt(version - 1);
}

/**
 * The plain translation of an expectation: exact v → revision v − 1 (exact 0 → NO_STREAM, as
 * a revision of −1 is not a thing), no_stream → NO_STREAM, stream_exists → STREAM_EXISTS,
 * any → ANY. The adapter does not send the last two as they are: see `planAppend`.
 */
export function toStreamState(expected: ExpectedVersion): AppendStreamState {
  switch (expected.kind) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    case 'exact':
      return expected.version === 0 ? NO_STREAM : revisionOfVersion(expected.version);
  }
}

export type AppendPlan =
  | {
      kind: 'append';
      /** what the server must check: always NO_STREAM or the exact revision that was read */
      streamState: AppendStreamState;
      /** a lost race still satisfies the caller's expectation (any, stream_exists): read again */
      retryOnConflict: boolean;
    }
  | { kind: 'conflict'; actual: number };

/**
 * What to send, given the caller's expectation and the stream version just read with the head
 * of its hash chain. The new events' hashes chain to that head, so the server must refuse the
 * write if anything was appended since: `any` and `stream_exists` are narrowed to the version
 * read (and retried on a conflict, which does not break their promise); `exact` and `no_stream`
 * that do not hold are refused before writing anything.
 */
export function planAppend(expected: ExpectedVersion, currentVersion: number): AppendPlan {
  const atCurrent = currentVersion === 0 ? NO_STREAM : revisionOfVersion(currentVersion);
  switch (expected.kind) {
    case 'no_stream':
      return currentVersion === 0
        ? { kind: 'append', streamState: NO_STREAM, retryOnConflict: false }
        : { kind: 'conflict', actual: currentVersion };
    case 'exact':
      return expected.version === currentVersion
        ? { kind: 'append', streamState: toStreamState(expected), retryOnConflict: false }
        : { kind: 'conflict', actual: currentVersion };
    case 'stream_exists':
      return currentVersion > 0 ? { kind: 'append', streamState: atCurrent, retryOnConflict: true } : { kind: 'conflict', actual: 0 };
    case 'any':
      return { kind: 'append', streamState: atCurrent, retryOnConflict: true };
  }
}

/**
 * The stream version a WrongExpectedVersionError reports: `actualState` is 'no_stream' or the
 * current revision (some server paths give −1n for a missing stream). null when unusable
 * (a deleted stream, −5n/−6n, or nothing), so the caller reads the version instead.
 */
export function actualVersionOf(actualState: unknown): number | null {
  if (actualState === NO_STREAM || actualState === -1n) return 0;
  if (typeof actualState === 'bigint' && actualState >= 0n) return versionOfRevision(actualState);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Positions and feed cursors.
//
// KurrentDB writes every event of an append as its own log record, so each event has its own
// commit position (= prepare position), strictly increasing in $all order. Records become
// readable in log order (the index committer is sequential and $all reads stop at the last
// indexed position), so a reader never sees a later position before an earlier one: commit order
// is position order, and the xmin technique of the PostgreSQL adapter has no counterpart here.
//
// position      = Number(commit position). Commit positions are byte offsets in the log, exact
//                 in a JS number up to 2^53 bytes (8 PiB); beyond that `positionNumber` throws.
// transactionId = String(commit position of the first event of the same append). Shared by the
//                 events of one append (the port's promise), numeric and increasing (the
//                 projector stores it as xid8 and compares (transactionId, position) pairs, which
//                 order exactly as positions do). It is also a real record position, so the feed
//                 can seek to it: readAll only accepts positions where a record starts.

export function positionNumber(commit: bigint): number {
  if (commit < 0n || commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`KurrentDB commit position ${commit} does not fit a JS number (2^53)`);
  }
  return Number(commit);
}

export function feedCursor(transactionPosition: number, position: number): FeedCursor {
  return { transactionId: String(transactionPosition), position };
}

/** the position of an event as the client's readAll takes it (commit = prepare for our events) */
export function logPosition(position: number): Position {
  const value = BigInt(position);
  return { commit: value, prepare: value };
}

export interface Seek {
  /** where readAll starts (inclusive: forward reads return the record at that position) */
  from: typeof START | Position;
  /** events at or before this position were delivered already: skip them */
  skipThrough: number;
}

/**
 * Where to read the feed after `cursor`. readAll is inclusive and accepts only positions where a
 * record starts, so it seeks to the cursor's transactionId (the first event of its append, a
 * record position even for a cursor like {transactionId, position − 1}) and skips up to the
 * cursor's position. A cursor whose transactionId could not be a seek point reads from the start.
 */
export function seekAfter(cursor: FeedCursor = START_OF_FEED): Seek {
  const skipThrough = cursor.position;
  if (!Number.isFinite(skipThrough)) throw new TypeError(`feed cursor position must be a number: ${skipThrough}`);
  let transaction: bigint | null;
  try {
    transaction = /^\d+$/.test(cursor.transactionId) ? BigInt(cursor.transactionId) : null;
  } catch {
    transaction = null;
  }
  if (transaction === null || transaction === 0n || transaction > BigInt(Math.max(0, Math.floor(skipThrough)))) {
    return { from: START, skipThrough };
  }
  return { from: { commit: transaction, prepare: transaction }, skipThrough };
}

// ---------------------------------------------------------------------------------------------
// Stream names. A store may own a prefix of the stream names (one KurrentDB shared by several
// stores or test runs); its feed, subscriptions and verify() see only that namespace.

/** index streams for findByIdempotencyKey: `<prefix>dle-idempotency-<sha256(key)>` */
export const IDEMPOTENCY_STREAM_INFIX = 'dle-idempotency-';
export const IDEMPOTENCY_CLAIM_TYPE = 'IdempotencyKeyClaimed';

export function kurrentStreamName(prefix: string, streamId: string): string {
  return prefix + streamId;
}

export function idempotencyStreamName(prefix: string, key: string): string {
  return `${prefix}${IDEMPOTENCY_STREAM_INFIX}${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

export function isSystemName(name: string): boolean {
  return name.startsWith('$');
}

/** the port's stream id of a KurrentDB stream, or null when it is not an event stream of this store */
export function portStreamId(prefix: string, streamName: string): string | null {
  if (isSystemName(streamName) || !streamName.startsWith(prefix)) return null;
  const streamId = streamName.slice(prefix.length);
  if (streamId.length === 0 || streamId.startsWith(IDEMPOTENCY_STREAM_INFIX)) return null;
  return streamId;
}

export function assertWritableStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new Error('stream id must be a non-empty string');
  if (isSystemName(streamId)) throw new Error(`stream id ${streamId}: names starting with $ are KurrentDB system streams`);
  if (streamId.startsWith(IDEMPOTENCY_STREAM_INFIX))
    throw new Error(`stream id ${streamId}: the ${IDEMPOTENCY_STREAM_INFIX} prefix is reserved`);
}

/**
 * The server-side $all filter for the store's namespace: event-type prefixes when the caller
 * wants some types (the exact match is checked again client-side: prefixes need no escaping,
 * unlike the server's .NET regex), else the stream prefix, else "no system event types".
 * Every filter here only narrows: the client-side checks decide.
 */
export function namespaceFilter(prefix: string, types?: string[]): Filter {
  if (types && types.length > 0) return { filterOn: 'eventType', prefixes: [...new Set(types)], checkpointInterval: 1 };
  if (prefix) return { filterOn: 'streamName', prefixes: [prefix], checkpointInterval: 1 };
  return { filterOn: 'eventType', regex: '^[^$]', checkpointInterval: 1 };
}

// ---------------------------------------------------------------------------------------------
// The event envelope: KurrentDB keeps id, stream, revision, type, JSON data and JSON metadata;
// everything else of a StoredEvent travels in the metadata, with the caller's metadata nested
// so its keys can never collide with ours. `$correlationId`/`$causationId` are copied to the top
// level where KurrentDB's own projections ($by_correlation_id) look for them.

export const ENVELOPE_FORMAT = 'dle/1';

export interface Envelope {
  envelope: typeof ENVELOPE_FORMAT;
  $correlationId?: string;
  $causationId?: string;
  schemaVersion: number;
  occurredAt: string;
  recordedAt: string;
  /** index of the event in its append: the first event's position is the transactionId */
  appendIndex: number;
  prevHash: string | null;
  hash: string;
  metadata: EventMetadata;
}

export function encodeEnvelope(event: {
  schemaVersion: number;
  occurredAt: Date;
  recordedAt: Date;
  appendIndex: number;
  prevHash: string | null;
  hash: string;
  metadata: EventMetadata;
}): Envelope {
  return {
    envelope: ENVELOPE_FORMAT,
    ...(typeof event.metadata.correlationId === 'string' ? { $correlationId: event.metadata.correlationId } : {}),
    ...(typeof event.metadata.causationId === 'string' ? { $causationId: event.metadata.causationId } : {}),
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt.toISOString(),
    recordedAt: event.recordedAt.toISOString(),
    appendIndex: event.appendIndex,
    prevHash: event.prevHash,
    hash: event.hash,
    metadata: event.metadata,
  };
}

export function decodeEnvelope(value: unknown): Envelope | null {
  if (!isPlainObject(value) || value.envelope !== ENVELOPE_FORMAT) return null;
  const ok =
    Number.isInteger(value.schemaVersion) &&
    isIsoDate(value.occurredAt) &&
    isIsoDate(value.recordedAt) &&
    Number.isInteger(value.appendIndex) &&
    (value.appendIndex as number) >= 0 &&
    (value.prevHash === null || typeof value.prevHash === 'string') &&
    typeof value.hash === 'string' &&
    isPlainObject(value.metadata);
  return ok ? (value as unknown as Envelope) : null;
}

/** the part of a client RecordedEvent the adapter reads (structurally what readStream/readAll yield) */
export interface RecordedLike {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  data: unknown;
  metadata?: unknown;
  position?: { commit: bigint; prepare: bigint };
}

/** a StoredEvent before its transactionId (the first position of its append) is known */
export type UnresolvedEvent = Omit<StoredEvent, 'transactionId'>;

export type DecodedRecord =
  /** not an event of this store: a system stream or event type, another prefix, an index stream */
  | { kind: 'outside' }
  /** in the store's namespace but not written by it (no envelope, not JSON, no position) */
  | { kind: 'foreign'; streamName: string; streamId: string; version: number; position: number | null; reason: string }
  | { kind: 'event'; streamName: string; event: UnresolvedEvent; appendIndex: number; envelope: Envelope };

export function decodeRecord(prefix: string, record: RecordedLike): DecodedRecord {
  const streamId = portStreamId(prefix, record.streamId);
  if (streamId === null || isSystemName(record.type)) return { kind: 'outside' };
  const version = versionOfRevision(record.revision);
  const position = record.position ? positionNumber(record.position.commit) : null;
  const foreign = (reason: string): DecodedRecord => ({
    kind: 'foreign',
    streamName: record.streamId,
    streamId,
    version,
    position,
    reason,
  });
  if (position === null) return foreign('no log position (KurrentDB older than 22.6?)');
  const envelope = decodeEnvelope(record.metadata);
  if (!envelope) return foreign('no event envelope in its metadata: not written by this store');
  if (!record.isJson || !isPlainObject(record.data)) return foreign('data is not a JSON object');
  if (envelope.appendIndex >= version) return foreign('appendIndex beyond the start of the stream');
  return {
    kind: 'event',
    streamName: record.streamId,
    appendIndex: envelope.appendIndex,
    envelope,
    event: {
      // KurrentDB keeps event ids as UUIDs; PostgreSQL prints uuid lowercase, so do we
      id: record.id.toLowerCase(),
      streamId,
      version,
      position,
      type: record.type,
      schemaVersion: envelope.schemaVersion,
      data: record.data,
      metadata: envelope.metadata,
      occurredAt: new Date(envelope.occurredAt),
      recordedAt: new Date(envelope.recordedAt),
      hash: envelope.hash,
      prevHash: envelope.prevHash,
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(new Date(value).getTime());
}
