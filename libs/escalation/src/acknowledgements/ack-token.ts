import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token of a letter's acknowledgement link (api.md "Notifications"): which notice, for
 * which recipient, until when, signed with HMAC-SHA256 under the acknowledgement secret.
 *
 *   base64url(JSON [version, noticeId, recipient, expiresAt seconds]) "." base64url(HMAC)
 *
 * Stateless: the link carries everything; that it works once is the notice stream's business
 * (a NoticeAcknowledged of that recipient is already there), never memory.
 */
export interface AckClaims {
  noticeId: string;
  /** the address the letter went to, lower case */
  recipient: string;
  expiresAt: Date;
}

export type AckTokenCheck =
  | { ok: true; claims: AckClaims }
  /** not a token of this shape, or a signature that does not match: forged or altered */
  | { ok: false; reason: 'malformed' | 'forged' }
  /** genuine but past its time: the claims are given so the page can say which letter */
  | { ok: false; reason: 'expired'; claims: AckClaims };

const VERSION = 1;
/** a real token is ~200 characters; anything much longer is not one of ours */
export const MAX_ACK_TOKEN_LENGTH = 1024;
const PART = /^[A-Za-z0-9_-]+$/;

export function signAckToken(claims: AckClaims, secret: string): string {
  const payload = Buffer.from(
    JSON.stringify([VERSION, claims.noticeId, claims.recipient.trim().toLowerCase(), Math.floor(claims.expiresAt.getTime() / 1000)]),
    'utf8',
  ).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

/** Checks the signature first (a forged token learns nothing), then the expiry against `now`. */
export function verifyAckToken(token: string, secret: string, now: Date): AckTokenCheck {
  if (typeof token !== 'string' || token.length > MAX_ACK_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !PART.test(parts[0]) || !PART.test(parts[1])) return { ok: false, reason: 'malformed' };
  const [payload, signature] = parts;
  const expected = Buffer.from(mac(payload, secret), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    parsed[0] !== VERSION ||
    typeof parsed[1] !== 'string' ||
    typeof parsed[2] !== 'string' ||
    !Number.isSafeInteger(parsed[3])
  ) {
    return { ok: false, reason: 'malformed' };
  }
  const claims: AckClaims = { noticeId: parsed[1], recipient: parsed[2], expiresAt: new Date((parsed[3] as number) * 1000) };
  if (now.getTime() >= claims.expiresAt.getTime()) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

function mac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(`dle-ack.${payload}`).digest('base64url');
}

/** `PUBLIC_URL/api/v1/acknowledgements/{token}` */
export function acknowledgementUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/api/v1/acknowledgements/${token}`;
}
