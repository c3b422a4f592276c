import type {
  AppendOptions,
  AppendResult,
  EventStore,
  FeedCursor,
  FeedPage,
  NewEvent,
  ReadFeedOptions,
  ReadStreamOptions,
  StoredEvent,
  StoreCounts,
  SubscribeOptions,
  Subscription,
  VerifyResult,
} from '../event-store.port';
import { startPollingSubscription } from '../subscription/polling-subscription';
import { Wakeup } from '../subscription/wakeup';
import { appendEvents, streamVersion } from './append-events';
import { AppendNotifier } from './append-notifier';
import { cursorOf, readFeed } from './read-feed';
import { EVENTS_CHANNEL } from './schema';
import type { SqlDatabase } from './sql-database';
import { EVENT_COLUMNS, toStoredEvent, type StoredEventRow } from './stored-event-row';
import { verifyChain } from './verify-chain';

export interface PostgresEventStoreOptions {
  /** record time of appends that give none; the database clock (to the millisecond) when absent */
  clock?: { now(): Date };
  /** NOTIFY other processes after appends so their subscriptions wake early (default true) */
  notify?: boolean;
  /** close the database with the store (default false: the database is usually shared) */
  ownsDatabase?: boolean;
}

const READ_STREAM_SQL = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE stream_id = $1 AND version >= $2 ORDER BY version`;
const READ_STREAM_KNOWN_AT_SQL = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE stream_id = $1 AND version >= $2 AND recorded_at <= $3 ORDER BY version`;
const READ_STREAMS_SQL = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE stream_id = ANY($1::text[]) AND ($2::timestamptz IS NULL OR recorded_at <= $2) ORDER BY stream_id, version`;
// the predicate matches the partial index events_idempotency_key_idx
const BY_IDEMPOTENCY_KEY_SQL = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE metadata->>'idempotencyKey' = $1 ORDER BY position`;

/** max() on the primary key reads one index entry */
const HEAD_POSITION_SQL = `SELECT max(position) AS head FROM events`;
/** the streams table has one row per stream, so no DISTINCT over the events */
const COUNTS_SQL = `SELECT (SELECT count(*) FROM streams) AS streams, (SELECT count(*) FROM events) AS events`;

/** The EventStore over PostgreSQL or PGlite; the tables and functions come from migrate(). */
export class PostgresEventStore implements EventStore {
  private readonly notifier: AppendNotifier | null;
  private readonly wakeups = new Set<Wakeup>();
  private readonly subscriptions = new Set<Subscription>();
  private unlisten: Promise<(() => Promise<void>) | null> | null = null;

  constructor(
    readonly db: SqlDatabase,
    private readonly options: PostgresEventStoreOptions = {},
  ) {
    this.notifier = options.notify === false ? null : new AppendNotifier(db, EVENTS_CHANNEL);
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const recordedAt = options.recordedAt ?? this.options.clock?.now();
    const result = await appendEvents(this.db, streamId, events, { ...options, recordedAt });
    for (const wakeup of this.wakeups) wakeup.wake();
    this.notifier?.signal();
    return result;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const fromVersion = options.fromVersion ?? 1;
    const { rows } = options.knownAt
      ? await this.db.query<StoredEventRow>(READ_STREAM_KNOWN_AT_SQL, [streamId, fromVersion, options.knownAt])
      : await this.db.query<StoredEventRow>(READ_STREAM_SQL, [streamId, fromVersion]);
    return rows.map(toStoredEvent);
  }

  async readStreams(streamIds: string[], options: Pick<ReadStreamOptions, 'knownAt'> = {}): Promise<Map<string, StoredEvent[]>> {
    const streams = new Map<string, StoredEvent[]>();
    if (streamIds.length === 0) return streams;
    const { rows } = await this.db.query<StoredEventRow>(READ_STREAMS_SQL, [[...new Set(streamIds)], options.knownAt ?? null]);
    for (const row of rows) {
      const event = toStoredEvent(row);
      const stream = streams.get(event.streamId);
      if (stream) stream.push(event);
      else streams.set(event.streamId, [event]);
    }
    return streams;
  }

  streamVersion(streamId: string): Promise<number> {
    return streamVersion(this.db, streamId);
  }

  readFeed(options?: ReadFeedOptions): Promise<FeedPage> {
    return readFeed(this.db, options);
  }

  cursorOf(position: number): Promise<FeedCursor | null> {
    return cursorOf(this.db, position);
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.db.query<{ head: number | string | null }>(HEAD_POSITION_SQL);
    return Number(rows[0]?.head ?? 0);
  }

  async counts(): Promise<StoreCounts> {
    const { rows } = await this.db.query<{ streams: number | string; events: number | string }>(COUNTS_SQL);
    return { streams: Number(rows[0]?.streams ?? 0), events: Number(rows[0]?.events ?? 0) };
  }

  subscribe(options: SubscribeOptions): Subscription {
    const wakeup = new Wakeup();
    this.wakeups.add(wakeup);
    this.listenForOtherProcesses(options.onError);
    const subscription = startPollingSubscription({
      ...options,
      readFeed: (feed) => this.readFeed(feed),
      wakeup,
      onStopped: () => {
        this.wakeups.delete(wakeup);
        this.subscriptions.delete(subscription);
        if (this.wakeups.size === 0) void this.stopListening();
      },
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async findByIdempotencyKey(key: string): Promise<StoredEvent[]> {
    const { rows } = await this.db.query<StoredEventRow>(BY_IDEMPOTENCY_KEY_SQL, [key]);
    return rows.map(toStoredEvent);
  }

  verify(): Promise<VerifyResult> {
    return verifyChain(this.db);
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.stopListening();
    await this.notifier?.close();
    if (this.options.ownsDatabase) await this.db.close();
  }

  private listenForOtherProcesses(onError?: (error: unknown) => void): void {
    if (this.unlisten) return;
    this.unlisten = this.db
      .listen(EVENTS_CHANNEL, () => {
        for (const wakeup of this.wakeups) wakeup.wake();
      })
      .catch((error) => {
        // polling still delivers everything, only later; try again with the next subscription
        onError?.(error);
        this.unlisten = null;
        return null;
      });
  }

  private async stopListening(): Promise<void> {
    const pending = this.unlisten;
    this.unlisten = null;
    const unlisten = await pending;
    await unlisten?.().catch(() => undefined);
  }
}
