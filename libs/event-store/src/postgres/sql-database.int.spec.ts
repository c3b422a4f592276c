import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '../testing';

describe.each<TestDatabaseKind>(['pg', 'pglite'])('SqlDatabase on %s', (kind) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    await test.db.exec('CREATE TABLE items (id bigint PRIMARY KEY, at timestamptz, note text)');
  });

  afterAll(async () => {
    await test?.drop();
  });

  it('says which engine it is', () => {
    expect(test.db.kind).toBe(kind);
  });

  it('returns bigint as number and timestamptz as Date', async () => {
    const at = new Date('2026-02-03T04:05:06.789Z');
    const { rows } = await test.db.query(
      'SELECT 9007199254740991::int8 AS big, ARRAY[1, 2]::int8[] AS list, $1::timestamptz AS at, count(*) AS n FROM items',
      [at],
    );
    expect(rows[0]).toEqual({ big: 9007199254740991, list: [1, 2], at, n: 0 });
  });

  it('reports the rows a statement changed', async () => {
    await test.db.query("INSERT INTO items VALUES (1, now(), 'một'), (2, now(), 'hai')");
    expect((await test.db.query("UPDATE items SET note = note || '!' WHERE id <= 2")).rowCount).toBe(2);
    await test.db.exec('DELETE FROM items');
  });

  it('commits a transaction and rolls it back when the function throws', async () => {
    await test.db.transaction((tx) => tx.query("INSERT INTO items VALUES (10, now(), 'kept')"));
    await expect(
      test.db.transaction(async (tx) => {
        await tx.query("INSERT INTO items VALUES (11, now(), 'dropped')");
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const { rows } = await test.db.query('SELECT id FROM items WHERE id IN (10, 11)');
    expect(rows).toEqual([{ id: 10 }]);
  });

  it('a nested transaction that fails rolls back only its own work', async () => {
    await test.db.transaction(async (tx) => {
      await tx.query("INSERT INTO items VALUES (20, now(), 'outer')");
      await expect(
        tx.transaction(async (inner) => {
          await inner.query("INSERT INTO items VALUES (21, now(), 'inner')");
          throw new Error('inner failed');
        }),
      ).rejects.toThrow('inner failed');
      await tx.transaction((inner) => inner.query("INSERT INTO items VALUES (22, now(), 'inner ok')"));
    });
    const { rows } = await test.db.query('SELECT id FROM items WHERE id BETWEEN 20 AND 29 ORDER BY id');
    expect(rows).toEqual([{ id: 20 }, { id: 22 }]);
  });

  it('holds a session advisory lock for the whole session', async () => {
    const held = await test.db.withSession(async (session) => {
      const { rows } = await session.query('SELECT pg_try_advisory_lock(777) AS got');
      const again = await session.transaction((tx) => tx.query('SELECT 1 AS one'));
      await session.query('SELECT pg_advisory_unlock(777)');
      return rows[0].got && again.rows[0].one === 1;
    });
    expect(held).toBe(true);
  });

  it('delivers notifications to a listener until it stops', async () => {
    const payloads: string[] = [];
    const stop = await test.db.listen('dle_test_channel', (payload) => payloads.push(payload));
    await test.db.query("SELECT pg_notify('dle_test_channel', 'xin chào')");
    const deadline = Date.now() + 5000;
    while (payloads.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await stop();
    expect(payloads).toEqual(['xin chào']);
  });
});

describe('SqlDatabase on pg: schema isolation', () => {
  it('creates the schema and keeps tables in it', async () => {
    const a = await createTestDatabase('pg');
    const b = await createTestDatabase('pg');
    try {
      await a.db.exec('CREATE TABLE only_here (id int)');
      const { rows } = await b.db.query("SELECT to_regclass('only_here') AS found");
      expect(rows[0].found).toBeNull();
      const { rows: sp } = await a.db.query('SHOW search_path');
      expect(sp[0].search_path).toBe(a.schema);
      const { rows: idle } = await a.db.query('SHOW idle_in_transaction_session_timeout');
      expect(idle[0].idle_in_transaction_session_timeout).toBe('1min');
      // JIT compiling a short statement can take longer than running it (pg-database.ts)
      const { rows: jit } = await a.db.query('SHOW jit');
      expect(jit[0].jit).toBe('off');
      // a parallel worker's start costs more than the engine's index scans (pg-database.ts)
      const { rows: parallel } = await a.db.query('SHOW max_parallel_workers_per_gather');
      expect(parallel[0].max_parallel_workers_per_gather).toBe('0');
    } finally {
      await a.drop();
      await b.drop();
    }
  });
});
