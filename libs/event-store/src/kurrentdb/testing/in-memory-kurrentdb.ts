import { Readable } from 'node:stream';
import { StreamNotFoundError, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import type {
  AppendResult,
  AppendToStreamOptions,
  EventData,
  Filter,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';
import type { KurrentDbClientLike } from '../kurrentdb-event-store';
import type { RecordedLike } from '../kurrentdb-mapping';

/**
 * A stand-in for KurrentDBClient, for tests on machines without a KurrentDB server. It models
 * what the adapter relies on, as the server code does it (EventStore/EventStore
 * StorageWriterService.WritePrepares, AllReader.ReadAllEventsForward, the gRPC filtered read):
 * - each event of an append is its own log record: commit = prepare = its byte offset, strictly
 *   increasing, the events of one append contiguous;
 * - revisions 0-based; expected states NO_STREAM / STREAM_EXISTS / ANY / revision, a mismatch
 *   throws the client's WrongExpectedVersionError with actualState ('no_stream' or revision);
 * - readStream of a missing stream throws the client's StreamNotFoundError while iterating;
 * - readAll forwards is inclusive of fromPosition, refuses a position where no record starts,
 *   returns nothing past the end, and counts maxCount after the filter;
 * - system records interleave ($> links in $ce-<category>, $statsCollected in $stats-…);
 * - subscribeToAll from END pushes later matching events.
 * It is not KurrentDB: the contract suite must still pass against a real server (KURRENTDB_URL).
 */
export interface InMemoryKurrentDbOptions {
  /** write a $statsCollected system event after every n appends (default 3; 0: never) */
  systemEventEvery?: number;
}

interface LogRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: Buffer;
  metadata: Buffer;
  created: Date;
  position: { commit: bigint; prepare: bigint };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class InMemoryKurrentDb implements KurrentDbClientLike {
  readonly log: LogRecord[] = [];
  private readonly streams = new Map<string, LogRecord[]>();
  private readonly subscribers = new Set<{ filter?: Filter; stream: Readable }>();
  private nextPosition = 4_096n;
  private appends = 0;
  disposed = false;

  constructor(private readonly options: InMemoryKurrentDbOptions = {}) {}

  async appendToStream(streamName: string, events: EventData[], options: AppendToStreamOptions = {}): Promise<AppendResult> {
    await this.latency();
    const state = options.streamState ?? 'any';
    const stream = this.streams.get(streamName);
    const current = stream ? BigInt(stream.length - 1) : -1n;
    const holds =
      state === 'any' ||
      (state === 'no_stream' && current === -1n) ||
      (state === 'stream_exists' && current >= 0n) ||
      (typeof state === 'bigint' && current === state);
    if (!holds) {
      throw new WrongExpectedVersionError(undefined, { streamName, expected: state, current: current < 0n ? 'no_stream' : current });
    }
    for (const event of events) {
      if (!UUID.test(event.id)) throw new Error(`event id ${event.id} is not a UUID`);
      if (event.contentType !== 'application/json') throw new Error('the stand-in keeps JSON events only');
    }
    const first = this.nextPosition;
    const written = events.map((event) =>
      this.write(
        streamName,
        event.id,
        event.type,
        JSON.stringify(event.data),
        event.metadata === undefined ? '' : JSON.stringify(event.metadata),
      ),
    );
    const last = written[written.length - 1];
    if (!stream && !streamName.startsWith('$') && written.length > 0) {
      const category = streamName.split('-')[0];
      this.write(`$ce-${category}`, randomUuid(), '$>', `0@${streamName}`, '');
    }
    this.appends++;
    const every = this.options.systemEventEvery ?? 3;
    if (every > 0 && this.appends % every === 0) {
      this.write('$stats-127.0.0.1:2113', randomUuid(), '$statsCollected', JSON.stringify({ appends: this.appends }), '');
    }
    return {
      success: true,
      nextExpectedRevision: last ? last.revision : current,
      position: last ? { commit: last.position.commit, prepare: first } : undefined,
    };
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): AsyncIterableIterator<{ event?: RecordedLike }> {
    const self = this;
    return (async function* () {
      await self.latency();
      const stream = self.streams.get(streamName);
      if (!stream) throw new StreamNotFoundError(undefined, streamName);
      const { fromRevision = 'start', direction = 'forwards', maxCount = Number.MAX_SAFE_INTEGER } = options;
      let selected: LogRecord[];
      if (direction === 'forwards') {
        const from = fromRevision === 'start' ? 0 : fromRevision === 'end' ? stream.length : Number(fromRevision);
        selected = stream.slice(from);
      } else {
        const from = fromRevision === 'end' ? stream.length - 1 : fromRevision === 'start' ? 0 : Number(fromRevision);
        selected = stream.slice(0, from + 1).reverse();
      }
      for (const record of selected.slice(0, Number(maxCount))) yield { event: toRecorded(record) };
    })();
  }

  readAll(options: ReadAllOptions = {}): AsyncIterableIterator<{ event?: RecordedLike }> {
    const self = this;
    return (async function* () {
      await self.latency();
      const { fromPosition = 'start', direction = 'forwards', maxCount = Number.MAX_SAFE_INTEGER, filter } = options;
      if (direction !== 'forwards') throw new Error('the stand-in reads $all forwards only');
      let start = 0;
      if (fromPosition === 'end') start = self.log.length;
      else if (fromPosition !== 'start') {
        const last = self.log[self.log.length - 1];
        if (!last || fromPosition.commit > last.position.commit) start = self.log.length;
        else {
          start = self.log.findIndex((r) => r.position.commit === fromPosition.commit);
          if (start < 0) throw new Error(`Invalid position ${fromPosition.commit}/${fromPosition.prepare}: no record starts there`);
        }
      }
      const snapshot = self.log.slice(start); // what was indexed when the read started
      let count = 0;
      for (const record of snapshot) {
        if (count >= Number(maxCount)) return;
        if (filter && !matches(filter, record)) continue;
        count++;
        yield { event: toRecorded(record) };
      }
    })();
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Readable & { unsubscribe(): Promise<void> } {
    if (options.fromPosition !== 'end') throw new Error('the stand-in subscribes from END only');
    const stream = new Readable({ objectMode: true, read: () => undefined }) as Readable & { unsubscribe(): Promise<void> };
    const subscriber = { filter: options.filter, stream };
    this.subscribers.add(subscriber);
    stream.unsubscribe = async () => {
      this.subscribers.delete(subscriber);
      stream.destroy();
    };
    return stream;
  }

  /** makes every open subscription fail, as a dropped connection does */
  failSubscriptions(error = new Error('connection lost')): void {
    for (const subscriber of [...this.subscribers]) {
      this.subscribers.delete(subscriber);
      subscriber.stream.destroy(error);
    }
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** edits a stored event behind the API (what a disk-level tamperer could do) */
  tamper(streamName: string, revision: bigint, change: (record: { data: any; metadata: any }) => void): void {
    const record = this.streams.get(streamName)?.[Number(revision)];
    if (!record) throw new Error(`no event ${streamName}@${revision}`);
    const editable = { data: JSON.parse(record.data.toString('utf8')), metadata: JSON.parse(record.metadata.toString('utf8')) };
    change(editable);
    record.data = Buffer.from(JSON.stringify(editable.data), 'utf8');
    record.metadata = Buffer.from(JSON.stringify(editable.metadata), 'utf8');
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const subscriber of this.subscribers) subscriber.stream.destroy();
    this.subscribers.clear();
  }

  private write(streamId: string, id: string, type: string, data: string, metadata: string): LogRecord {
    const stream = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stream);
    const position = this.nextPosition;
    const record: LogRecord = {
      streamId,
      id,
      revision: BigInt(stream.length),
      type,
      data: Buffer.from(data, 'utf8'),
      metadata: Buffer.from(metadata, 'utf8'),
      created: new Date(),
      position: { commit: position, prepare: position },
    };
    // a prepare record: header, stream name, type, data and metadata, 8-byte aligned-ish
    this.nextPosition += BigInt(80 + Buffer.byteLength(streamId) + Buffer.byteLength(type) + record.data.length + record.metadata.length);
    stream.push(record);
    this.log.push(record);
    for (const subscriber of this.subscribers) {
      if (!subscriber.filter || matches(subscriber.filter, record)) subscriber.stream.push({ event: toRecorded(record) });
    }
    return record;
  }

  /** a few event-loop turns, so concurrent calls interleave as they would over the network */
  private async latency(): Promise<void> {
    const turns = Math.floor(Math.random() * 3);
    for (let i = 0; i <= turns; i++) await new Promise((resolve) => setImmediate(resolve));
  }
}

function matches(filter: Filter, record: LogRecord): boolean {
  const subject = filter.filterOn === 'eventType' ? record.type : record.streamId;
  if ('prefixes' in filter) return filter.prefixes.some((prefix) => subject.startsWith(prefix));
  return new RegExp(filter.regex).test(subject);
}

function toRecorded(record: LogRecord): RecordedLike & { created: Date } {
  const isJson = !record.type.startsWith('$>');
  const text = record.data.toString('utf8');
  return {
    streamId: record.streamId,
    id: record.id,
    revision: record.revision,
    type: record.type,
    isJson,
    data: isJson ? JSON.parse(text) : new Uint8Array(record.data),
    metadata: record.metadata.length ? JSON.parse(record.metadata.toString('utf8')) : undefined,
    created: record.created,
    position: { ...record.position },
  };
}

function randomUuid(): string {
  return globalThis.crypto.randomUUID();
}
