import { START_OF_FEED, type FeedPage, type ReadFeedOptions, type SubscribeOptions, type Subscription } from '../event-store.port';
import { Wakeup } from './wakeup';

export const DEFAULT_POLL_INTERVAL_MS = 200;
export const DEFAULT_BATCH_SIZE = 500;
const FIRST_ERROR_PAUSE_MS = 500;
const MAX_ERROR_PAUSE_MS = 30_000;

export interface PollingSubscriptionOptions extends SubscribeOptions {
  readFeed(options: ReadFeedOptions): Promise<FeedPage>;
  /** woken by the store after appends or notifications; stopped by stop() */
  wakeup: Wakeup;
  onStopped?(): void;
}

/**
 * Catch-up then live over any store's feed. The cursor moves only after `handle` resolves, and
 * a failing read or handle is retried on the same batch after a growing pause: never skipped.
 */
export function startPollingSubscription(options: PollingSubscriptionOptions): Subscription {
  const { wakeup } = options;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const onError = options.onError ?? ((error: unknown) => console.error('event feed subscription failed, retrying', error));

  const loop = (async () => {
    let cursor = options.after ?? START_OF_FEED;
    let errorPause = FIRST_ERROR_PAUSE_MS;
    while (!wakeup.isStopped) {
      try {
        const page = await options.readFeed({ after: cursor, limit: batchSize });
        if (wakeup.isStopped) break;
        if (page.events.length > 0) {
          await options.handle(page.events, page.cursor);
          cursor = page.cursor;
          errorPause = FIRST_ERROR_PAUSE_MS;
          continue; // drain everything visible before sleeping
        }
        errorPause = FIRST_ERROR_PAUSE_MS;
      } catch (error) {
        try {
          onError(error);
        } catch {
          // a throwing error handler must not end the subscription
        }
        await wakeup.pause(errorPause);
        errorPause = Math.min(errorPause * 2, MAX_ERROR_PAUSE_MS);
        continue;
      }
      await wakeup.wait(pollIntervalMs);
    }
  })();

  return {
    async stop() {
      wakeup.stop();
      await loop;
      options.onStopped?.();
    },
  };
}
