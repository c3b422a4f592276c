import type { ChannelNotice, ChannelReceipt, DeliveryChannel } from '../channel';
import { signWebhook } from './webhook-signature';

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface WebhookChannelOptions {
  /** tries per notice (default 4) */
  attempts?: number;
  /** first pause between tries, doubling (default 1 s) */
  backoffMs?: number;
  /** per request (default 10 s) */
  timeoutMs?: number;
  /** seconds for the signed timestamp (the injected clock) */
  now(): Date;
}

/** The receiver refused the notice itself (4xx other than 408/429): trying again cannot help. */
export class WebhookRejectedError extends Error {
  constructor(
    readonly status: number,
    target: string,
  ) {
    super(`webhook ${target} answered ${status}`);
    this.name = 'WebhookRejectedError';
  }
}

/**
 * A signed webhook: the notice as JSON in an HTTP POST, with `X-DLE-Signature` (see
 * webhook-signature.ts) and `Idempotency-Key` = the notice's Message-ID, so a receiver can drop
 * a copy. Network errors, time-outs, 408, 429 and 5xx are retried with a doubling pause.
 */
export class WebhookChannel implements DeliveryChannel {
  readonly kind = 'webhook';

  constructor(
    private readonly target: WebhookTarget,
    private readonly options: WebhookChannelOptions,
  ) {}

  /** origin and path only: a query string may hold a token */
  get targetName(): string {
    const u = new URL(this.target.url);
    return `${u.origin}${u.pathname}`;
  }

  async send(notice: ChannelNotice): Promise<ChannelReceipt> {
    const body = JSON.stringify({ type: 'notice', notice });
    const attempts = this.options.attempts ?? 4;
    let pause = this.options.backoffMs ?? 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        const status = await this.post(body);
        return { target: this.targetName, attempts: attempt, response: `HTTP ${status}` };
      } catch (error) {
        if (error instanceof WebhookRejectedError || attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause *= 2;
      }
    }
  }

  private async post(body: string): Promise<number> {
    const timestamp = Math.floor(this.options.now().getTime() / 1000);
    const res = await fetch(this.target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-dle-signature': signWebhook(this.target.secret, body, timestamp),
        'idempotency-key': (JSON.parse(body) as { notice: ChannelNotice }).notice.messageId,
      },
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    await res.arrayBuffer().catch(() => undefined); // free the connection
    if (res.ok) return res.status;
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)
      throw new WebhookRejectedError(res.status, this.targetName);
    throw new Error(`webhook ${this.targetName} answered ${res.status}`);
  }
}
