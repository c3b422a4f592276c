import { createHash } from 'node:crypto';

/**
 * RFC 4122 §4.3 name-based UUID (version 5, SHA-1). Deterministic: the same namespace and name
 * always give the same id. node:crypto is used for the hash only (pure computation, no I/O).
 */
export function uuidV5(name: string, namespace: string): string {
  const ns = uuidBytes(namespace);
  const hash = createHash('sha1').update(ns).update(Buffer.from(name, 'utf8')).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new RangeError(`not a UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}
