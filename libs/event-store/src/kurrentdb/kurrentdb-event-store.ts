import type {
  AppendResult as KurrentAppendResult,
  AppendToStreamOptions,
  EventData,
  KurrentDBClient,
  ReadAllOptions,
  ReadStreamOptions as KurrentReadStreamOptions,
  SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';
import {
  ConcurrencyError,
  START_OF_FEED,
  type AppendOptions,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type FeedCursor,
  type FeedPage,
  type NewEvent,
  type ReadFeedOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type StoreCounts,
  type SubscribeOptions,
  type Subscription,
  type VerifyResult,
} from '../event-store.port';
import { uuidV7 } from '../postgres/uuid-v7';
import { startPollingSubscription } from '../subscription/polling-subscription';
import { Wakeup } from '../subscription/wakeup';
import { eventHash, toStoredJson } from './canonical-hash';
import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  IDEMPOTENCY_CLAIM_TYPE,
  START,
  actualVersionOf,
  assertWritableStreamId,
  decodeRecord,
  encodeEnvelope,
  idempotencyStreamName,
  isSystemName,
  kurrentStreamName,
  logPosition,
  namespaceFilter,
  planAppend,
  positionNumber,
  revisionOfVersion,
  seekAfter,
  versionOfRevision,
  type DecodedRecord,
  type RecordedLike,
} from './kurrentdb-mapping';
import { LiveWakeups, type LiveSubscription } from './live-wakeups';

/**
 * The calls the adapter makes, as @kurrent/kurrentdb-client's KurrentDBClient declares them
 * (a KurrentDBClient is one, checked by `connect`); tests may hand in a stand-in.
 */
export interface KurrentDbClientLike {
  appendToStream(streamName: string, events: EventData[], options?: AppendToStreamOptions): Promise<KurrentAppendResult>;
  readStream(streamName: string, options?: KurrentReadStreamOptions): AsyncIterable<{ event?: RecordedLike }>;
  readAll(options?: ReadAllOptions): AsyncIterable<{ event?: RecordedLike }>;
  subscribeToAll(options?: SubscribeToAllOptions): LiveSubscription;
  dispose(): Promise<void>;
}

export interface KurrentDbEventStoreOptions {
  /** record time of appends that give none (default: the process clock) */
  clock?: { now(): Date };
  /**
   * Prefix of the KurrentDB stream names this store owns (default ''). The port's stream ids
   * stay unprefixed; the feed, subscriptions and verify() see only this namespace. Set one when
   * the server is shared (other applications, test runs).
   */
  streamPrefix?: string;
  /** dispose the client with the store (default false; `connect` sets it) */
  ownsClient?: boolean;
  /** wake subscriptions from a filtered $all subscription, across processes (default true) */
  liveWakeups?: boolean;
  /** attempts of an `any`/`stream_exists` append that keeps losing races (default 50) */
  maxAppendAttempts?: number;
}

export const DEFAULT_FEED_LIMIT = 500;
const MIN_FEED_CHUNK = 16;
const MAX_FEED_CHUNK = 4_096;
const DEFAULT_MAX_APPEND_ATTEMPTS = 50;

interface PreparedEvent {
  id: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  occurredAt: Date;
}

type DecodedEvent = Extract<DecodedRecord, { kind: 'event' }>;

