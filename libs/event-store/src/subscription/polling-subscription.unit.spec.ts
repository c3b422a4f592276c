import { START_OF_FEED, type FeedCursor, type FeedPage, type ReadFeedOptions, type StoredEvent } from '../event-store.port';
import { startPollingSubscription } from './polling-subscription';
import { Wakeup } from './wakeup';

function fakeEvent(position: number): StoredEvent {
  return {
    id: `e${position}`,
    streamId: 's',
    version: position,
    position,
    transactionId: String(position),
    type: 'T',
    schemaVersion: 1,
    data: {},
    metadata: {},
    occurredAt: new Date(0),
    recordedAt: new Date(0),
    hash: '',
    prevHash: null,
  };
}

/** an in-memory feed the test can append to */
function fakeFeed() {
  const events: StoredEvent[] = [];
  const reads: FeedCursor[] = [];
  return {
    events,
    reads,
    add(n: number) {
      for (let i = 0; i < n; i++) events.push(fakeEvent(events.length + 1));
    },
    async readFeed({ after = START_OF_FEED, limit = 500 }: ReadFeedOptions): Promise<FeedPage> {
      reads.push(after);
      const page = events.filter((e) => e.position > after.position).slice(0, limit);
      const last = page[page.length - 1];
      return { events: page, cursor: last ? { transactionId: last.transactionId, position: last.position } : after };
    },
  };
}

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

describe('polling subscription', () => {
  it('catches up in batches, then sleeps until woken', async () => {
    const feed = fakeFeed();
    feed.add(5);
    const wakeup = new Wakeup();
    const batches: number[][] = [];
    const subscription = startPollingSubscription({
      readFeed: (o) => feed.readFeed(o),
      wakeup,
      batchSize: 2,
      pollIntervalMs: 60_000,
      handle: async (events) => {
        batches.push(events.map((e) => e.position));
      },
    });
    await until(() => batches.length === 3);
    feed.add(1);
    wakeup.wake();
    await until(() => batches.length === 4);
    await subscription.stop();
    expect(batches).toEqual([[1, 2], [3, 4], [5], [6]]);
  });

  it('a wake during a busy read is not lost', async () => {
    const feed = fakeFeed();
    const wakeup = new Wakeup();
    const seen: number[] = [];
    let reads = 0;
    const subscription = startPollingSubscription({
      readFeed: async (o) => {
        reads++;
        const page = await feed.readFeed(o);
        if (reads === 1) {
          // appended and signalled after this read looked, before the loop went to sleep
          feed.add(1);
          wakeup.wake();
        }
        return page;
      },
      wakeup,
      pollIntervalMs: 60_000,
      handle: async (events) => {
        seen.push(...events.map((e) => e.position));
      },
    });
    await until(() => seen.length === 1);
    await subscription.stop();
    expect(seen).toEqual([1]);
  });

  it('retries a failed batch from the same cursor and reports the error', async () => {
    const feed = fakeFeed();
    feed.add(3);
    const errors: unknown[] = [];
    const seen: number[] = [];
    let fail = true;
    const subscription = startPollingSubscription({
      readFeed: (o) => feed.readFeed(o),
      wakeup: new Wakeup(),
      pollIntervalMs: 5,
      handle: async (events) => {
        if (fail) {
          fail = false;
          throw new Error('boom');
        }
        seen.push(...events.map((e) => e.position));
      },
      onError: (error) => errors.push(error),
    });
    await until(() => seen.length === 3);
    await subscription.stop();
    expect(seen).toEqual([1, 2, 3]);
    expect(errors).toHaveLength(1);
    expect(feed.reads.slice(0, 2)).toEqual([START_OF_FEED, START_OF_FEED]);
  });

  it('stop resolves only after the batch in flight is handled, and ends a long sleep at once', async () => {
    const feed = fakeFeed();
    feed.add(1);
    let finished = false;
    const subscription = startPollingSubscription({
      readFeed: (o) => feed.readFeed(o),
      wakeup: new Wakeup(),
      pollIntervalMs: 60_000,
      handle: async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        finished = true;
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await subscription.stop();
    expect(finished).toBe(true);

    const idle = startPollingSubscription({
      readFeed: (o) => feed.readFeed(o),
      wakeup: new Wakeup(),
      pollIntervalMs: 60_000,
      after: { transactionId: '1', position: 1 },
      handle: async () => undefined,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const began = Date.now();
    await idle.stop();
    expect(Date.now() - began).toBeLessThan(1000);
  });
});
