import { PgDatabase } from '@app/event-store';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '@app/event-store/testing';
import { buildDeferredIndexes, dropReaderIndexes } from './deferred-indexes';

/**
 * The indexes a rebuild drops while it replays and builds after: constraints' and the named ones
 * stay, the others come back as they were, even where the server cancels long statements (the
 * API's pool sets statement_timeout, and an index over a large history takes longer).
 */
describe('indexes deferred during a replay', () => {
  let t: TestDatabase;
  const indexes = async () =>
    (
      await t.db.query<{ def: string }>(
        `SELECT replace(indexdef, schemaname || '.', '') AS def FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname`,
        [t.schema],
      )
    ).rows.map((r) => r.def);

  beforeEach(async () => {
    t = await createTestDatabase('pg');
    await t.db.exec(`
      CREATE TABLE facts (id bigint PRIMARY KEY, code text UNIQUE, task uuid, at timestamptz);
      CREATE INDEX facts_task_idx ON facts (task);
      CREATE INDEX facts_at_idx ON facts (at DESC) WHERE task IS NOT NULL;
      INSERT INTO facts SELECT n, 'c' || n, md5(n::text)::uuid, now() - n * interval '1 minute' FROM generate_series(1, 300000) n;`);
  });
  afterEach(() => t.drop());

  it('drops only the readers’ indexes, and builds them again past a short statement_timeout', async () => {
    const before = await indexes();
    const deferred = await dropReaderIndexes(t.db, t.schema!, ['facts_task_idx']);
    expect(deferred.map((d) => d.name)).toEqual(['facts_at_idx']);
    expect(await indexes()).toEqual(before.filter((def) => !def.startsWith('CREATE INDEX facts_at_idx')));

    const strict = new PgDatabase({ connectionString: testDatabaseUrl(), schema: t.schema, max: 1, statementTimeoutMs: 20 });
    try {
      await expect(strict.query(`SELECT count(*) FROM facts a JOIN facts b ON a.task = b.task`)).rejects.toThrow(/statement timeout/);
      await buildDeferredIndexes(strict, deferred);
    } finally {
      await strict.close();
    }
    expect(await indexes()).toEqual(before);
  });
});
