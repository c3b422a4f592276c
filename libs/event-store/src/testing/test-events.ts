import { randomUUID } from 'node:crypto';
import { START_OF_FEED, type EventStore, type NewEvent } from '../event-store.port';

/** a stream id no other test uses */
export function uniqueStreamId(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

export function testEvent(type: string, data: Record<string, unknown> = {}, extra: Partial<NewEvent> = {}): NewEvent {
  return { type, data, occurredAt: new Date('2026-03-02T01:02:03.456Z'), ...extra };
}

/**
 * Waits until the feed shows `count` events. Any transaction open on the server (another suite's)
 * holds the feed back, so a test that reads the feed (a projector's catch-up, an anchor) right
 * after appending must wait for its own events to be visible.
 */
export async function untilFeedShows(store: Pick<EventStore, 'readFeed'>, count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let seen = 0;
    let cursor = START_OF_FEED;
    for (let page = await store.readFeed({ after: cursor, limit: 1000 }); page.events.length > 0;) {
      seen += page.events.length;
      cursor = page.cursor;
      page = await store.readFeed({ after: cursor, limit: 1000 });
    }
    if (seen >= count) return;
    if (Date.now() > deadline) throw new Error(`the feed shows ${seen} events, not ${count}, after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
