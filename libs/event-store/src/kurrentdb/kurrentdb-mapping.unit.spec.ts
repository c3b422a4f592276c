import { START_OF_FEED, expect as expectVersion } from '../event-store.port';
import { canonicalEventText, eventHash, pgJsonbText, pgNumericText, pgTimestampText, toStoredJson } from './canonical-hash';
import {
  ENVELOPE_FORMAT,
  actualVersionOf,
  assertWritableStreamId,
  decodeRecord,
  encodeEnvelope,
  feedCursor,
  idempotencyStreamName,
  namespaceFilter,
  planAppend,
  portStreamId,
  positionNumber,
  revisionOfVersion,
  seekAfter,
  toStreamState,
  versionOfRevision,
  type RecordedLike,
} from './kurrentdb-mapping';

describe('KurrentDB mapping: versions and revisions', () => {
  it('our 1-based versions are revision + 1', () => {
    expect(versionOfRevision(0n)).toBe(1);
    expect(versionOfRevision(41n)).toBe(42);
    expect(revisionOfVersion(1)).toBe(0n);
    expect(revisionOfVersion(42)).toBe(41n);
    expect(() => revisionOfVersion(0)).toThrow(RangeError);
    expect(() => revisionOfVersion(1.5)).toThrow(RangeError);
    expect(() => versionOfRevision(-1n)).toThrow(RangeError);
  });

  it('translates each expectation to a stream state', () => {
    expect(toStreamState(expectVersion.noStream())).toBe('no_stream');
    expect(toStreamState(expectVersion.exists())).toBe('stream_exists');
    expect(toStreamState(expectVersion.any())).toBe('any');
    expect(toStreamState(expectVersion.exact(0))).toBe('no_stream');
    expect(toStreamState(expectVersion.exact(1))).toBe(0n);
    expect(toStreamState(expectVersion.exact(7))).toBe(6n);
  });

  it('plans appends against the version read: exact revision or NO_STREAM, conflicts before writing', () => {
    expect(planAppend(expectVersion.noStream(), 0)).toEqual({ kind: 'append', streamState: 'no_stream', retryOnConflict: false });
    expect(planAppend(expectVersion.noStream(), 3)).toEqual({ kind: 'conflict', actual: 3 });
    expect(planAppend(expectVersion.exact(3), 3)).toEqual({ kind: 'append', streamState: 2n, retryOnConflict: false });
    expect(planAppend(expectVersion.exact(0), 0)).toEqual({ kind: 'append', streamState: 'no_stream', retryOnConflict: false });
    expect(planAppend(expectVersion.exact(0), 1)).toEqual({ kind: 'conflict', actual: 1 });
    expect(planAppend(expectVersion.exact(4), 3)).toEqual({ kind: 'conflict', actual: 3 });
    // the hash chain needs the predecessor: any/stream_exists are narrowed to what was read, retried on a lost race
    expect(planAppend(expectVersion.exists(), 0)).toEqual({ kind: 'conflict', actual: 0 });
    expect(planAppend(expectVersion.exists(), 5)).toEqual({ kind: 'append', streamState: 4n, retryOnConflict: true });
    expect(planAppend(expectVersion.any(), 0)).toEqual({ kind: 'append', streamState: 'no_stream', retryOnConflict: true });
    expect(planAppend(expectVersion.any(), 2)).toEqual({ kind: 'append', streamState: 1n, retryOnConflict: true });
  });

  it('reads the actual version out of a WrongExpectedVersionError state', () => {
    expect(actualVersionOf('no_stream')).toBe(0);
    expect(actualVersionOf(-1n)).toBe(0);
    expect(actualVersionOf(0n)).toBe(1);
    expect(actualVersionOf(9n)).toBe(10);
    expect(actualVersionOf(-5n)).toBeNull(); // deleted
    expect(actualVersionOf(undefined)).toBeNull();
  });
});

