import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect as expectVersion } from '../event-store.port';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { createTestEventStore, testEvent } from '../testing';
import { openDatabase } from './open-database';
import { PostgresEventStore } from './postgres-event-store';
import { migrate } from './schema';

describeEventStoreContract(
  'PGlite (embedded, in memory)',
  async () => {
    const test = await createTestEventStore('pglite');
    return { store: test.store, db: test.db, cleanup: test.drop };
  },
  { sql: true },
);

describe('PGlite on disk', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dle-pglite-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps events across a close and reopen of <dataDir>/pglite', async () => {
    const first = openDatabase({ dataDir: join(dataDir, 'nested', 'dir') });
    expect(first.kind).toBe('pglite');
    await migrate(first);
    const written = await new PostgresEventStore(first).append('task-1', [testEvent('TaskCreated', { title: 'Việc số 1' })], {
      expectedVersion: expectVersion.noStream(),
    });
    await first.close();

    const second = openDatabase({ dataDir: join(dataDir, 'nested', 'dir') });
    await migrate(second);
    const store = new PostgresEventStore(second);
    expect(await store.readStream('task-1')).toEqual(written.events);
    expect((await store.verify()).ok).toBe(true);
    await second.close();
  });
});

describe('PGlite feed order across transaction ids of different digit counts', () => {
  it('pages through every event when transaction ids pass 999 → 1000 (the feed orders by xid8, not by its text)', async () => {
    const test = await createTestEventStore('pglite');
    try {
      const { rows } = await test.db.query<{ xid: string }>(`SELECT pg_current_xact_id()::text AS xid`);
      const commits = Math.max(0, 1100 - Number(rows[0].xid));
      for (let i = 0; i < commits; i++) {
        await test.store.append(`digits-${i}`, [testEvent('Counted', { i })], { expectedVersion: expectVersion.noStream() });
      }
      const seen: number[] = [];
      let after;
      for (;;) {
        const page = await test.store.readFeed({ after, limit: 37, types: ['Counted'] });
        if (page.events.length === 0) break;
        seen.push(...page.events.map((e) => e.data.i as number));
        after = page.cursor;
      }
      expect(commits).toBeGreaterThan(0);
      expect(seen).toEqual([...Array(commits).keys()]);
    } finally {
      await test.drop();
    }
  });
});
