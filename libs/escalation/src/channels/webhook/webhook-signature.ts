import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The webhook signature (the Stripe/Svix shape): HMAC-SHA256 over `<timestamp>.<raw body>`
 * with the shared secret, hex, sent as `X-DLE-Signature: t=<unix seconds>,v1=<hex>`. The
 * timestamp is signed so a receiver can refuse replays older than a few minutes.
 */
export const SIGNATURE_HEADER = 'x-dle-signature';

export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/** What a receiver does (and the tests' receiver does): true for a fresh, untampered body. */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string | undefined,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = new Map((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  return timingSafeEqual(expected, Buffer.from(v1));
}
