import { KurrentDbEventStore, expect as expectVersion } from '@app/event-store';
import { InMemoryKurrentDb, createTestDatabase, testEvent, type TestDatabase } from '@app/event-store/testing';
import { advanceCheckpoint, loadCheckpoint, migrateReadModels } from '@app/projections';
import { readDatabaseGauges } from './metrics-sources';

// The gauges read the events through the store port, so the KurrentDB mode has them too (the
// read models and their checkpoint stay in PostgreSQL, as in production).
describe('readDatabaseGauges with the KurrentDB adapter (in-memory client stand-in)', () => {
  let database: TestDatabase;
  let store: KurrentDbEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('pg');
    await migrateReadModels(database.db);
    store = new KurrentDbEventStore(new InMemoryKurrentDb(), { streamPrefix: 'gauges-' });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('counts the events beyond the checkpoint and ages the oldest unapplied one by its record time', async () => {
    const recordedAt = new Date('2026-03-02T01:00:00Z');
    const first = await store.append('task-a', [testEvent('TaskAssigned'), testEvent('ProgressReported')], {
      expectedVersion: expectVersion.noStream(),
      recordedAt,
    });
    await store.append('task-b', [testEvent('TaskAssigned')], {
      expectedVersion: expectVersion.noStream(),
      recordedAt: new Date('2026-03-02T01:05:00Z'),
    });
    const now = Date.parse('2026-03-02T01:10:00Z');

    const untouched = await readDatabaseGauges(database.db, store, now);
    expect(untouched.projectionLagEvents).toBe(await store.headPosition());
    expect(untouched.feedLagSeconds).toBe(600);

    const checkpoint = await loadCheckpoint(database.db);
    const applied = first.events[1];
    expect(
      await advanceCheckpoint(database.db, checkpoint.cursor, { transactionId: applied.transactionId, position: applied.position }),
    ).toBe(true);
    const later = await readDatabaseGauges(database.db, store, now);
    expect(later.projectionLagEvents).toBe((await store.headPosition()) - applied.position);
    expect(later.projectionLagEvents).toBeGreaterThan(0);
    expect(later.feedLagSeconds).toBe(300);
  });
});
