import { createHash } from 'node:crypto';

/**
 * The per-stream hash chain, computed in JavaScript so KurrentDB (which runs no code of ours)
 * stores the same hashes the PostgreSQL adapter's `event_hash()` would (postgres/schema.ts):
 * hex sha-256 of the UTF-8 text
 *
 *   prevHash|streamId|version|type|data|metadata|occurredAt|recordedAt
 *
 * - prevHash: the previous event's hash, empty for version 1;
 * - streamId: the port's stream id (without any KurrentDB stream prefix of the store);
 * - data, metadata: the text PostgreSQL's jsonb prints for that JSON (see `pgJsonbText`);
 * - both times as `YYYY-MM-DDTHH:MI:SS.ffffffZ` in UTC (microseconds, so `.sss000Z` from a Date).
 *
 * An event moved between the two stores therefore keeps a verifiable chain, and
 * canonical-hash.int.spec.ts checks the equality against `event_hash()` in PGlite.
 */
export interface HashInput {
  prevHash: string | null;
  streamId: string;
  version: number;
  type: string;
  /** JSON values as stored: already through a JSON round trip (see `toStoredJson`) */
  data: unknown;
  metadata: unknown;
  occurredAt: Date;
  recordedAt: Date;
}

export function canonicalEventText(input: HashInput): string {
  return [
    input.prevHash ?? '',
    input.streamId,
    String(input.version),
    input.type,
    pgJsonbText(input.data),
    pgJsonbText(input.metadata),
    pgTimestampText(input.occurredAt),
    pgTimestampText(input.recordedAt),
  ].join('|');
}

export function eventHash(input: HashInput): string {
  return createHash('sha256').update(canonicalEventText(input), 'utf8').digest('hex');
}

/**
 * What a JSON store keeps of a value: `undefined` dropped, Dates and other `toJSON` objects as
 * their JSON, non-finite numbers as null. Both adapters hash and return this form.
 */
export function toStoredJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * PostgreSQL's jsonb text output of a JSON value: object keys sorted by UTF-8 byte length, then
 * bytewise; `", "` between members and elements and `": "` after keys; strings escaped as
 * JSON.stringify does (jsonb escapes the same set: `"`, `\`, \b \f \n \r \t, other controls as
 * lowercase `\u00xx`, everything else raw); numbers as `numeric` prints them (no exponent).
 */
export function pgJsonbText(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return pgNumericText(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(pgJsonbText).join(', ')}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort(compareJsonbKeys);
      return `{${keys.map((key) => `${JSON.stringify(key)}: ${pgJsonbText(record[key])}`).join(', ')}}`;
    }
    default:
      throw new TypeError(`not a JSON value: ${typeof value}`);
  }
}

/** jsonb's key order (lengthCompareJsonbString): shorter UTF-8 first, then memcmp */
export function compareJsonbKeys(a: string, b: string): number {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length - right.length || Buffer.compare(left, right);
}

/**
 * A JS number as PostgreSQL `numeric` prints the text JSON.stringify gave it: identical unless
 * JavaScript chose exponent notation (≥ 1e21, < 1e-6), which numeric expands with
 * dscale = max(0, fraction digits − exponent).
 */
export function pgNumericText(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`not a JSON number: ${value}`);
  const text = JSON.stringify(value); // -0 → "0"
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction = '', exponentText] = match;
  const exponent = Number(exponentText);
  const digits = whole + fraction;
  const point = whole.length + exponent; // index in `digits` where the decimal point goes
  let integerPart: string;
  let fractionPart: string;
  if (point <= 0) {
    integerPart = '0';
    fractionPart = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    integerPart = digits + '0'.repeat(point - digits.length);
    fractionPart = '';
  } else {
    integerPart = digits.slice(0, point);
    fractionPart = digits.slice(point);
  }
  integerPart = integerPart.replace(/^0+(?=\d)/, '');
  return `${sign}${integerPart}${fractionPart ? `.${fractionPart}` : ''}`;
}

/** to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') of a millisecond Date */
export function pgTimestampText(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError('invalid Date');
  const iso = date.toISOString();
  if (!/^(?!0000)\d{4}-/.test(iso)) throw new RangeError(`only years 1..9999 can be hashed: ${iso}`);
  return `${iso.slice(0, 23)}000Z`;
}
