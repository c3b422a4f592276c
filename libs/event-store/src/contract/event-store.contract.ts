import { randomUUID } from 'node:crypto';
import {
  ConcurrencyError,
  START_OF_FEED,
  expect as expectVersion,
  type EventStore,
  type FeedCursor,
  type NewEvent,
  type StoredEvent,
} from '../event-store.port';
import type { SqlDatabase } from '../postgres/sql-database';

export interface ContractStore {
  store: EventStore;
  /** the adapter's SQL database, for the checks that go around the store */
  db?: SqlDatabase;
  cleanup(): Promise<void>;
}

export interface ContractCapabilities {
  /** events live in the `events` table of `db` (immutability and tamper checks) */
  sql?: boolean;
}

const VIETNAMESE = {
  title: 'Báo cáo tổng hợp tình hình thực hiện nhiệm vụ quý I/2026',
  agency: 'Ủy ban nhân dân tỉnh Quảng Ngãi — Sở Tài nguyên và Môi trường',
  assignee: 'Nguyễn Thị Hồng Nhung',
  note: 'Hạn chót: 17 giờ ngày 30/4; “khẩn”, ưu tiên xử lý trước Tết Nguyên Đán 🎋',
  decomposed: 'Tie\u0302\u0301ng Vie\u0323\u0302t', // combining marks must not be normalized away
};

function event(type: string, data: Record<string, unknown> = {}, extra: Partial<NewEvent> = {}): NewEvent {
  return { type, data, occurredAt: new Date('2026-04-01T08:30:00.123Z'), ...extra };
}

function streamId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/**
 * The cursor after everything visible now. Another test's events may become visible later
 * (any open transaction on the server holds the feed back), so feed tests also filter by stream.
 */
async function endOfFeed(store: EventStore): Promise<FeedCursor> {
  let cursor = START_OF_FEED;
  for (;;) {
    const page = await store.readFeed({ after: cursor, limit: 1000 });
    if (page.events.length === 0) return cursor;
    cursor = page.cursor;
  }
}

async function readAll(store: EventStore, after: FeedCursor, limit = 1000): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await store.readFeed({ after: cursor, limit });
    if (page.events.length === 0) return events;
    events.push(...page.events);
    cursor = page.cursor;
  }
}

