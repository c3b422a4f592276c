import { randomBytes } from 'node:crypto';

/**
 * A time-ordered UUID (RFC 9562 version 7) for event ids the store generates. Random v4 ids
 * land on random pages of the unique index; with millions of events that is a cache miss per
 * insert, while v7 ids append near the right edge like the position does.
 */
export function uuidV7(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
