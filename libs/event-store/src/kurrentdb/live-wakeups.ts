/** the part of the client's $all subscription (a Readable) the wakeups use */
export interface LiveSubscription {
  on(event: string, listener: (...args: any[]) => void): unknown;
  unsubscribe(): Promise<void>;
}

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/**
 * Wakes the store's polling subscriptions as soon as KurrentDB has a new event in the store's
 * namespace, from any process: a filtered catch-up subscription to $all opened at END, whose
 * events are only a signal. Delivery itself stays with readFeed pages (same order, cursors,
 * retries and stop semantics as every other adapter); without this the loops still poll.
 * A failed subscription is reported once per failure and reopened after a growing pause.
 */
export class LiveWakeups {
  private subscription: LiveSubscription | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = FIRST_RETRY_MS;
  private active = false;
  private onError: ((error: unknown) => void) | undefined;

  constructor(
    private readonly open: () => LiveSubscription,
    private readonly wake: () => void,
  ) {}

  get running(): boolean {
    return this.active;
  }

  start(onError?: (error: unknown) => void): void {
    if (this.active) return;
    this.active = true;
    this.onError = onError;
    this.connect();
  }

  async stop(): Promise<void> {
    this.active = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.unsubscribe().catch(() => undefined);
  }

  private connect(): void {
    if (!this.active) return;
    let subscription: LiveSubscription;
    try {
      subscription = this.open();
    } catch (error) {
      this.failed(null, error);
      return;
    }
    this.subscription = subscription;
    subscription.on('data', () => {
      this.retryMs = FIRST_RETRY_MS;
      this.wake();
    });
    subscription.on('error', (error: unknown) => this.failed(subscription, error));
    subscription.on('close', () => this.failed(subscription, null));
  }

  private failed(subscription: LiveSubscription | null, error: unknown): void {
    if (subscription !== this.subscription || !this.active) return;
    this.subscription = null;
    void subscription?.unsubscribe().catch(() => undefined);
    if (error) {
      try {
        this.onError?.(error);
      } catch {
        // a throwing error handler must not stop the reconnects
      }
    }
    this.wake(); // events may have come while it was down: read now rather than at the next poll
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, this.retryMs);
    this.retryTimer.unref?.();
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}
