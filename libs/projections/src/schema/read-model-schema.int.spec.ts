import { TestDatabase, TestDatabaseKind, createTestDatabase } from '@app/event-store/testing';
import { migrateReadModels } from './read-model-schema';

/**
 * rm_task_state.state became `json` (it was `jsonb`): a database migrated by an earlier version
 * is converted in place by the same idempotent DDL, keeping its rows, and lz4 is used where the
 * server has it (PostgreSQL from Debian does; PGlite does not).
 */
describe.each<TestDatabaseKind>(['pg', 'pglite'])('read-model schema on %s', (kind) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase(kind, { migrate: true });
  });

  afterEach(async () => {
    await database.drop();
  });

  const stateColumn = async () => {
    const { rows } = await database.db.query<{ type: string; compression: string }>(
      `SELECT format_type(atttypid, atttypmod) AS type, attcompression::text AS compression
         FROM pg_attribute WHERE attrelid = 'rm_task_state'::regclass AND attname = 'state'`,
    );
    return rows[0];
  };

  it('converts a jsonb state column of an earlier version, keeping the rows, and is idempotent', async () => {
    await database.db.exec(`CREATE TABLE rm_task_state (task_id uuid PRIMARY KEY, state jsonb NOT NULL)`);
    await database.db.query(`INSERT INTO rm_task_state VALUES ('11111111-1111-5111-8111-111111111111', $1::jsonb)`, [
      JSON.stringify({ code: 'A-1', title: 'Báo cáo tổng kết', version: 3 }),
    ]);
    expect((await stateColumn()).type).toBe('jsonb');

    await migrateReadModels(database.db);
    await migrateReadModels(database.db);

    const column = await stateColumn();
    expect(column.type).toBe('json');
    const { rows } = await database.db.query<{ state: { code: string; title: string; version: number } }>(
      `SELECT state FROM rm_task_state`,
    );
    expect(rows).toEqual([{ state: { code: 'A-1', title: 'Báo cáo tổng kết', version: 3 } }]);
    if (kind === 'pglite') expect(column.compression).not.toBe('l');
    else expect(column.compression).toBe('l');
  });

  it('creates the column as json on a new database', async () => {
    await migrateReadModels(database.db);
    expect((await stateColumn()).type).toBe('json');
  });
});