/** waits until `count` events of these streams are visible in the feed after `after` */
async function readVisible(store: EventStore, after: FeedCursor, streams: string[], count: number): Promise<StoredEvent[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const events = (await readAll(store, after)).filter((e) => streams.includes(e.streamId));
    if (events.length >= count || Date.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function eventually(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The behaviour every EventStore adapter must show. `makeStore` runs once for the suite; tests
 * use their own streams and read the feed from the cursor where they started.
 */
export function describeEventStoreContract(
  name: string,
  makeStore: () => Promise<ContractStore>,
  capabilities: ContractCapabilities = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    let ctx: ContractStore;
    let store: EventStore;

    beforeAll(async () => {
      ctx = await makeStore();
      store = ctx.store;
    });

    afterAll(async () => {
      await ctx?.cleanup();
    });

    describe('append and read', () => {
      it('reads back exactly what was appended, Vietnamese text included', async () => {
        const id = streamId('task');
        const givenId = randomUUID();
        const metadata = {
          actor: { role: 'officer', name: VIETNAMESE.assignee, agency: 'UBND-QNg' },
          correlationId: randomUUID(),
          causationId: randomUUID(),
        };
        const result = await store.append(
          id,
          [
            event('TaskAssigned', { ...VIETNAMESE, nested: { list: [1, 2.5, 'ba', null, true] } }, { id: givenId, metadata }),
            event('TaskNoted', { note: VIETNAMESE.note }, { schemaVersion: 3 }),
          ],
          { expectedVersion: expectVersion.noStream() },
        );

        const read = await store.readStream(id);
        expect(read).toEqual(result.events);
        expect(read[0]).toMatchObject({
          id: givenId,
          streamId: id,
          version: 1,
          type: 'TaskAssigned',
          schemaVersion: 1,
          data: { ...VIETNAMESE, nested: { list: [1, 2.5, 'ba', null, true] } },
          metadata,
          occurredAt: new Date('2026-04-01T08:30:00.123Z'),
          prevHash: null,
        });
        expect(read[0].data.decomposed).toBe(VIETNAMESE.decomposed);
        expect(read[1]).toMatchObject({ version: 2, schemaVersion: 3, prevHash: read[0].hash });
        expect(read[1].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(read[0].hash).toMatch(/^[0-9a-f]{64}$/);
        expect(read[0].recordedAt).toBeInstanceOf(Date);
        expect(typeof read[0].position).toBe('number');
        expect(typeof read[0].transactionId).toBe('string');
      });

      it('numbers versions from 1 and returns the version and position after the append', async () => {
        const id = streamId('versions');
        const result = await store.append(id, [event('A'), event('B'), event('C')], {
          expectedVersion: expectVersion.noStream(),
        });
        expect(result.events.map((e) => e.version)).toEqual([1, 2, 3]);
        expect(result.version).toBe(3);
        expect(result.position).toBe(result.events[2].position);
        expect(result.events[0].position).toBeLessThan(result.events[1].position);
        expect(await store.streamVersion(id)).toBe(3);
      });

      it('knows nothing of a stream that was never written', async () => {
        const id = streamId('missing');
        expect(await store.streamVersion(id)).toBe(0);
        expect(await store.readStream(id)).toEqual([]);
      });

      it('refuses an empty append and leaves no stream behind', async () => {
        const id = streamId('empty');
        await expect(store.append(id, [], { expectedVersion: expectVersion.any() })).rejects.toThrow();
        expect(await store.streamVersion(id)).toBe(0);
      });

      it('uses the record time given to append', async () => {
        const id = streamId('recorded');
        const recordedAt = new Date('2026-05-05T05:05:05.555Z');
        const result = await store.append(id, [event('A')], { expectedVersion: expectVersion.any(), recordedAt });
        expect(result.events[0].recordedAt).toEqual(recordedAt);
        expect((await store.readStream(id))[0].recordedAt).toEqual(recordedAt);
      });
    });

    describe('expected version', () => {
      it('no_stream creates the stream and conflicts once it exists', async () => {
        const id = streamId('no-stream');
        await store.append(id, [event('A')], { expectedVersion: expectVersion.noStream() });
        const attempt = store.append(id, [event('B')], { expectedVersion: expectVersion.noStream() });
        await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(attempt).rejects.toMatchObject({ streamId: id, actual: 1, expected: { kind: 'no_stream' } });
        expect(await store.streamVersion(id)).toBe(1);
      });

      it('stream_exists conflicts on a missing stream and appends to an existing one', async () => {
        const id = streamId('exists');
        const attempt = store.append(id, [event('A')], { expectedVersion: expectVersion.exists() });
        await expect(attempt).rejects.toMatchObject({ name: 'ConcurrencyError', actual: 0 });
        expect(await store.streamVersion(id)).toBe(0);

        await store.append(id, [event('A')], { expectedVersion: expectVersion.noStream() });
        const result = await store.append(id, [event('B')], { expectedVersion: expectVersion.exists() });
        expect(result.version).toBe(2);
      });

      it('any appends whether or not the stream exists', async () => {
        const id = streamId('any');
        expect((await store.append(id, [event('A')], { expectedVersion: expectVersion.any() })).version).toBe(1);
        expect((await store.append(id, [event('B')], { expectedVersion: expectVersion.any() })).version).toBe(2);
      });

      it('exact appends only at the current version and reports the actual one otherwise', async () => {
        const id = streamId('exact');
        await store.append(id, [event('A')], { expectedVersion: expectVersion.exact(0) });
        await store.append(id, [event('B'), event('C')], { expectedVersion: expectVersion.exact(1) });

        for (const stale of [0, 1, 2, 4]) {
          const attempt = store.append(id, [event('X')], { expectedVersion: expectVersion.exact(stale) });
          await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
          await expect(attempt).rejects.toMatchObject({ actual: 3, expected: { kind: 'exact', version: stale } });
        }
        expect((await store.readStream(id)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
        expect((await store.append(id, [event('D')], { expectedVersion: expectVersion.exact(3) })).version).toBe(4);
      });

      it('exact(0) on an existing stream is a conflict', async () => {
        const id = streamId('exact-zero');
        await store.append(id, [event('A')], { expectedVersion: expectVersion.any() });
        await expect(store.append(id, [event('B')], { expectedVersion: expectVersion.exact(0) })).rejects.toMatchObject({
          name: 'ConcurrencyError',
          actual: 1,
        });
      });
    });

    describe('concurrent writers on one stream', () => {
      const WRITERS = 32;

      it('32 writers racing with an exact version: each version taken once, the losers get ConcurrencyError', async () => {
        const id = streamId('race');
        const attempts = Array.from({ length: WRITERS }, async (_, writer) => {
          const version = await store.streamVersion(id);
          const result = await store.append(id, [event('Raced', { writer })], {
            expectedVersion: expectVersion.exact(version),
          });
          return { writer, version: result.version };
        });
        const outcomes = await Promise.allSettled(attempts);

        const winners = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
        const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
        for (const failure of failures) expect(failure).toBeInstanceOf(ConcurrencyError);
        expect(winners.length).toBeGreaterThan(0);
        expect(new Set(winners.map((w) => w.version)).size).toBe(winners.length);

        const stream = await store.readStream(id);
        expect(await store.streamVersion(id)).toBe(winners.length);
        expect(stream.map((e) => e.version)).toEqual(winners.map((_, i) => i + 1));
        expect(stream.map((e) => e.data.writer).sort()).toEqual(winners.map((w) => w.writer).sort());
      });

      it('32 writers retrying on ConcurrencyError all land, at versions 1..32', async () => {
        const id = streamId('race-retry');
        const writers = Array.from({ length: WRITERS }, async (_, writer) => {
          for (;;) {
            try {
              const version = await store.streamVersion(id);
              return await store.append(id, [event('Raced', { writer })], {
                expectedVersion: expectVersion.exact(version),
              });
            } catch (error) {
              if (!(error instanceof ConcurrencyError)) throw error;
            }
          }
        });
        await Promise.all(writers);

        const stream = await store.readStream(id);
        expect(stream.map((e) => e.version)).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 1));
        expect(stream.map((e) => e.data.writer as number).sort((a, b) => a - b)).toEqual(Array.from({ length: WRITERS }, (_, i) => i));
        expect(await store.streamVersion(id)).toBe(WRITERS);
      });
    });

    describe('readStream', () => {
      it('starts at fromVersion', async () => {
        const id = streamId('from');
        await store.append(id, [event('A'), event('B'), event('C')], { expectedVersion: expectVersion.any() });
        expect((await store.readStream(id, { fromVersion: 2 })).map((e) => e.type)).toEqual(['B', 'C']);
        expect(await store.readStream(id, { fromVersion: 4 })).toEqual([]);
      });

      it('knownAt returns what had been recorded by then', async () => {
        const id = streamId('known-at');
        const at = (iso: string) => new Date(iso);
        await store.append(id, [event('A')], { expectedVersion: expectVersion.any(), recordedAt: at('2026-06-01T00:00:00.000Z') });
        await store.append(id, [event('B')], { expectedVersion: expectVersion.any(), recordedAt: at('2026-06-02T00:00:00.000Z') });
        await store.append(id, [event('C')], { expectedVersion: expectVersion.any(), recordedAt: at('2026-06-03T00:00:00.000Z') });

        const typesKnownAt = async (iso: string) => (await store.readStream(id, { knownAt: at(iso) })).map((e) => e.type);
        expect(await typesKnownAt('2026-05-31T23:59:59.999Z')).toEqual([]);
        expect(await typesKnownAt('2026-06-02T00:00:00.000Z')).toEqual(['A', 'B']);
        expect(await typesKnownAt('2026-06-02T12:00:00.000Z')).toEqual(['A', 'B']);
        expect(await typesKnownAt('2030-01-01T00:00:00.000Z')).toEqual(['A', 'B', 'C']);
      });

      it('reads several streams at once, each whole and in version order, as each reads alone', async () => {
        const [a, b, none] = [streamId('many-a'), streamId('many-b'), streamId('many-none')];
        const at = (iso: string) => new Date(iso);
        await store.append(a, [event('A1'), event('A2')], {
          expectedVersion: expectVersion.any(),
          recordedAt: at('2026-06-01T00:00:00.000Z'),
        });
        await store.append(b, [event('B1')], { expectedVersion: expectVersion.any(), recordedAt: at('2026-06-01T00:00:00.000Z') });
        await store.append(a, [event('A3')], { expectedVersion: expectVersion.any(), recordedAt: at('2026-06-03T00:00:00.000Z') });
        const all = await store.readStreams([b, a, none, a]);
        expect([...all.keys()].sort()).toEqual([a, b].sort());
        expect(all.get(a)).toEqual(await store.readStream(a));
        expect(all.get(b)).toEqual(await store.readStream(b));
        const known = await store.readStreams([a, b], { knownAt: at('2026-06-02T00:00:00.000Z') });
        expect(known.get(a)!.map((e) => e.type)).toEqual(['A1', 'A2']);
        expect((await store.readStreams([])).size).toBe(0);
      });

      it("knownAt at an event's own record time includes that event", async () => {
        const id = streamId('known-at-own');
        const result = await store.append(id, [event('A')], { expectedVersion: expectVersion.any() });
        const read = await store.readStream(id, { knownAt: result.events[0].recordedAt });
        expect(read.map((e) => e.id)).toEqual([result.events[0].id]);
      });
    });

    describe('global feed', () => {
      it('returns appended events once each, in commit order, across cursor pages', async () => {
        const start = await endOfFeed(store);
        const appended: StoredEvent[] = [];
        const streams = [streamId('feed-a'), streamId('feed-b'), streamId('feed-c')];
        for (let i = 0; i < 7; i++) {
          const result = await store.append(streams[i % 3], [event(`Feed${i}`, { i })], { expectedVersion: expectVersion.any() });
          appended.push(...result.events);
        }
        const batch = await store.append(streams[0], [event('FeedBatch1'), event('FeedBatch2')], {
          expectedVersion: expectVersion.any(),
        });
        appended.push(...batch.events);

        expect(await readVisible(store, start, streams, appended.length)).toEqual(appended);

        const pages: StoredEvent[][] = [];
        let cursor = start;
        for (;;) {
          const page = await store.readFeed({ after: cursor, limit: 3 });
          if (page.events.length === 0) {
            expect(page.cursor).toEqual(cursor);
            break;
          }
          expect(page.events.length).toBeLessThanOrEqual(3);
          const last = page.events[page.events.length - 1];
          expect(page.cursor).toEqual({ transactionId: last.transactionId, position: last.position });
          pages.push(page.events);
          cursor = page.cursor;
        }
        const read = pages.flat();
        expect(read.filter((e) => streams.includes(e.streamId))).toEqual(appended);
        expect(new Set(read.map((e) => e.id)).size).toBe(read.length);
        expect(batch.events[0].transactionId).toBe(batch.events[1].transactionId);
      });

      it('filters by event type', async () => {
        const start = await endOfFeed(store);
        const alpha = `Alpha-${randomUUID()}`;
        const beta = `Beta-${randomUUID()}`;
        const id = streamId('types');
        await store.append(id, [event(alpha), event(beta), event(alpha), event('Other')], { expectedVersion: expectVersion.any() });
        await readVisible(store, start, [id], 4);

        const onlyAlpha = await store.readFeed({ after: start, types: [alpha] });
        expect(onlyAlpha.events.map((e) => [e.type, e.version])).toEqual([
          [alpha, 1],
          [alpha, 3],
        ]);
        const both = await store.readFeed({ after: start, types: [alpha, beta] });
        expect(both.events.map((e) => e.version)).toEqual([1, 2, 3]);
        expect((await store.readFeed({ after: start, types: [] })).events).toEqual([]);
      });

      it('gives the cursor of a position, and none for a position never written', async () => {
        const start = await endOfFeed(store);
        const id = streamId('cursor');
        const result = await store.append(id, [event('A'), event('B')], { expectedVersion: expectVersion.any() });
        const first = result.events[0];
        await readVisible(store, start, [id], 2);

        const cursor = await store.cursorOf(first.position);
        expect(cursor).toEqual({ transactionId: first.transactionId, position: first.position });
        const after = (await readAll(store, cursor!)).filter((e) => e.streamId === id);
        expect(after.map((e) => e.id)).toEqual([result.events[1].id]);
        expect(await store.cursorOf(Number.MAX_SAFE_INTEGER)).toBeNull();
      });
    });

    describe('head position and counts', () => {
      it('follow appends: the head is the last position written, counts grow by the streams and events added', async () => {
        const before = await store.counts();
        const headBefore = await store.headPosition();
        const [a, b] = [streamId('counts-a'), streamId('counts-b')];
        await store.append(a, [event('A'), event('B')], { expectedVersion: expectVersion.noStream() });
        const last = await store.append(b, [event('C')], { expectedVersion: expectVersion.noStream() });

        expect(await store.counts()).toEqual({ streams: before.streams + 2, events: before.events + 3 });
        const head = await store.headPosition();
        expect(head).toBe(last.position);
        expect(head).toBeGreaterThan(headBefore);
      });
    });

    describe('subscriptions', () => {
      it('deliver history, then live appends, each once and in feed order', async () => {
        const start = await endOfFeed(store);
        const id = streamId('subscribe');
        await store.append(id, [event('A'), event('B'), event('C')], { expectedVersion: expectVersion.any() });
        const seen: StoredEvent[] = [];
        const cursors: FeedCursor[] = [];
        const subscription = store.subscribe({
          after: start,
          batchSize: 2,
          pollIntervalMs: 50,
          handle: async (events, cursor) => {
            seen.push(...events.filter((e) => e.streamId === id));
            cursors.push(cursor);
          },
        });
        try {
          await eventually(() => seen.length === 3);
          await store.append(id, [event('D')], { expectedVersion: expectVersion.any() });
          await store.append(id, [event('E')], { expectedVersion: expectVersion.any() });
          await eventually(() => seen.length === 5, 5_000);
        } finally {
          await subscription.stop();
        }
        expect(seen.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E']);
        expect(cursors).toContainEqual({ transactionId: seen[4].transactionId, position: seen[4].position });
      });

      it('stop waits for the batch being handled', async () => {
        const start = await endOfFeed(store);
        await store.append(streamId('stop'), [event('A')], { expectedVersion: expectVersion.any() });
        let started = false;
        let finished = false;
        const subscription = store.subscribe({
          after: start,
          pollIntervalMs: 10,
          handle: async () => {
            started = true;
            await new Promise((resolve) => setTimeout(resolve, 200));
            finished = true;
          },
        });
        await eventually(() => started);
        await subscription.stop();
        expect(finished).toBe(true);
      });

      it('retry a failing batch instead of skipping it, reporting each failure', async () => {
        const start = await endOfFeed(store);
        const id = streamId('retry');
        await store.append(id, [event('A'), event('B')], { expectedVersion: expectVersion.any() });
        const errors: unknown[] = [];
        const delivered: string[] = [];
        let failuresLeft = 2;
        const subscription = store.subscribe({
          after: start,
          pollIntervalMs: 10,
          handle: async (events) => {
            if (failuresLeft-- > 0) throw new Error('projection unavailable');
            delivered.push(...events.filter((e) => e.streamId === id).map((e) => e.type));
          },
          onError: (error) => errors.push(error),
        });
        try {
          await eventually(() => delivered.length === 2, 15_000);
        } finally {
          await subscription.stop();
        }
        expect(delivered).toEqual(['A', 'B']);
        expect(errors).toHaveLength(2);
      });
    });

    describe('idempotency keys', () => {
      it('find the events appended with a key, and nothing for an unknown key', async () => {
        const key = `cmd-${randomUUID()}`;
        const id = streamId('idem');
        const result = await store.append(id, [event('A', {}, { metadata: { idempotencyKey: key } }), event('B')], {
          expectedVersion: expectVersion.any(),
        });
        const found = await store.findByIdempotencyKey(key);
        expect(found).toEqual([result.events[0]]);
        expect(await store.findByIdempotencyKey(`cmd-${randomUUID()}`)).toEqual([]);
      });
    });

    describe('hash chain', () => {
      it('verifies every stream written so far', async () => {
        await store.append(streamId('verify'), [event('A', { x: VIETNAMESE.title })], { expectedVersion: expectVersion.any() });
        const result = await store.verify();
        expect(result.failures).toEqual([]);
        expect(result.ok).toBe(true);
        expect(result.streams).toBeGreaterThan(0);
        expect(result.events).toBeGreaterThanOrEqual(result.streams);
      });

      it('chains each event to the previous one of its stream', async () => {
        const id = streamId('chain');
        const first = await store.append(id, [event('A')], { expectedVersion: expectVersion.any() });
        const second = await store.append(id, [event('B'), event('C')], { expectedVersion: expectVersion.exact(1) });
        expect(second.events[0].prevHash).toBe(first.events[0].hash);
        expect(second.events[1].prevHash).toBe(second.events[0].hash);
        expect(new Set([first.events[0].hash, ...second.events.map((e) => e.hash)]).size).toBe(3);
      });

      // single events and batches take different paths in the PostgreSQL adapter: one chain
      it('keeps one chain across single-event and batch appends, and verify agrees with it', async () => {
        const id = streamId('mixed-chain');
        const a = await store.append(id, [event('A', { title: VIETNAMESE.title })], { expectedVersion: expectVersion.noStream() });
        const bc = await store.append(id, [event('B'), event('C')], { expectedVersion: expectVersion.exact(1) });
        const d = await store.append(id, [event('D', { note: VIETNAMESE.title })], { expectedVersion: expectVersion.exact(3) });
        const e = await store.append(id, [event('E')], { expectedVersion: expectVersion.exists() });
        const written = [...a.events, ...bc.events, ...d.events, ...e.events];
        expect(written.map((x) => x.version)).toEqual([1, 2, 3, 4, 5]);
        written.slice(1).forEach((x, i) => expect(x.prevHash).toBe(written[i].hash));
        expect(await store.readStream(id)).toEqual(written);
        const result = await store.verify();
        expect(result.failures).toEqual([]);
      });
    });

    // Immutability and tamper detection through SQL apply only to adapters with SQL tables;
    // the others are not given those cases at all (nothing to skip).
    if (capabilities.sql) describeSqlChecks(() => ctx);
  });
}

function describeSqlChecks(context: () => ContractStore): void {
  const sql = () => {
    const db = context().db;
    if (!db) throw new Error('capabilities.sql is set but makeStore returned no db');
    return db;
  };
  const append = (id: string, events: NewEvent[]) => context().store.append(id, events, { expectedVersion: expectVersion.any() });

  // session_replication_role = replica turns ordinary triggers off for this transaction only:
  // the way an attacker with superuser rights would edit history.
  const behindTheTriggers = (statements: (tx: SqlDatabase) => Promise<unknown>) =>
    sql().transaction(async (tx) => {
      await tx.exec('SET LOCAL session_replication_role = replica');
      await statements(tx);
    });

  describe('stored events (sql adapters)', () => {
    it('refuse UPDATE, DELETE and TRUNCATE', async () => {
      const result = await append(streamId('immutable'), [event('A', { n: 1 })]);
      const position = result.events[0].position;
      await expect(sql().query(`UPDATE events SET data = '{"n":2}' WHERE position = $1`, [position])).rejects.toThrow(
        /events are immutable: UPDATE/,
      );
      await expect(sql().query('DELETE FROM events WHERE position = $1', [position])).rejects.toThrow(/events are immutable: DELETE/);
      await expect(sql().exec('TRUNCATE events')).rejects.toThrow(/events are immutable: TRUNCATE/);
      const [row] = (await sql().query('SELECT data FROM events WHERE position = $1', [position])).rows;
      expect(row.data).toEqual({ n: 1 });
    });

    it('verify reports an event edited behind the triggers, and is clean again once it is restored', async () => {
      const id = streamId('tampered');
      const result = await append(id, [event('A', { amount: 100 }), event('B')]);
      const target = result.events[0];

      await behindTheTriggers((tx) =>
        tx.query(`UPDATE events SET data = jsonb_set(data, '{amount}', '999') WHERE position = $1`, [target.position]),
      );
      try {
        const report = await context().store.verify();
        expect(report.ok).toBe(false);
        expect(report.failures).toEqual([{ streamId: id, version: 1, position: target.position, reason: 'hash mismatch' }]);
      } finally {
        await behindTheTriggers((tx) =>
          tx.query(`UPDATE events SET data = jsonb_set(data, '{amount}', '100') WHERE position = $1`, [target.position]),
        );
      }
      expect(await context().store.verify()).toMatchObject({ ok: true, failures: [] });
    });

    it('verify reports a broken chain when the edited event got a recomputed hash', async () => {
      const id = streamId('rehashed');
      const result = await append(id, [event('A', { amount: 100 }), event('B')]);
      const [first, second] = result.events;
      const rehash = (amount: number) => (tx: SqlDatabase) =>
        tx.query(
          `UPDATE events SET data = jsonb_set(data, '{amount}', $2::jsonb),
                  hash = event_hash(prev_hash, stream_id, version, type, jsonb_set(data, '{amount}', $2::jsonb),
                                    metadata, occurred_at, recorded_at)
            WHERE position = $1`,
          [first.position, JSON.stringify(amount)],
        );

      await behindTheTriggers(rehash(999));
      try {
        const report = await context().store.verify();
        expect(report.failures).toEqual([{ streamId: id, version: 2, position: second.position, reason: 'broken chain' }]);
      } finally {
        await behindTheTriggers(rehash(100));
      }
      expect((await context().store.verify()).ok).toBe(true);
    });

    it('verify reports a version gap when the last event of a stream is deleted', async () => {
      const id = streamId('truncated');
      const result = await append(id, [event('A'), event('B')]);
      const last = result.events[1];
      const [saved] = (await sql().query('SELECT * FROM events WHERE position = $1', [last.position])).rows;

      await behindTheTriggers((tx) => tx.query('DELETE FROM events WHERE position = $1', [last.position]));
      try {
        const report = await context().store.verify();
        expect(report.failures).toEqual([{ streamId: id, version: 2, position: result.events[0].position, reason: 'version gap' }]);
      } finally {
        await behindTheTriggers((tx) =>
          tx.query(`INSERT INTO events SELECT * FROM jsonb_populate_record(NULL::events, $1::jsonb)`, [
            JSON.stringify({ ...saved, transaction_id: String(saved.transaction_id) }),
          ]),
        );
      }
      expect((await context().store.verify()).ok).toBe(true);
    });
  });
}
