/**
 * A service that answers (issue 16): when PostgreSQL stops answering (frozen, as SIGSTOP would
 * leave it), /health reports the database down with 503 within its bound, commands and queries
 * answer 503 with Retry-After within a few seconds instead of hanging, and everything recovers
 * by itself once the server answers again, with nothing acknowledged lost.
 *
 * The engine reaches the machine's PostgreSQL through a proxy this test controls (see
 * support/freezable-proxy.ts); the test's own checks go to PostgreSQL directly.
 */
import { FreezableProxy } from './support/freezable-proxy';
import { TEST_DATABASE_URL, TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

jest.setTimeout(90_000);

const API = '/api/v1';
/** long enough that every time-out fires more than once, short enough for npm test */
const FREEZE_MS = 15_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed<T>(call: () => Promise<T>): Promise<{ res: T; ms: number }> {
  const started = performance.now();
  const res = await call();
  return { res, ms: performance.now() - started };
}

describe('a database that stops answering', () => {
  let proxy: FreezableProxy;
  let t: TestApp;
  const target = new URL(TEST_DATABASE_URL);
  const acknowledged = async () =>
    (await t.sql<{ stream_id: string }>(`SELECT stream_id FROM events WHERE stream_id NOT LIKE 'notice-%' ORDER BY position`)).map(
      (r) => r.stream_id,
    );

  beforeAll(async () => {
    proxy = new FreezableProxy(target.hostname, Number(target.port || 5432));
    const port = await proxy.start();
    const proxied = new URL(TEST_DATABASE_URL);
    proxied.port = String(port);
    t = await startTestApp({ env: { DATABASE_URL: proxied.toString() } });
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
    await t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'TO-001' }))
      .expect(201);
  });

  afterAll(async () => {
    proxy?.thaw();
    await t?.close();
    await proxy?.stop();
  });

  it('answers 503 within seconds while frozen, and recovers by itself after', async () => {
    const before = await acknowledged();
    proxy.freeze();
    const frozenAt = performance.now();

    const health = await timed(() => t.as('auditor').get('/health'));
    expect(health.res.status).toBe(503);
    expect(health.res.body.checks.database).toEqual({ status: 'down', error: expect.any(String) });
    expect(health.ms).toBeLessThan(5_000);

    const command = await timed(() => t.as('coordinator').post(`${API}/tasks`, taskBody({ code: 'TO-002' })));
    expect(command.res.status).toBe(503);
    expect(command.res.headers['retry-after']).toMatch(/^\d+$/);
    expect(command.res.body.error.code).toBe('unavailable');
    expect(command.ms).toBeLessThan(8_000);

    const query = await timed(() => t.as('auditor').get(`${API}/tasks/TO-001`));
    expect(query.res.status).toBe(503);
    expect(query.res.headers['retry-after']).toMatch(/^\d+$/);
    expect(query.ms).toBeLessThan(8_000);

    await sleep(Math.max(0, FREEZE_MS - (performance.now() - frozenAt)));
    proxy.thaw();

    // no restart, no operator: the next requests work again
    let healthy = 0;
    for (let i = 0; i < 30 && healthy !== 200; i++) {
      healthy = (await t.as('auditor').get('/health')).status;
      if (healthy !== 200) await sleep(500);
    }
    expect(healthy).toBe(200);
    const created = await t.as('coordinator').post(`${API}/tasks`, taskBody({ code: 'TO-003' }));
    expect(`${created.status} ${created.text.slice(0, 200)}`).toMatch(/^201 /);
    await t.as('auditor').get(`${API}/tasks/TO-001`).expect(200);

    // everything acknowledged before is there; the refused command left nothing behind
    const after = await acknowledged();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length)).toEqual([created.body.id ? `task-${created.body.id}` : expect.any(String)]);
    await t.as('auditor').get(`${API}/tasks/TO-002`).expect(404);
  });
});
