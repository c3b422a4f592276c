import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { ConcurrencyError, START_OF_FEED, expect as expectVersion, type StoredEvent } from '../event-store.port';
import { testEvent, uniqueStreamId } from '../testing';
import { eventHash } from './canonical-hash';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { idempotencyStreamName } from './kurrentdb-mapping';
import { InMemoryKurrentDb } from './testing/in-memory-kurrentdb';

// No KurrentDB server can run here, so the adapter also runs the contract suite over an
// in-memory stand-in of the client that models the server behaviour it relies on
// (testing/in-memory-kurrentdb.ts). The real-server run is kurrentdb-event-store.int.spec.ts.

describeEventStoreContract('KurrentDB adapter over the in-memory client stand-in (stream prefix)', async () => {
  const store = new KurrentDbEventStore(new InMemoryKurrentDb(), { streamPrefix: 'run-1-' });
  return { store, cleanup: () => store.close() };
});

describeEventStoreContract('KurrentDB adapter over the in-memory client stand-in (whole server)', async () => {
  const store = new KurrentDbEventStore(new InMemoryKurrentDb({ systemEventEvery: 1 }));
  return { store, cleanup: () => store.close() };
});

describe('KurrentDB adapter specifics (in-memory client stand-in)', () => {
  let client: InMemoryKurrentDb;
  let store: KurrentDbEventStore;

  beforeEach(() => {
    client = new InMemoryKurrentDb();
    store = new KurrentDbEventStore(client, { streamPrefix: 'p-' });
  });

  afterEach(async () => {
    await store.close();
  });

  const readAllOf = async (after = START_OF_FEED, limit = 1) => {
    const events: StoredEvent[] = [];
    let cursor = after;
    for (;;) {
      const page = await store.readFeed({ after: cursor, limit });
      if (page.events.length === 0) return events;
      events.push(...page.events);
      cursor = page.cursor;
    }
  };

  it('stores versions as 0-based revisions under the prefix and positions as commit positions', async () => {
    const id = uniqueStreamId('task');
    const result = await store.append(id, [testEvent('A'), testEvent('B')], { expectedVersion: expectVersion.noStream() });
    const records = client.log.filter((r) => r.streamId === `p-${id}`);
    expect(records.map((r) => r.revision)).toEqual([0n, 1n]);
    expect(result.events.map((e) => e.position)).toEqual(records.map((r) => Number(r.position.commit)));
    expect(result.events.map((e) => e.transactionId)).toEqual([String(records[0].position.commit), String(records[0].position.commit)]);
    expect(result.events[0].position).toBeLessThan(result.events[1].position);
  });

  it('pages through the middle of an append with one transactionId, resuming by seeking to it', async () => {
    const id = uniqueStreamId('batch');
    const batch = await store.append(id, [testEvent('A'), testEvent('B'), testEvent('C')], { expectedVersion: expectVersion.any() });
    const single = await store.append(id, [testEvent('D')], { expectedVersion: expectVersion.any() });
    const read = await readAllOf(START_OF_FEED, 1);
    expect(read).toEqual([...batch.events, ...single.events]);
    expect(new Set(batch.events.map((e) => e.transactionId)).size).toBe(1);
    expect(Number(single.events[0].transactionId)).toBeGreaterThan(batch.events[2].position);
  });

  it('reads from a cursor one position before an event, as the audit view builds it', async () => {
    const id = uniqueStreamId('audit');
    const batch = await store.append(id, [testEvent('A'), testEvent('B')], { expectedVersion: expectVersion.any() });
    const second = batch.events[1];
    const cursor = await store.cursorOf(second.position);
    const page = await store.readFeed({ after: { transactionId: cursor!.transactionId, position: cursor!.position - 1 }, limit: 1 });
    expect(page.events).toEqual([second]);
  });

  it('leaves system events, other prefixes and idempotency claims out of the feed and verify', async () => {
    const other = new KurrentDbEventStore(client, { streamPrefix: 'q-' });
    await other.append(uniqueStreamId('task'), [testEvent('Elsewhere')], { expectedVersion: expectVersion.any() });
    const mine = await store.append(uniqueStreamId('task'), [testEvent('Mine', {}, { metadata: { idempotencyKey: 'k-1' } })], {
      expectedVersion: expectVersion.any(),
    });
    expect(client.log.some((r) => r.streamId.startsWith('$'))).toBe(true);
    expect(client.log.some((r) => r.streamId === idempotencyStreamName('p-', 'k-1'))).toBe(true);
    expect(await readAllOf(START_OF_FEED, 100)).toEqual(mine.events);
    expect(await store.verify()).toEqual({ ok: true, streams: 1, events: 1, failures: [] });
    await other.close();
  });

  it('refuses to deliver an event in its namespace that it did not write, and verify reports it', async () => {
    const id = uniqueStreamId('task');
    await store.append(id, [testEvent('A')], { expectedVersion: expectVersion.any() });
    await client.appendToStream(`p-${id}`, [
      { id: randomUUID(), contentType: 'application/json', type: 'Sneaked', data: {}, metadata: undefined },
    ]);
    await expect(store.readFeed({ limit: 10 })).rejects.toThrow(/not written by this store/);
    await expect(store.readStream(id)).rejects.toThrow(/not written by this store/);
    await expect(store.append(id, [testEvent('B')], { expectedVersion: expectVersion.any() })).rejects.toThrow(
      /hash chain cannot continue/,
    );
    expect((await store.verify()).failures).toEqual([{ streamId: id, version: 2, position: expect.any(Number), reason: 'hash mismatch' }]);
  });

  it('verify reports an edited event, and a re-hashed one as a broken chain on the next event', async () => {
    const id = uniqueStreamId('tampered');
    const result = await store.append(id, [testEvent('A', { amount: 100 }), testEvent('B')], { expectedVersion: expectVersion.any() });
    const [first, second] = result.events;
    client.tamper(`p-${id}`, 0n, (record) => {
      record.data.amount = 999;
    });
    expect((await store.verify()).failures).toEqual([{ streamId: id, version: 1, position: first.position, reason: 'hash mismatch' }]);

    client.tamper(`p-${id}`, 0n, (record) => {
      record.metadata.hash = eventHash({ ...first, data: record.data });
    });
    expect((await store.verify()).failures).toEqual([{ streamId: id, version: 2, position: second.position, reason: 'broken chain' }]);
  });

  it('maps a conflict found by the server (after the head was read) to ConcurrencyError with the actual version', async () => {
    const id = uniqueStreamId('late-conflict');
    await store.append(id, [testEvent('A')], { expectedVersion: expectVersion.noStream() });
    const append = client.appendToStream.bind(client);
    let raced = false;
    client.appendToStream = async (name, events, options) => {
      if (!raced && name === `p-${id}`) {
        raced = true;
        await new KurrentDbEventStore(client, { streamPrefix: 'p-' }).append(id, [testEvent('Racer'), testEvent('Racer')], {
          expectedVersion: expectVersion.exact(1),
        });
      }
      return append(name, events, options);
    };
    const attempt = store.append(id, [testEvent('B')], { expectedVersion: expectVersion.exact(1) });
    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(attempt).rejects.toMatchObject({ actual: 3, expected: { kind: 'exact', version: 1 } });
  });

  it('keeps the chain intact when `any` appends race: each lost race reads the new head and retries', async () => {
    const id = uniqueStreamId('any-race');
    await Promise.all(
      Array.from({ length: 16 }, (_, i) => store.append(id, [testEvent('Any', { i })], { expectedVersion: expectVersion.any() })),
    );
    const stream = await store.readStream(id);
    expect(stream.map((e) => e.version)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(await store.verify()).toMatchObject({ ok: true, events: 16 });
  });

  it('finds keyed events through their claims, ignores claims whose append failed, and returns every use', async () => {
    const id = uniqueStreamId('idem');
    const key = `cmd-${randomUUID()}`;
    const first = await store.append(id, [testEvent('A', {}, { metadata: { idempotencyKey: key } })], {
      expectedVersion: expectVersion.noStream(),
    });
    // a claim is written, then the append itself loses a race: the claim dangles
    const failing = store.append(id, [testEvent('Lost', {}, { metadata: { idempotencyKey: key } })], {
      expectedVersion: expectVersion.exact(1),
    });
    const append = client.appendToStream.bind(client);
    client.appendToStream = async (name, events, options) => {
      if (name === `p-${id}` && events[0]?.type === 'Lost') {
        client.appendToStream = append;
        await new KurrentDbEventStore(client, { streamPrefix: 'p-' }).append(id, [testEvent('Intruder')], {
          expectedVersion: expectVersion.any(),
        });
      }
      return append(name, events, options);
    };
    await expect(failing).rejects.toBeInstanceOf(ConcurrencyError);
    const claims = client.log.filter((r) => r.streamId === idempotencyStreamName('p-', key));
    expect(claims).toHaveLength(2);
    expect(await store.findByIdempotencyKey(key)).toEqual(first.events);

    const elsewhere = uniqueStreamId('idem-2');
    const second = await store.append(elsewhere, [testEvent('B', {}, { metadata: { idempotencyKey: key } })], {
      expectedVersion: expectVersion.any(),
    });
    expect(await store.findByIdempotencyKey(key)).toEqual([...first.events, ...second.events]);
  });

  it('gives no cursor for positions where no event starts, and still throws when the server is gone', async () => {
    const result = await store.append(uniqueStreamId('cursor'), [testEvent('A')], { expectedVersion: expectVersion.any() });
    expect(await store.cursorOf(result.events[0].position + 1)).toBeNull();
    expect(await store.cursorOf(0)).toBeNull();
    expect(await store.cursorOf(1.5)).toBeNull();
    client.readAll = () => {
      throw new Error('UNAVAILABLE: connection refused');
    };
    await expect(store.cursorOf(result.events[0].position)).rejects.toThrow(/UNAVAILABLE/);
  });

  it('wakes subscriptions through the $all subscription when another process appends', async () => {
    const seen: string[] = [];
    const subscription = store.subscribe({
      pollIntervalMs: 60_000,
      handle: async (events) => void seen.push(...events.map((e) => e.type)),
    });
    await new Promise((resolve) => setTimeout(resolve, 50)); // caught up, sleeping for a minute
    const otherProcess = new KurrentDbEventStore(client, { streamPrefix: 'p-' });
    await otherProcess.append(uniqueStreamId('task'), [testEvent('FromElsewhere')], { expectedVersion: expectVersion.any() });
    const deadline = Date.now() + 2_000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await subscription.stop();
    expect(seen).toEqual(['FromElsewhere']);
    expect(client.subscriberCount).toBe(0);
  });

  it('reports a dropped $all subscription and opens a new one', async () => {
    const errors: unknown[] = [];
    const subscription = store.subscribe({ pollIntervalMs: 60_000, handle: async () => undefined, onError: (error) => errors.push(error) });
    expect(client.subscriberCount).toBe(1);
    client.failSubscriptions();
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(errors).toEqual([expect.objectContaining({ message: 'connection lost' })]);
    expect(client.subscriberCount).toBe(1);
    await subscription.stop();
    expect(client.subscriberCount).toBe(0);
  });

  it('disposes the client only when it owns it', async () => {
    await store.close();
    expect(client.disposed).toBe(false);
    const owning = new KurrentDbEventStore(client, { ownsClient: true });
    await owning.close();
    expect(client.disposed).toBe(true);
  });
});
