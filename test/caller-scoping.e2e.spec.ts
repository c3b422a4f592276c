/**
 * The holes of issue 13, closed: an Idempotency-Key is scoped to the caller's own credential and
 * answered only after authorization; a task another agency leads answers its officers exactly as
 * an unknown code does; an `agency` token without an agency stops the process at start-up.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { TokenRegistry } from '../apps/api/src/auth/token-registry';
import { TOKENS, TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

const API = '/api/v1';
const ROOT = path.resolve(__dirname, '..');
const REGISTER = path.join(ROOT, 'test', 'support', 'worker-process-register.js');

/** Two officers' tokens with the same display name, of two agencies (a name is no identity). */
const CLERK = { bca: 'clerk-bca-token-0001', bkhcn: 'clerk-bkhcn-token-0001' };
const AUTH_TOKENS = JSON.stringify([
  { token: TOKENS.admin, role: 'admin', name: 'Quản trị' },
  { token: TOKENS.coordinator, role: 'coordinator', name: 'Văn phòng Chính phủ' },
  { token: CLERK.bca, role: 'agency', agency: 'BCA', name: 'Văn thư' },
  { token: CLERK.bkhcn, role: 'agency', agency: 'BKHCN', name: 'Văn thư' },
]);

describe('caller scoping', () => {
  let t: TestApp;
  const call = (token: string) => {
    const server = t.app.getHttpServer();
    return {
      post: (url: string, body: object, key?: string) => {
        const req = request(server).post(url).set('Authorization', `Bearer ${token}`).set('Accept-Language', 'en');
        return (key ? req.set('Idempotency-Key', key) : req).send(body);
      },
      get: (url: string) => request(server).get(url).set('Authorization', `Bearer ${token}`).set('Accept-Language', 'en'),
    };
  };
  const eventCount = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM events'))[0].n);
  let seq = 0;
  const assignBca = async () => {
    seq += 1;
    const code = `PHAM-VI-${seq}`;
    await t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code, coordinatingAgencies: [] }))
      .expect(201);
    return code;
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { AUTH_TOKENS } });
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
  });

  afterAll(async () => {
    await t?.close();
  });

  it("two agency tokens sharing a name cannot read each other's answers through an Idempotency-Key", async () => {
    const code = await assignBca();
    const body = { percent: 40, note: 'Đã hoàn thành khảo sát' };
    const first = await call(CLERK.bca).post(`${API}/tasks/${code}/progress`, body, 'tien-do-1').expect(201);
    expect(first.body.code).toBe(code);
    const before = await eventCount();
    // Same name, same key, same request: once the BCA clerk's answer (the task, its officers' emails).
    const other = await call(CLERK.bkhcn).post(`${API}/tasks/${code}/progress`, body, 'tien-do-1');
    expect({ status: other.status, body: other.body }).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'task not found', details: [] } },
    });
    expect(await eventCount()).toBe(before);
    // The clerk who sent it still gets its own answer back, appending nothing.
    const again = await call(CLERK.bca).post(`${API}/tasks/${code}/progress`, body, 'tien-do-1').expect(201);
    expect(again.body).toEqual(first.body);
    expect(await eventCount()).toBe(before);
  });

  it('checks the caller may still act before replaying its own earlier answer', async () => {
    const code = await assignBca();
    const body = { percent: 10 };
    await call(CLERK.bca).post(`${API}/tasks/${code}/progress`, body, 'truoc-dieu-chuyen').expect(201);
    await t
      .as('coordinator')
      .post(`${API}/tasks/${code}/reassignment`, { leadAgency: 'BKHCN', reason: 'Điều chỉnh chức năng' })
      .expect(201);
    const replay = await call(CLERK.bca).post(`${API}/tasks/${code}/progress`, body, 'truoc-dieu-chuyen');
    expect(replay.status).toBe(404);
    expect(replay.body.error.code).toBe('not_found');
  });

  it("answers an officer asking for another agency's task exactly as for a code that does not exist", async () => {
    const code = await assignBca();
    const officer = call(CLERK.bkhcn);
    const pairs: [string, () => request.Test, () => request.Test][] = [
      ['read', () => officer.get(`${API}/tasks/${code}`), () => officer.get(`${API}/tasks/KHONG-TON-TAI`)],
      ['history', () => officer.get(`${API}/tasks/${code}/history`), () => officer.get(`${API}/tasks/KHONG-TON-TAI/history`)],
      [
        'progress',
        () => officer.post(`${API}/tasks/${code}/progress`, { percent: 5 }),
        () => officer.post(`${API}/tasks/KHONG-TON-TAI/progress`, { percent: 5 }),
      ],
      [
        'progress with a bad body',
        () => officer.post(`${API}/tasks/${code}/progress`, { percent: 'lots' }),
        () => officer.post(`${API}/tasks/KHONG-TON-TAI/progress`, { percent: 'lots' }),
      ],
    ];
    for (const [what, existing, missing] of pairs) {
      const [a, b] = [await existing(), await missing()];
      expect({ what, status: a.status, body: a.body }).toEqual({ what, status: 404, body: b.body });
      expect(b.status).toBe(404);
    }
    // Its own agency's officer sees it, so the 404 above is the scoping, not the code.
    await call(CLERK.bca).get(`${API}/tasks/${code}`).expect(200);
  });
});

describe('an agency token without an agency', () => {
  it('is refused by the token registry too, whoever builds one', () => {
    expect(() => new TokenRegistry([{ token: 'lost-agency-token-0001', role: 'agency', name: 'Văn thư' }])).toThrow(
      'AUTH_TOKENS entry Văn thư has role agency but no agency',
    );
  });

  it('stops the API at start-up with one line naming the entry, never the token', () => {
    const secret = 'lost-agency-token-0001';
    const env = { ...process.env };
    for (const key of ['DATABASE_URL', 'DATABASE_SCHEMA', 'CONFIG_FILE', 'AUTH_TOKENS_FILE']) delete env[key];
    const run = spawnSync(process.execPath, ['-r', REGISTER, path.join(ROOT, 'apps/api/src/main.ts')], {
      cwd: ROOT,
      env: {
        ...env,
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'dle-agency-token-')),
        AUTH_TOKENS: JSON.stringify([
          { token: 'admin-token-0001', role: 'admin' },
          { token: secret, role: 'agency', name: 'Văn thư Bộ Tài chính' },
        ]),
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    const lines = `${run.stdout}${run.stderr}`.split('\n').filter(Boolean);
    expect(lines).toEqual([
      'configuration: AUTH_TOKENS entry "Văn thư Bộ Tài chính" has role agency but no agency; add "agency": "<agency code>"',
    ]);
    expect(run.stderr).not.toContain(secret);
  });
});