describe('KurrentDB mapping: positions and cursors', () => {
  it('positions are the commit position as a JS number, up to 2^53', () => {
    expect(positionNumber(123_456n)).toBe(123_456);
    expect(positionNumber(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => positionNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(/2\^53/);
  });

  it('cursors carry the first position of the append as transactionId', () => {
    expect(feedCursor(4096, 4200)).toEqual({ transactionId: '4096', position: 4200 });
  });

  it('seeks to the transactionId (a record position, inclusive) and skips through the position', () => {
    expect(seekAfter(START_OF_FEED)).toEqual({ from: 'start', skipThrough: 0 });
    expect(seekAfter(undefined)).toEqual({ from: 'start', skipThrough: 0 });
    expect(seekAfter({ transactionId: '4096', position: 4200 })).toEqual({ from: { commit: 4096n, prepare: 4096n }, skipThrough: 4200 });
    // the audit view's "just before this event": same transaction, position − 1
    expect(seekAfter({ transactionId: '4096', position: 4095 + 105 - 1 })).toEqual({
      from: { commit: 4096n, prepare: 4096n },
      skipThrough: 4199,
    });
    expect(seekAfter({ transactionId: '4096', position: 4096 })).toEqual({ from: { commit: 4096n, prepare: 4096n }, skipThrough: 4096 });
  });

  it('reads from the start when the transactionId cannot be a seek point', () => {
    expect(seekAfter({ transactionId: '0', position: 500 })).toEqual({ from: 'start', skipThrough: 500 });
    expect(seekAfter({ transactionId: '9000', position: 500 })).toEqual({ from: 'start', skipThrough: 500 });
    expect(seekAfter({ transactionId: 'abc', position: 500 })).toEqual({ from: 'start', skipThrough: 500 });
    expect(() => seekAfter({ transactionId: '1', position: Number.NaN })).toThrow(TypeError);
  });
});

describe('KurrentDB mapping: stream names and filters', () => {
  it('keeps the port stream ids unprefixed and recognizes the namespace', () => {
    expect(portStreamId('run1-', 'run1-task-1')).toBe('task-1');
    expect(portStreamId('run1-', 'run2-task-1')).toBeNull();
    expect(portStreamId('', '$ce-task')).toBeNull();
    expect(portStreamId('', '$$task-1')).toBeNull();
    expect(portStreamId('run1-', idempotencyStreamName('run1-', 'cmd-1'))).toBeNull();
    expect(portStreamId('', 'task-1')).toBe('task-1');
  });

  it('names one index stream per idempotency key, fixed length whatever the key', () => {
    const name = idempotencyStreamName('p-', 'Khóa — bất kỳ/ký tự $');
    expect(name).toMatch(/^p-dle-idempotency-[0-9a-f]{64}$/);
    expect(idempotencyStreamName('p-', 'Khóa — bất kỳ/ký tự $')).toBe(name);
    expect(idempotencyStreamName('p-', 'other')).not.toBe(name);
  });

  it('refuses stream ids KurrentDB or the index own', () => {
    expect(() => assertWritableStreamId('$task')).toThrow(/system/);
    expect(() => assertWritableStreamId('dle-idempotency-x')).toThrow(/reserved/);
    expect(() => assertWritableStreamId('')).toThrow();
    expect(() => assertWritableStreamId('task-1')).not.toThrow();
  });

  it('filters $all on the server only to narrow: type prefixes, else stream prefix, else no system types', () => {
    expect(namespaceFilter('run1-', ['A', 'B', 'A'])).toEqual({ filterOn: 'eventType', prefixes: ['A', 'B'], checkpointInterval: 1 });
    expect(namespaceFilter('run1-')).toEqual({ filterOn: 'streamName', prefixes: ['run1-'], checkpointInterval: 1 });
    expect(namespaceFilter('')).toEqual({ filterOn: 'eventType', regex: '^[^$]', checkpointInterval: 1 });
  });
});

describe('KurrentDB mapping: event envelope', () => {
  const occurredAt = new Date('2026-04-01T08:30:00.123Z');
  const recordedAt = new Date('2026-04-01T08:30:01.456Z');
  const metadata = { correlationId: 'c-1', causationId: 'k-1', idempotencyKey: 'key', actor: { role: 'officer' } };
  const envelope = encodeEnvelope({
    schemaVersion: 2,
    occurredAt,
    recordedAt,
    appendIndex: 1,
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    metadata,
  });
  const record = (extra: Partial<RecordedLike> = {}): RecordedLike => ({
    streamId: 'run1-task-1',
    id: 'AAAAAAAA-0000-4000-8000-000000000001',
    revision: 4n,
    type: 'TaskNoted',
    isJson: true,
    data: { note: 'Ghi chú' },
    metadata: envelope,
    position: { commit: 9000n, prepare: 9000n },
    ...extra,
  });

  it('nests the caller metadata and copies correlation/causation where KurrentDB projections look', () => {
    expect(envelope).toEqual({
      envelope: ENVELOPE_FORMAT,
      $correlationId: 'c-1',
      $causationId: 'k-1',
      schemaVersion: 2,
      occurredAt: '2026-04-01T08:30:00.123Z',
      recordedAt: '2026-04-01T08:30:01.456Z',
      appendIndex: 1,
      prevHash: 'a'.repeat(64),
      hash: 'b'.repeat(64),
      metadata,
    });
  });

  it('decodes a recorded event into a StoredEvent (less its transactionId)', () => {
    const decoded = decodeRecord('run1-', record());
    expect(decoded).toEqual({
      kind: 'event',
      streamName: 'run1-task-1',
      appendIndex: 1,
      envelope,
      event: {
        id: 'aaaaaaaa-0000-4000-8000-000000000001',
        streamId: 'task-1',
        version: 5,
        position: 9000,
        type: 'TaskNoted',
        schemaVersion: 2,
        data: { note: 'Ghi chú' },
        metadata,
        occurredAt,
        recordedAt,
        hash: 'b'.repeat(64),
        prevHash: 'a'.repeat(64),
      },
    });
  });

  it('tells events outside the namespace from foreign events inside it', () => {
    expect(decodeRecord('run1-', record({ streamId: '$ce-run1' }))).toEqual({ kind: 'outside' });
    expect(decodeRecord('run1-', record({ type: '$metadata' }))).toEqual({ kind: 'outside' });
    expect(decodeRecord('run1-', record({ streamId: 'other-task-1' }))).toEqual({ kind: 'outside' });
    expect(decodeRecord('run1-', record({ metadata: { correlationId: 'x' } }))).toMatchObject({
      kind: 'foreign',
      streamId: 'task-1',
      version: 5,
    });
    expect(decodeRecord('run1-', record({ metadata: undefined }))).toMatchObject({ kind: 'foreign' });
    expect(decodeRecord('run1-', record({ isJson: false, data: new Uint8Array([1]) }))).toMatchObject({ kind: 'foreign' });
    expect(decodeRecord('run1-', record({ position: undefined }))).toMatchObject({
      kind: 'foreign',
      reason: expect.stringMatching(/22\.6/),
    });
    expect(decodeRecord('run1-', record({ revision: 0n }))).toMatchObject({
      kind: 'foreign',
      reason: expect.stringMatching(/appendIndex/),
    });
  });
});

describe('KurrentDB canonical hash (PostgreSQL event_hash text)', () => {
  it("prints JSON as jsonb does: keys by byte length then bytes, ', ' and ': '", () => {
    expect(pgJsonbText({ bb: 1, a: [1, 2.5, 'ba', null, true], ccc: {}, é: [] })).toBe(
      '{"a": [1, 2.5, "ba", null, true], "bb": 1, "é": [], "ccc": {}}',
    );
    expect(pgJsonbText({ b: 1, a: 2, B: 3 })).toBe('{"B": 3, "a": 2, "b": 1}');
    expect(pgJsonbText('dòng 1\ndòng "2"\t\\ \u0001 🎋')).toBe('"dòng 1\\ndòng \\"2\\"\\t\\\\ \\u0001 🎋"');
    expect(pgJsonbText([])).toBe('[]');
    expect(pgJsonbText(null)).toBe('null');
  });

  it('prints numbers as numeric does, without exponents', () => {
    expect(pgNumericText(0)).toBe('0');
    expect(pgNumericText(-0)).toBe('0');
    expect(pgNumericText(2.5)).toBe('2.5');
    expect(pgNumericText(-17)).toBe('-17');
    expect(pgNumericText(0.000001)).toBe('0.000001');
    expect(pgNumericText(1e-7)).toBe('0.0000001');
    expect(pgNumericText(-1.5e-7)).toBe('-0.00000015');
    expect(pgNumericText(1e21)).toBe('1000000000000000000000');
    expect(pgNumericText(1.2345e25)).toBe('12345000000000000000000000');
    expect(pgNumericText(123456789012345680000)).toBe('123456789012345680000');
    expect(() => pgNumericText(Number.NaN)).toThrow(TypeError);
  });

  it('prints times in UTC with microseconds', () => {
    expect(pgTimestampText(new Date('2026-04-01T08:30:00.123Z'))).toBe('2026-04-01T08:30:00.123000Z');
    expect(() => pgTimestampText(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('joins the fields with | and leaves prevHash empty for the first event', () => {
    const input = {
      prevHash: null,
      streamId: 'task-1',
      version: 1,
      type: 'TaskCreated',
      data: toStoredJson({ title: 'Việc 1', skipped: undefined }),
      metadata: {},
      occurredAt: new Date('2026-04-01T08:30:00.123Z'),
      recordedAt: new Date('2026-04-02T00:00:00.000Z'),
    };
    expect(canonicalEventText(input)).toBe(
      '|task-1|1|TaskCreated|{"title": "Việc 1"}|{}|2026-04-01T08:30:00.123000Z|2026-04-02T00:00:00.000000Z',
    );
    expect(eventHash(input)).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash({ ...input, prevHash: 'x' })).not.toBe(eventHash(input));
  });
});
