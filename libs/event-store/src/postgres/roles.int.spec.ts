import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '../testing';
import { PgDatabase } from './pg-database';
import { grantEngineRole, migrateGuards, privilegeWarning } from './roles';

const suffix = randomBytes(4).toString('hex');
const ENGINE = `dle_re_${suffix}`;
const WEAK_OWNER = `dle_ro_${suffix}`;

const urlAs = (user: string) => {
  const url = new URL(testDatabaseUrl());
  url.username = user;
  return url.toString();
};

/** The start-up's one-line advice, and the stream-head guard, on real PostgreSQL. */
describe('event store roles', () => {
  let test: TestDatabase;
  let admin: Client;

  beforeAll(async () => {
    test = await createTestDatabase('pg', { migrate: true });
    await migrateGuards(test.db);
    admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    await admin.query(`CREATE ROLE ${ENGINE} LOGIN`);
    await admin.query(`CREATE ROLE ${WEAK_OWNER} LOGIN`);
  });

  afterAll(async () => {
    await test?.drop();
    await admin.query(`DROP OWNED BY ${ENGINE}, ${WEAK_OWNER} CASCADE`);
    await admin.query(`DROP ROLE ${ENGINE}, ${WEAK_OWNER}`);
    await admin.end();
  });

  it('a role that could rewrite history gets one line saying what to grant instead', async () => {
    const warning = await privilegeWarning(test.db, test.schema!);
    expect(warning).toMatch(/^the engine's database role \S+ is a superuser, so it could rewrite history: set DATABASE_OWNER_URL/);
    expect(warning).toContain(`GRANT SELECT, INSERT ON ${test.schema}.events TO`);
    expect(warning).not.toMatch(/\n/);
  });

  it('a role granted only reading and appending gets no warning', async () => {
    expect(await grantEngineRole(test.db, { name: ENGINE }, test.schema!)).toEqual([]);
    const engine = new PgDatabase({ connectionString: urlAs(ENGINE), schema: test.schema, max: 1 });
    try {
      expect(await privilegeWarning(engine, test.schema!)).toBeNull();
    } finally {
      await engine.close();
    }
  });

  it('an owner that may not create the missing engine role says so in one line', async () => {
    const owner = new PgDatabase({ connectionString: urlAs(WEAK_OWNER), max: 1 });
    try {
      const problems = await grantEngineRole(owner, { name: `dle_missing_${suffix}`, password: 'secret-never-logged' }, test.schema!);
      expect(problems).toEqual([
        expect.stringMatching(/^the engine's role dle_missing_\w+ does not exist and the owner may not create it: CREATE ROLE/),
      ]);
      expect(problems[0]).not.toContain('secret-never-logged');
    } finally {
      await owner.close();
    }
  });

  it('even a superuser cannot move a stream head away from its last event without disabling triggers', async () => {
    await test.db.query(
      `INSERT INTO events (id, stream_id, version, type, data, occurred_at, recorded_at, hash)
       VALUES (gen_random_uuid(), 's-1', 1, 'T', '{}', now(), now(), 'h1')`,
    );
    await expect(test.db.query(`INSERT INTO streams (id, version, last_hash) VALUES ('s-1', 2, 'h1')`)).rejects.toMatchObject({
      code: 'DL403',
    });
    await test.db.query(`INSERT INTO streams (id, version, last_hash) VALUES ('s-1', 1, 'h1')`);
    await expect(test.db.query(`UPDATE streams SET last_hash = 'forged' WHERE id = 's-1'`)).rejects.toMatchObject({ code: 'DL403' });
  });
});