/**
 * The EventStore over KurrentDB (the EventStoreDB server) through @kurrent/kurrentdb-client.
 * Decisions and limits: ./README.md. The read models stay in PostgreSQL.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly prefix: string;
  private readonly wakeups = new Set<Wakeup>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly live: LiveWakeups;

  /** a store on a new client for the connection string (`kurrentdb://…`), closed with the store */
  static async connect(
    connectionString: string,
    options: Omit<KurrentDbEventStoreOptions, 'ownsClient'> = {},
  ): Promise<KurrentDbEventStore> {
    // loaded on demand: the client starts a native addon and gRPC (~0.5 s), PostgreSQL users skip it
    const { KurrentDBClient } = await import('@kurrent/kurrentdb-client');
    const client: KurrentDBClient = KurrentDBClient.connectionString(connectionString);
    return new KurrentDbEventStore(client, { ...options, ownsClient: true });
  }

  constructor(
    readonly client: KurrentDbClientLike,
    private readonly options: KurrentDbEventStoreOptions = {},
  ) {
    this.prefix = options.streamPrefix ?? '';
    if (isSystemName(this.prefix)) throw new Error('streamPrefix must not start with $ (KurrentDB system streams)');
    this.live = new LiveWakeups(
      () => this.client.subscribeToAll({ fromPosition: END, filter: namespaceFilter(this.prefix), resolveLinkTos: false }),
      () => this.wakeAll(),
    );
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    assertWritableStreamId(streamId);
    if (events.length === 0) throw new Error(`append to ${streamId}: no events given`);
    const expected = options.expectedVersion;
    if (expected.kind === 'exact' && !(Number.isSafeInteger(expected.version) && expected.version >= 0)) {
      throw new Error(`append to ${streamId}: expected version must be an integer ≥ 0`);
    }
    const recordedAt = options.recordedAt ?? this.options.clock?.now() ?? new Date();
    if (!(recordedAt instanceof Date) || Number.isNaN(recordedAt.getTime()))
      throw new Error(`append to ${streamId}: recordedAt must be a valid Date`);
    const prepared = events.map(prepareEvent);
    const streamName = kurrentStreamName(this.prefix, streamId);
    const maxAttempts = this.options.maxAppendAttempts ?? DEFAULT_MAX_APPEND_ATTEMPTS;

    let claimed = false;
    for (let attempt = 1; ; attempt++) {
      const head = await this.readHead(streamName, streamId);
      const current = head?.version ?? 0;
      const plan = planAppend(expected, current);
      if (plan.kind === 'conflict') throw new ConcurrencyError(streamId, expected, plan.actual);
      if (!claimed) {
        await this.claimIdempotencyKeys(streamId, prepared);
        claimed = true;
      }
      const records = chain(streamId, prepared, current, head?.hash ?? null, recordedAt);
      try {
        await this.client.appendToStream(streamName, records, { streamState: plan.streamState, requiresLeader: true });
      } catch (error: any) {
        if (error?.type !== 'wrong-expected-version') throw error;
        if (plan.retryOnConflict && attempt < maxAttempts) {
          await pause(Math.random() * Math.min(50, attempt * 2));
          continue;
        }
        const actual = actualVersionOf(error.actualState) ?? (await this.streamVersion(streamId));
        throw new ConcurrencyError(streamId, expected, actual);
      }
      const stored = await this.readBack(
        streamName,
        current + 1,
        records.map((r) => r.id),
      );
      this.wakeAll();
      const last = stored[stored.length - 1];
      return { version: last.version, position: last.position, events: stored };
    }
  }

  /** KurrentDB reads one stream per call: 16 at a time. */
  async readStreams(streamIds: string[], options: Pick<ReadStreamOptions, 'knownAt'> = {}): Promise<Map<string, StoredEvent[]>> {
    const ids = [...new Set(streamIds)];
    const streams = new Map<string, StoredEvent[]>();
    for (let i = 0; i < ids.length; i += 16) {
      const chunk = ids.slice(i, i + 16);
      const read = await Promise.all(chunk.map((id) => this.readStream(id, options)));
      chunk.forEach((id, j) => read[j].length && streams.set(id, read[j]));
    }
    return streams;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const streamName = kurrentStreamName(this.prefix, streamId);
    const fromVersion = Math.max(1, Math.floor(options.fromVersion ?? 1));
    const records = await this.readStreamRecords(streamName, { fromRevision: revisionOfVersion(fromVersion) });
    const known = new Map<string, number>();
    let decoded = this.decodeAll(records, known);
    if (options.knownAt) {
      const knownAt = options.knownAt.getTime();
      decoded = decoded.filter((d) => d.event.recordedAt.getTime() <= knownAt);
    }
    return this.withTransactionIds(decoded, known);
  }

  async streamVersion(streamId: string): Promise<number> {
    const [last] = await this.readStreamRecords(kurrentStreamName(this.prefix, streamId), {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
    });
    return last ? versionOfRevision(last.revision) : 0;
  }

  /**
   * Reads $all from the cursor's seek point (see seekAfter), in chunks of about twice what is
   * still wanted, skipping what was delivered, what is outside the namespace and other types.
   * A chunk shorter than asked is the end of $all (filtered reads fill the count or reach the end).
   */
  async readFeed(options: ReadFeedOptions = {}): Promise<FeedPage> {
    const after = options.after ?? START_OF_FEED;
    const limit = options.limit ?? DEFAULT_FEED_LIMIT;
    const types = options.types ? new Set(options.types) : null;
    if (limit < 1 || types?.size === 0) return { events: [], cursor: after };
    const filter = namespaceFilter(this.prefix, options.types);
    let { from, skipThrough } = seekAfter(after);
    const known = new Map<string, number>();
    const found: DecodedEvent[] = [];
    for (;;) {
      const maxCount = Math.min(MAX_FEED_CHUNK, Math.max(MIN_FEED_CHUNK, (limit - found.length) * 2));
      let count = 0;
      let last: { commit: bigint; prepare: bigint } | null = null;
      for await (const { event: record } of this.client.readAll({ fromPosition: from, maxCount, filter, resolveLinkTos: false })) {
        count++;
        if (!record) continue;
        if (!record.position) throw new Error('KurrentDB returned a $all event without a position');
        last = record.position;
        const position = positionNumber(record.position.commit);
        const decoded = decodeRecord(this.prefix, record);
        if (decoded.kind === 'outside') continue;
        if (decoded.kind === 'foreign') {
          if (position > skipThrough) throw foreignEventError(decoded);
          continue;
        }
        known.set(knownKey(decoded.streamName, decoded.event.version), position);
        if (position <= skipThrough) continue;
        if (types && !types.has(decoded.event.type)) continue;
        if (found.length < limit) found.push(decoded);
      }
      if (count < maxCount || found.length >= limit || last === null) break;
      from = last;
      skipThrough = Math.max(skipThrough, positionNumber(last.commit));
    }
    const events = await this.withTransactionIds(found, known);
    const lastEvent = events[events.length - 1];
    return { events, cursor: lastEvent ? { transactionId: lastEvent.transactionId, position: lastEvent.position } : after };
  }

  async cursorOf(position: number): Promise<FeedCursor | null> {
    if (!Number.isSafeInteger(position) || position <= 0) return null;
    let records: RecordedLike[];
    try {
      records = await collectEvents(this.client.readAll({ fromPosition: logPosition(position), maxCount: 1, resolveLinkTos: false }));
    } catch (error) {
      // readAll refuses a position where no record starts; tell that apart from a dead server
      if (await this.reachable()) return null;
      throw error;
    }
    const record = records[0];
    if (!record?.position || record.position.commit !== BigInt(position)) return null;
    const decoded = decodeRecord(this.prefix, record);
    if (decoded.kind !== 'event') return null;
    const [event] = await this.withTransactionIds([decoded], new Map([[knownKey(decoded.streamName, decoded.event.version), position]]));
    return { transactionId: event.transactionId, position };
  }

  /**
   * Both walk the namespace of $all forwards once, as verify does: a backwards read of $all would
   * be cheaper on a real server but the in-memory stand-in reads forwards only, and one code path
   * keeps the two in agreement. Fine for health checks and rebuild sizing at this project's scale.
   */
  async headPosition(): Promise<number> {
    return (await this.scanNamespace()).head;
  }

  async counts(): Promise<StoreCounts> {
    const { streams, events } = await this.scanNamespace();
    return { streams, events };
  }

  subscribe(options: SubscribeOptions): Subscription {
    const wakeup = new Wakeup();
    this.wakeups.add(wakeup);
    if (this.options.liveWakeups !== false) this.live.start(options.onError);
    const subscription = startPollingSubscription({
      ...options,
      readFeed: (feed) => this.readFeed(feed),
      wakeup,
      onStopped: () => {
        this.wakeups.delete(wakeup);
        this.subscriptions.delete(subscription);
        if (this.wakeups.size === 0) void this.live.stop();
      },
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * KurrentDB has no secondary index, so each append whose events carry an idempotency key
   * first appends a claim {key, streamId, eventIds} to `<prefix>dle-idempotency-<sha256(key)>`
   * (claimIdempotencyKeys). A claim can outlive a failed append, never the reverse, so only
   * claimed events that exist and carry the key are returned.
   */
  async findByIdempotencyKey(key: string): Promise<StoredEvent[]> {
    const claims = await this.readStreamRecords(idempotencyStreamName(this.prefix, key), {});
    const streams = new Map<string, StoredEvent[]>();
    const found = new Map<string, StoredEvent>();
    for (const claim of claims) {
      const data = claim.data as { key?: unknown; streamId?: unknown; eventIds?: unknown } | null;
      if (claim.type !== IDEMPOTENCY_CLAIM_TYPE || data?.key !== key || typeof data.streamId !== 'string' || !Array.isArray(data.eventIds))
        continue;
      const ids = new Set(data.eventIds);
      let stream = streams.get(data.streamId);
      if (!stream) {
        stream = await this.readStream(data.streamId);
        streams.set(data.streamId, stream);
      }
      for (const event of stream) {
        if (ids.has(event.id) && event.metadata.idempotencyKey === key) found.set(event.id, event);
      }
    }
    return [...found.values()].sort((a, b) => a.position - b.position);
  }

  /**
   * Reads the namespace of $all once and checks each stream's chain as PostgreSQL's verify does:
   * versions follow on ('version gap'), prevHash is the predecessor's hash ('broken chain'), the
   * hash recomputes ('hash mismatch'; also for an event in the namespace without our envelope).
   * Memory grows with the number of streams (one head each).
   */
  async verify(): Promise<VerifyResult> {
    const heads = new Map<string, { version: number; hash: string | null }>();
    const failures: VerifyResult['failures'] = [];
    let events = 0;
    for await (const { event: record } of this.client.readAll({
      fromPosition: START,
      filter: namespaceFilter(this.prefix),
      resolveLinkTos: false,
    })) {
      if (!record) continue;
      const decoded = decodeRecord(this.prefix, record);
      if (decoded.kind === 'outside') continue;
      events++;
      if (decoded.kind === 'foreign') {
        failures.push({ streamId: decoded.streamId, version: decoded.version, position: decoded.position ?? 0, reason: 'hash mismatch' });
        heads.set(decoded.streamId, { version: decoded.version, hash: null });
        continue;
      }
      const event = decoded.event;
      const previous = heads.get(event.streamId);
      const fail = (reason: string) =>
        failures.push({ streamId: event.streamId, version: event.version, position: event.position, reason });
      if (event.version !== (previous?.version ?? 0) + 1) fail('version gap');
      if (event.prevHash !== (previous ? previous.hash : null)) fail('broken chain');
      if (eventHash(event) !== event.hash) fail('hash mismatch');
      heads.set(event.streamId, { version: event.version, hash: event.hash });
    }
    failures.sort((a, b) => a.position - b.position || a.version - b.version);
    return { ok: failures.length === 0, streams: heads.size, events, failures };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.live.stop();
    if (this.options.ownsClient) await this.client.dispose();
  }

  // -------------------------------------------------------------------------------------------

  /** streams, events and the last position of the namespace in $all (idempotency claims are outside) */
  private async scanNamespace(): Promise<StoreCounts & { head: number }> {
    const streams = new Set<string>();
    let events = 0;
    let head = 0;
    for await (const { event: record } of this.client.readAll({
      fromPosition: START,
      filter: namespaceFilter(this.prefix),
      resolveLinkTos: false,
    })) {
      if (!record) continue;
      const decoded = decodeRecord(this.prefix, record);
      if (decoded.kind === 'outside') continue;
      // a foreign record counts, as in verify (which reports it): it is in the namespace
      streams.add(decoded.kind === 'event' ? decoded.event.streamId : decoded.streamId);
      events++;
      if (record.position) head = Math.max(head, positionNumber(record.position.commit));
    }
    return { streams: streams.size, events, head };
  }

  private wakeAll(): void {
    for (const wakeup of this.wakeups) wakeup.wake();
  }

  /** the last event of the stream: its version and the head of the hash chain */
  private async readHead(streamName: string, streamId: string): Promise<{ version: number; hash: string } | null> {
    const [last] = await this.readStreamRecords(streamName, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    if (!last) return null;
    const decoded = decodeRecord(this.prefix, last);
    if (decoded.kind !== 'event') {
      throw new Error(
        `stream ${streamId}: its last event (revision ${last.revision}) was not written by this store, its hash chain cannot continue`,
      );
    }
    return { version: decoded.event.version, hash: decoded.event.hash };
  }

  private async claimIdempotencyKeys(streamId: string, events: PreparedEvent[]): Promise<void> {
    const byKey = new Map<string, string[]>();
    for (const event of events) {
      const key = event.metadata.idempotencyKey;
      if (typeof key !== 'string' || key === '') continue;
      byKey.set(key, [...(byKey.get(key) ?? []), event.id]);
    }
    for (const [key, eventIds] of byKey) {
      const claim: EventData = {
        id: uuidV7(),
        contentType: 'application/json',
        type: IDEMPOTENCY_CLAIM_TYPE,
        data: { key, streamId, eventIds },
        metadata: undefined,
      };
      await this.client.appendToStream(idempotencyStreamName(this.prefix, key), [claim], { streamState: ANY, requiresLeader: true });
    }
  }

  /** the events just written, read back for their log positions (an append returns only one) */
  private async readBack(streamName: string, firstVersion: number, ids: string[]): Promise<StoredEvent[]> {
    const records = await this.readStreamRecords(streamName, { fromRevision: revisionOfVersion(firstVersion), maxCount: ids.length });
    const known = new Map<string, number>();
    const decoded = this.decodeAll(records, known);
    if (decoded.length !== ids.length || decoded.some((d, i) => d.event.id !== ids[i].toLowerCase())) {
      throw new Error(`append to ${streamName}: reading the appended events back returned other events`);
    }
    return this.withTransactionIds(decoded, known);
  }

  /** decodes a stream read; an event of the stream not written by this store is an error */
  private decodeAll(records: RecordedLike[], known: Map<string, number>): DecodedEvent[] {
    const decoded: DecodedEvent[] = [];
    for (const record of records) {
      const result = decodeRecord(this.prefix, record);
      if (result.kind === 'outside') continue;
      if (result.kind === 'foreign') throw foreignEventError(result);
      known.set(knownKey(result.streamName, result.event.version), result.event.position);
      decoded.push(result);
    }
    return decoded;
  }

  /**
   * transactionId = position of the first event of the event's append (kurrentdb-mapping.ts):
   * found among the events read with it, or read from its stream.
   */
  private async withTransactionIds(decoded: DecodedEvent[], known: Map<string, number>): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    for (const { event, appendIndex, streamName } of decoded) {
      const firstVersion = event.version - appendIndex;
      const key = knownKey(streamName, firstVersion);
      let first = known.get(key);
      if (first === undefined) {
        const [record] = await this.readStreamRecords(streamName, { fromRevision: revisionOfVersion(firstVersion), maxCount: 1 });
        first = record?.position ? positionNumber(record.position.commit) : event.position;
        known.set(key, first);
      }
      events.push({ ...event, transactionId: String(first) });
    }
    return events;
  }

  private async readStreamRecords(streamName: string, options: KurrentReadStreamOptions): Promise<RecordedLike[]> {
    try {
      return await collectEvents(
        this.client.readStream(streamName, { direction: FORWARDS, resolveLinkTos: false, requiresLeader: true, ...options }),
      );
    } catch (error: any) {
      if (error?.type === 'stream-not-found') return [];
      throw error;
    }
  }

  private async reachable(): Promise<boolean> {
    try {
      await collectEvents(this.client.readAll({ fromPosition: START, maxCount: 1 }));
      return true;
    } catch {
      return false;
    }
  }
}

function prepareEvent(event: NewEvent): PreparedEvent {
  if (!(event.occurredAt instanceof Date) || Number.isNaN(event.occurredAt.getTime())) {
    throw new Error(`event ${event.type}: occurredAt must be a valid Date`);
  }
  if (typeof event.type !== 'string' || event.type === '' || isSystemName(event.type)) {
    throw new Error(`event type ${JSON.stringify(event.type)}: must be non-empty and not start with $`);
  }
  return {
    id: event.id ?? uuidV7(),
    type: event.type,
    schemaVersion: event.schemaVersion ?? 1,
    // what a JSON store keeps, so the hash covers exactly what is read back
    data: toStoredJson(event.data),
    metadata: toStoredJson(event.metadata ?? {}),
    occurredAt: new Date(event.occurredAt.getTime()),
  };
}

/** the events as KurrentDB records: versions after `current`, each hash chained to the previous */
function chain(streamId: string, events: PreparedEvent[], current: number, head: string | null, recordedAt: Date): EventData[] {
  let prevHash = head;
  return events.map((event, appendIndex) => {
    const version = current + appendIndex + 1;
    const hash = eventHash({ ...event, prevHash, streamId, version, recordedAt });
    const metadata = encodeEnvelope({ ...event, recordedAt, appendIndex, prevHash, hash });
    prevHash = hash;
    return { id: event.id, contentType: 'application/json', type: event.type, data: event.data, metadata } as unknown as EventData;
  });
}

function knownKey(streamName: string, version: number): string {
  return `${version}@${streamName}`;
}

function foreignEventError(record: Extract<DecodedRecord, { kind: 'foreign' }>): Error {
  return new Error(
    `stream ${record.streamName} version ${record.version}: ${record.reason}. ` +
      'Give the store a streamPrefix of its own on a shared KurrentDB.',
  );
}

async function collectEvents(iterable: AsyncIterable<{ event?: RecordedLike }>): Promise<RecordedLike[]> {
  const records: RecordedLike[] = [];
  for await (const { event } of iterable) if (event) records.push(event);
  return records;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
