/**
 * Least privilege (issue 16): migrations run as an owner role; the engine connects as a role
 * that can read and append events and write its read models, nothing more. The whole engine
 * works that way (commands, projector, audit), and every tampering the issue found, done with
 * the engine's own credentials, is refused.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEST_DATABASE_URL, TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

const API = '/api/v1';
const suffix = randomBytes(4).toString('hex');
const OWNER = `dle_owner_${suffix}`;
const ENGINE = `dle_engine_${suffix}`;

function urlAs(user: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.username = user;
  url.password = '';
  return url.toString();
}

describe('least privilege: the engine role cannot rewrite history', () => {
  let admin: Client;
  let t: TestApp;
  let engine: Client;
  let stream: string;

  beforeAll(async () => {
    admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    // The owner may create roles and schemas and grant that (as a database's owner may); the engine
    // role does not exist yet: start-up creates it.
    await admin.query(`CREATE ROLE ${OWNER} LOGIN CREATEROLE`);
    const [{ db }] = (await admin.query('SELECT current_database() AS db')).rows;
    await admin.query(`GRANT CREATE ON DATABASE "${db}" TO ${OWNER} WITH GRANT OPTION`);
    t = await startTestApp({ env: { DATABASE_URL: urlAs(ENGINE), DATABASE_OWNER_URL: urlAs(OWNER) } });
    engine = new Client({ connectionString: urlAs(ENGINE) });
    await engine.connect();
    await engine.query(`SET search_path = ${t.schema}`);
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
    const task = await t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'LP-001' }))
      .expect(201);
    stream = `task-${task.body.id}`;
  });

  afterAll(async () => {
    await engine?.end();
    await t?.close();
    await admin.query(`DROP OWNED BY ${ENGINE}, ${OWNER} CASCADE`);
    await admin.query(`DROP ROLE ${ENGINE}, ${OWNER}`);
    await admin.end();
  });

  it('the owner owns the event tables; the engine was created and owns only its read models', async () => {
    const owners = await t.sql<{ relname: string; owner: string }>(
      `SELECT c.relname, pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY c.relname`,
      [t.schema],
    );
    const byTable = Object.fromEntries(owners.map((o) => [o.relname, o.owner]));
    expect(byTable).toMatchObject({ events: OWNER, streams: OWNER, rm_tasks: ENGINE });
  });

  it('the engine works as that role: commands, the projector and the audit', async () => {
    const progress = await t.as('bca').post(`${API}/tasks/LP-001/progress`, { percent: 40, note: 'Đang triển khai' });
    expect(`${progress.status} ${progress.text.slice(0, 200)}`).toMatch(/^20\d /);
    const read = await t.as('auditor').get(`${API}/tasks/LP-001?minPosition=${progress.body.position}`).expect(200);
    expect(read.body.progress).toMatchObject({ percent: 40 });
    expect((await t.as('auditor').get(`${API}/audit/verify`).expect(200)).body.ok).toBe(true);
  });

  it.each([
    ['UPDATE an event', `UPDATE events SET data = '{}' WHERE stream_id = $1`, '42501'],
    ['DELETE events', `DELETE FROM events WHERE stream_id = $1`, '42501'],
    ['TRUNCATE events', `TRUNCATE events`, '42501'],
    ['disable the immutability triggers', `ALTER TABLE events DISABLE TRIGGER USER`, '42501'],
    ['drop the events table', `DROP TABLE events`, '42501'],
    [
      'replace the hash function',
      `CREATE OR REPLACE FUNCTION event_hash(text, text, bigint, text, jsonb, jsonb, timestamptz, timestamptz) RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$`,
      '42501',
    ],
    ['delete a stream', `DELETE FROM streams WHERE id = $1`, '42501'],
    ['move a stream version (wedging the task)', `UPDATE streams SET version = version + 5 WHERE id = $1`, 'DL403'],
    ['fake a stream head', `UPDATE streams SET last_hash = md5('forged') WHERE id = $1`, 'DL403'],
    ['rewind a stream', `UPDATE streams SET version = 1 WHERE id = $1`, 'DL403'],
  ])('as the engine role: %s → refused', async (_, sql, code) => {
    const params = sql.includes('$1') ? [stream] : [];
    await expect(engine.query(sql, params)).rejects.toMatchObject({ code });
  });

  it('after every refused attempt the history is intact and the task still takes commands', async () => {
    expect((await t.as('auditor').get(`${API}/audit/verify`).expect(200)).body).toMatchObject({ ok: true });
    const next = await t.as('bca').post(`${API}/tasks/LP-001/progress`, { percent: 60, note: 'Tiếp tục' });
    expect(`${next.status} ${next.text.slice(0, 200)}`).toMatch(/^20\d /);
  });
});
