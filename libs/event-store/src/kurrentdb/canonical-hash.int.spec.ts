import { randomUUID } from 'node:crypto';
import { expect as expectVersion, type NewEvent } from '../event-store.port';
import { createTestEventStore, type TestEventStore } from '../testing';
import { canonicalEventText, eventHash, toStoredJson } from './canonical-hash';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { InMemoryKurrentDb } from './testing/in-memory-kurrentdb';

// The JavaScript hash must equal PostgreSQL's event_hash() (postgres/schema.ts) byte for byte,
// so a chain verifies in either store. Checked against the real function in PGlite.

const AWKWARD_VALUES: Record<string, unknown>[] = [
  {},
  { title: 'Báo cáo tổng hợp quý I/2026', agency: 'Ủy ban nhân dân tỉnh Quảng Ngãi — Sở TN&MT' },
  { decomposed: 'Tie\u0302\u0301ng Vie\u0323\u0302t', emoji: '🎋🇻🇳', quotes: '“khẩn” "x" \\ / \u2028' },
  { control: '\u0001\u0007\b\f\n\r\t\u001f\u007f', nul_free: 'a\u0010b' },
  { numbers: [0, -0, 1, -1, 2.5, 0.1, 1e-6, 1e-7, -1.5e-7, 123.456e-10, 1e21, 1.5e21, 9007199254740992, 1.7976931348623157e308] },
  { nested: { list: [1, 2.5, 'ba', null, true, false, [], {}, [[{}]]] }, '': 'empty key' },
  { b: 1, a: 2, B: 3, aa: 4, é: 5, ê: 6, z: 7, 日本: 8, ab: 9, 'a b': 10, ä: 11 },
  { keys: { '1': 'one', '10': 'ten', '2': 'two', 'long key with spaces': true, k: { y: 1, x: 2 } } },
  { date: new Date('2026-04-01T08:30:00.123Z') as unknown, skipped: undefined, nan: Number.NaN } as Record<string, unknown>,
];

describe('canonical hash = PostgreSQL event_hash()', () => {
  let pg: TestEventStore;

  beforeAll(async () => {
    pg = await createTestEventStore('pglite');
  });

  afterAll(async () => {
    await pg?.drop();
  });

  it.each(AWKWARD_VALUES.map((value, i) => [i, value] as const))('value %i hashes the same in JavaScript and in SQL', async (_, value) => {
    const data = toStoredJson(value);
    const metadata = toStoredJson({ actor: { role: 'officer', name: 'Nguyễn Thị Hồng Nhung' }, extra: value });
    const input = {
      prevHash: 'f'.repeat(64),
      streamId: 'task-Ω-1',
      version: 12,
      type: 'TaskNoted',
      data,
      metadata,
      occurredAt: new Date('2026-04-01T08:30:00.123Z'),
      recordedAt: new Date('1999-12-31T23:59:59.999Z'),
    };
    const { rows } = await pg.db.query<{ text: string; hash: string; data: string; metadata: string }>(
      `SELECT $5::jsonb::text AS data, $6::jsonb::text AS metadata,
              event_hash($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8) AS hash`,
      [
        input.prevHash,
        input.streamId,
        input.version,
        input.type,
        JSON.stringify(data),
        JSON.stringify(metadata),
        input.occurredAt,
        input.recordedAt,
      ],
    );
    const [, , , , dataText, metadataText] = canonicalEventText(input).split('|');
    expect(dataText).toBe(rows[0].data);
    expect(metadataText).toBe(rows[0].metadata);
    expect(eventHash(input)).toBe(rows[0].hash);
  });

  it('the two adapters store identical hashes for the same appends', async () => {
    const kurrent = new KurrentDbEventStore(new InMemoryKurrentDb(), { streamPrefix: 'x-' });
    const streamId = `task-${randomUUID()}`;
    const appends: { events: NewEvent[]; recordedAt: Date }[] = AWKWARD_VALUES.map((value, i) => ({
      events: [
        {
          id: randomUUID(),
          type: 'TaskNoted',
          data: value,
          metadata: { correlationId: `c-${i}`, idempotencyKey: `k-${i}` },
          occurredAt: new Date(Date.UTC(2026, 3, 1, 8, i)),
        },
        { id: randomUUID(), type: 'TaskTouched', schemaVersion: 2, data: { i }, occurredAt: new Date(Date.UTC(2026, 3, 1, 9, i)) },
      ],
      recordedAt: new Date(Date.UTC(2026, 3, 2, 0, 0, i, 7)),
    }));
    for (const { events, recordedAt } of appends) {
      await pg.store.append(streamId, events, { expectedVersion: expectVersion.any(), recordedAt });
      await kurrent.append(streamId, events, { expectedVersion: expectVersion.any(), recordedAt });
    }
    const fromPg = await pg.store.readStream(streamId);
    const fromKurrent = await kurrent.readStream(streamId);
    expect(fromKurrent.map((e) => e.hash)).toEqual(fromPg.map((e) => e.hash));
    const comparable = (e: (typeof fromPg)[number]) => ({ ...e, position: undefined, transactionId: undefined });
    expect(fromKurrent.map(comparable)).toEqual(fromPg.map(comparable));
    expect(await kurrent.verify()).toMatchObject({ ok: true, events: fromPg.length });
    await kurrent.close();
  });
});
