import { ConcurrencyError, expect as expectVersion, type FeedCursor, type StoredEvent } from '../event-store.port';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { createTestEventStore, testEvent, uniqueStreamId, type TestEventStore } from '../testing';
import { PgDatabase } from './pg-database';
import { PostgresEventStore } from './postgres-event-store';
import { migrate } from './schema';

describeEventStoreContract(
  'PostgreSQL (pg)',
  async () => {
    const test = await createTestEventStore('pg', { max: 16 });
    return { store: test.store, db: test.db, cleanup: test.drop };
  },
  { sql: true },
);

const compareFeedOrder = (a: StoredEvent, b: StoredEvent) => {
  const ta = BigInt(a.transactionId);
  const tb = BigInt(b.transactionId);
  return ta === tb ? a.position - b.position : ta < tb ? -1 : 1;
};

describe('PostgreSQL feed with concurrent transactions (needs a server: real concurrent transactions)', () => {
  let test: TestEventStore;

  beforeAll(async () => {
    test = await createTestEventStore('pg', { max: 20 });
  });

  afterAll(async () => {
    await test?.drop();
  });

  it('a reader never passes an event that a slower transaction commits later; applied count equals stored count', async () => {
    const { store, db } = test;
    const SLOW = 3;
    const WRITERS = 8;
    const APPENDS_EACH = 15;

    // A naive reader paging by position alone, for contrast: it must be shown to skip, or this
    // run did not really produce out-of-order commits.
    const naiveSeen = new Set<number>();
    let naiveLast = 0;
    const pollNaive = async () => {
      const { rows } = await db.query<{ position: number }>('SELECT position FROM events WHERE position > $1 ORDER BY position', [
        naiveLast,
      ]);
      for (const row of rows) naiveSeen.add(row.position);
      if (rows.length) naiveLast = rows[rows.length - 1].position;
    };

    const readerSaw: StoredEvent[] = [];
    let cursor: FeedCursor | undefined;
    const pollFeed = async () => {
      for (;;) {
        const page = await store.readFeed({ after: cursor, limit: 7 });
        if (page.events.length === 0) return;
        readerSaw.push(...page.events);
        cursor = page.cursor;
      }
    };

    const applied: StoredEvent[] = [];
    const subscription = store.subscribe({
      batchSize: 5,
      pollIntervalMs: 5,
      handle: async (events) => {
        applied.push(...events);
      },
    });

    let writing = true;
    const readers = (async () => {
      while (writing) {
        await Promise.all([pollFeed(), pollNaive()]);
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    })();

    // Each slow transaction takes its position (and transaction id) first, then sleeps while the
    // fast writers append and commit larger positions, and only then commits.
    let slowAppended = 0;
    const slowPositions: number[] = [];
    const slow = Array.from({ length: SLOW }, (_, i) =>
      db.transaction(async (tx) => {
        const inside = new PostgresEventStore(tx, { notify: false });
        const result = await inside.append(uniqueStreamId('slow'), [testEvent('SlowWritten', { i })], {
          expectedVersion: expectVersion.noStream(),
        });
        slowPositions.push(result.position);
        slowAppended++;
        await tx.query('SELECT pg_sleep(1.2)');
      }),
    );
    while (slowAppended < SLOW) await new Promise((resolve) => setTimeout(resolve, 5));

    const fastCommittedBeforeSlow: number[] = [];
    let slowCommitted = false;
    const fast = Array.from({ length: WRITERS }, async (_, writer) => {
      const id = uniqueStreamId(`fast-${writer}`);
      for (let n = 0; n < APPENDS_EACH; n++) {
        const result = await store.append(id, [testEvent('FastWritten', { writer, n })], {
          expectedVersion: expectVersion.exact(n),
        });
        if (!slowCommitted) fastCommittedBeforeSlow.push(result.position);
      }
    });
    await Promise.all(fast);
    await Promise.all(slow);
    slowCommitted = true;
    writing = false;
    await readers;

    const { rows: stored } = await db.query<{ position: number }>('SELECT position FROM events');
    // catch up once more after every writer finished, then compare with what is stored
    for (let i = 0; i < 100 && readerSaw.length < stored.length; i++) {
      await pollFeed();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (let i = 0; i < 500 && applied.length < stored.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await subscription.stop();
    await pollNaive();

    // the race was real: fast events with larger positions committed while the slow ones waited
    expect(fastCommittedBeforeSlow.some((p) => p > Math.min(...slowPositions))).toBe(true);
    expect(slowPositions.some((p) => !naiveSeen.has(p))).toBe(true);

    expect(stored.length).toBe(SLOW + WRITERS * APPENDS_EACH);
    for (const seen of [readerSaw, applied]) {
      expect(seen.length).toBe(stored.length);
      expect(new Set(seen.map((e) => e.position))).toEqual(new Set(stored.map((r) => r.position)));
      expect(seen).toEqual([...seen].sort(compareFeedOrder));
    }
  });

  it('a subscription on another process wakes on NOTIFY before its next poll', async () => {
    const other = new PgDatabase({
      connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      schema: test.schema,
    });
    const listener = new PostgresEventStore(other);
    const start = await test.store.readFeed({ limit: 100000 }).then((page) => page.cursor);
    const id = uniqueStreamId('notified');
    const seen: StoredEvent[] = [];
    let rounds = 0;
    const subscription = listener.subscribe({
      after: start,
      pollIntervalMs: 60_000,
      handle: async (events) => {
        seen.push(...events.filter((e) => e.streamId === id));
      },
    });
    try {
      // the first round is the catch-up; appends arrive while it sleeps for a minute
      await new Promise((resolve) => setTimeout(resolve, 300));
      const began = Date.now();
      // Another transaction on the server can keep the event invisible past the first wake, so
      // append until it is seen; each append notifies again.
      while (seen.length === 0 && Date.now() - began < 20_000) {
        await test.store.append(id, [testEvent('Notified')], { expectedVersion: expectVersion.any() });
        rounds++;
        const until = Date.now() + 1000;
        while (seen.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(seen.length).toBeGreaterThan(0);
      expect(Date.now() - began).toBeLessThan(20_000);
    } finally {
      await listener.close();
      await subscription.stop();
      await other.close();
    }
    expect(rounds).toBeGreaterThan(0);
  });

  it('maps a stale exact version to ConcurrencyError even inside a caller transaction', async () => {
    const id = uniqueStreamId('in-tx');
    await test.store.append(id, [testEvent('A')], { expectedVersion: expectVersion.noStream() });
    await expect(
      test.db.transaction((tx) =>
        new PostgresEventStore(tx, { notify: false }).append(id, [testEvent('B')], { expectedVersion: expectVersion.exact(0) }),
      ),
    ).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('migrations run concurrently and repeatedly without error', async () => {
    await Promise.all([migrate(test.db), migrate(test.db), migrate(test.db)]);
    expect((await test.store.verify()).ok).toBe(true);
  });

  it('a process starting beside a running one migrates without waiting on its open appends (no deadlock on restart)', async () => {
    await migrate(test.db);
    const id = uniqueStreamId('open-append');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const appending = new Promise<void>((resolve) => (appended = resolve));
    const writer = test.db.transaction(async (tx) => {
      await new PostgresEventStore(tx, { notify: false }).append(id, [testEvent('A')], { expectedVersion: expectVersion.noStream() });
      appended();
      await held; // the append's locks on events and streams stay held until this commits
    });
    await appending;
    // Re-running the DDL would queue behind the open append (CREATE INDEX and CREATE TRIGGER lock
    // `events`); with it already applied the restart reads one row and goes on.
    const outcome = await Promise.race([
      migrate(test.db).then(() => 'migrated'),
      new Promise((resolve) => setTimeout(() => resolve('waited on the open append'), 3000)),
    ]);
    release();
    await writer;
    expect(outcome).toBe('migrated');
  });
});
