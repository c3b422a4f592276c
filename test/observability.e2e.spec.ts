/**
 * Observability over HTTP: GET /metrics (Prometheus text, no token), correlation ids from the
 * request into the events' metadata, /health's shape (database, Redis, projector, SMTP,
 * scanner), the admin queue view, and what the JSON logs keep out (tokens, passwords).
 */
import { INestApplication } from '@nestjs/common';
import express from 'express';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { createLogger, loadConfig, loggerParams, observeScan, registerScanner, resetScannerStatus, scrubSecrets } from '@app/platform';
import { createApiApp } from '../apps/api/src/bootstrap';
import { assignCorrelationId, correlationScope } from '../apps/api/src/metrics/correlation.middleware';
import { TEST_DATABASE_URL, TestApp, agencyBody, startTestApp } from './support/test-app';
import { API, deleteQueueKeys, uniquePrefix } from './support/worker-process-helpers';

const quiet = { SCAN_INTERVAL_MS: '3600000' };

describe('metrics, correlation ids, health and the queue view', () => {
  let t: TestApp;
  const prefix = uniquePrefix('obs');

  beforeAll(async () => {
    t = await startTestApp({ env: { ...quiet, QUEUE_PREFIX: prefix } });
  });
  afterAll(async () => {
    resetScannerStatus();
    await t?.close();
    await deleteQueueKeys(prefix);
  });

  it('serves Prometheus text at /metrics without a token, with the engine metrics after a command', async () => {
    const created = await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('auditor').get(`${API}/agencies/BCA?minPosition=${created.body.position}`).expect(200);
    const res = await request(t.app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    expect(text).toMatch(/^dle_events_appended_total\{type="AgencyRegistered"\} 1$/m);
    expect(text).toMatch(/^dle_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/agencies",status="201"\} 1$/m);
    expect(text).toMatch(/^dle_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/agencies\/:code",status="200"\} 1$/m);
    for (const name of [
      'dle_projection_lag_events',
      'dle_feed_lag_seconds',
      'dle_notices_pending',
      'dle_queue_depth{queue="notices"}',
      'dle_notices_issued_total',
      'dle_notices_sent_total',
      'dle_notices_failed_total',
      'dle_events_projected_total',
    ]) {
      expect(text).toMatch(new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} \\d+(\\.\\d+)?$`, 'm'));
    }
    expect(text).toContain('# TYPE dle_scan_duration_seconds histogram');
    expect(text).toContain('process_cpu_user_seconds_total');
    // ids never become labels: the route is the pattern
    expect(text).not.toContain('/api/v1/agencies/BCA');
  });

  it('echoes X-Correlation-Id and stores it in the metadata of the events the command appended', async () => {
    const res = await t
      .as('coordinator')
      .post(`${API}/agencies`, agencyBody('BTC', 'Bộ Tài chính'))
      .set('X-Correlation-Id', 'req-7f3a.test:1')
      .expect(201);
    expect(res.headers['x-correlation-id']).toBe('req-7f3a.test:1');
    const rows = await t.sql(
      `SELECT metadata->>'correlationId' AS id FROM events WHERE stream_id LIKE '%BTC%' AND type = 'AgencyRegistered'`,
    );
    expect(rows).toEqual([{ id: 'req-7f3a.test:1' }]);
  });

  it('makes a correlation id when none (or an unusable one) is given, and uses it for the events too', async () => {
    const res = await t
      .as('coordinator')
      .post(`${API}/agencies`, agencyBody('BNV', 'Bộ Nội vụ'))
      .set('X-Correlation-Id', 'bad id\twith spaces')
      .expect(201);
    const id = res.headers['x-correlation-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await t.sql(`SELECT metadata->>'correlationId' AS id FROM events WHERE stream_id LIKE '%BNV%'`);
    expect(rows).toEqual([{ id }]);
    // early answers (before routing) carry one as well
    const bad = await request(t.app.getHttpServer())
      .post(`${API}/agencies`)
      .set('Content-Type', 'application/json')
      .send('{"code":')
      .expect(400);
    expect(bad.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports health in the established shape, with SMTP and the scanner', async () => {
    const res = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      checks: {
        database: { status: 'up' },
        redis: { status: 'up' },
        projector: { status: 'up', behind: expect.any(Number) },
        smtp: { status: 'up', kind: 'outbox' },
        scanner: { status: expect.stringMatching(/^(up|unknown)$/) },
        worker: { status: 'up' },
      },
    });
    const alias = await request(t.app.getHttpServer()).get('/api/v1/health').expect(200);
    expect(alias.body.checks.database.status).toBe('up');
  });

  it("shows the scanner's last pass once the scanner reports it, and a failed pass as degraded", async () => {
    const unregister = registerScanner({ intervalMs: 60_000, isLeader: () => true });
    try {
      await observeScan(async () => ({ issued: 0 }));
      let res = await request(t.app.getHttpServer()).get('/health').expect(200);
      expect(res.body.checks.scanner).toMatchObject({
        status: 'up',
        role: 'leader',
        intervalMs: 60_000,
        lastRun: { ok: true, durationMs: expect.any(Number) },
      });
      await expect(observeScan(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      res = await request(t.app.getHttpServer()).get('/health').expect(200);
      expect(res.body.status).toBe('degraded');
      expect(res.body.checks.scanner).toMatchObject({ status: 'down', lastRun: { ok: false } });
      const metrics = await request(t.app.getHttpServer()).get('/metrics').expect(200);
      expect(metrics.text).toMatch(/^dle_scan_duration_seconds_count\{outcome="ok"\} 1$/m);
      expect(metrics.text).toMatch(/^dle_scan_duration_seconds_count\{outcome="error"\} 1$/m);
    } finally {
      unregister();
      resetScannerStatus();
    }
  });

  it('lists the queues for admins only', async () => {
    const res = await t.as('admin').get(`${API}/admin/queues`).expect(200);
    expect(res.body.queues).toEqual([
      expect.objectContaining({
        name: 'notices',
        prefix,
        paused: false,
        depth: expect.any(Number),
        counts: expect.objectContaining({ waiting: expect.any(Number), failed: expect.any(Number) }),
        recentFailures: expect.any(Array),
      }),
    ]);
    for (const who of ['coordinator', 'auditor', 'bca'] as const) await t.as(who).get(`${API}/admin/queues`).expect(403);
    await request(t.app.getHttpServer()).get(`${API}/admin/queues`).expect(401);
  });
});

describe('health of an API started without a worker', () => {
  let t: TestApp;
  const prefix = uniquePrefix('obs-noworker');
  const apiOnly: INestApplication[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { ...quiet, QUEUE_PREFIX: prefix } });
  });
  afterAll(async () => {
    for (const app of apiOnly) await app.close();
    await t?.close();
    await deleteQueueKeys(prefix);
  });

  async function startApiOnly(schema: string): Promise<INestApplication> {
    const config = loadConfig({
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'dle-noworker-')),
      QUEUE_PREFIX: prefix,
      ...quiet,
    });
    const app = await createApiApp(config, { withWorker: false });
    app.useLogger(['error']);
    await app.init();
    apiOnly.push(app);
    return app;
  }

  it('says degraded and how to start one when no worker holds the projector and scanner locks', async () => {
    const schema = `e2e_noworker_${Date.now().toString(36)}`;
    const app = await startApiOnly(schema);
    try {
      const res = await request(app.getHttpServer()).get('/health').expect(200);
      expect(res.body.status).toBe('degraded');
      expect(res.body.checks.worker).toEqual({
        status: 'down',
        error: expect.stringMatching(/no worker process holds the projector and scanner lock: start one \(npm run start:worker\)/),
      });
    } finally {
      await t.sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });

  it("says up when a worker process elsewhere leads the same store (the test app's worker)", async () => {
    const app = await startApiOnly(t.schema);
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body.checks.worker).toEqual({ status: 'up', detail: 'a worker process holds the projector and scanner locks' });
  });
});

describe('health with an SMTP server that does not answer', () => {
  let t: TestApp;
  const prefix = uniquePrefix('obs-smtp');

  beforeAll(async () => {
    t = await startTestApp({ env: { ...quiet, QUEUE_PREFIX: prefix, SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` } });
  });
  afterAll(async () => {
    await t?.close();
    await deleteQueueKeys(prefix);
  });

  it('stays 200 but says degraded, naming SMTP (notices wait and are retried)', async () => {
    const res = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'degraded',
      checks: { database: { status: 'up' }, redis: { status: 'up' }, smtp: { status: 'down', kind: 'smtp' } },
    });
    expect(JSON.stringify(res.body)).not.toContain('127.0.0.1');
  });
});

describe('JSON logs', () => {
  function capture() {
    const lines: Record<string, any>[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    return { lines, logger: createLogger({ LOG_LEVEL: 'info' }, stream) };
  }

  it('logs each request as one JSON line with its correlation id and without credentials', async () => {
    const { lines, logger } = capture();
    const app = express();
    app.use(assignCorrelationId);
    app.use(pinoHttp(loggerParams(logger).pinoHttp as object));
    app.use(correlationScope);
    app.get('/api/v1/things', (req, res) => {
      (req as any).log.info('inside the handler');
      res.json({ ok: true });
    });
    await request(app)
      .get('/api/v1/things?access_token=s3cr3t-value&page=2')
      .set('Authorization', 'Bearer very-secret-token')
      .set('Cookie', 'session=abc')
      .set('X-Correlation-Id', 'corr-42')
      .expect(200);
    const text = JSON.stringify(lines);
    expect(text).not.toContain('very-secret-token');
    expect(text).not.toContain('s3cr3t-value');
    expect(text).not.toContain('session=abc');
    const completed = lines.find((l) => l.msg === 'request completed');
    expect(completed).toMatchObject({
      level: 'info',
      correlationId: 'corr-42',
      req: { method: 'GET', url: '/api/v1/things?access_token=***&page=2' },
      res: { statusCode: 200 },
    });
    expect(lines.find((l) => l.msg === 'inside the handler')).toMatchObject({ correlationId: 'corr-42' });
  });

  it('removes passwords in URLs and redacts secret fields in any log line', () => {
    const { lines, logger } = capture();
    logger.warn('cannot reach Redis at redis://:hunter2@cache.internal:6379 or postgres://app:pa55@db/dle');
    logger.info({ password: 'p', token: 't', AUTH_TOKENS: '[...]', config: { password: 'x' } }, 'settings');
    expect(lines[0].msg).toBe('cannot reach Redis at redis://:***@cache.internal:6379 or postgres://app:***@db/dle');
    expect(lines[1]).toMatchObject({
      password: '[redacted]',
      token: '[redacted]',
      AUTH_TOKENS: '[redacted]',
      config: { password: '[redacted]' },
    });
    expect(scrubSecrets('smtps://mailer:Pass%40word@smtp.gov.vn:465?x=1')).toBe('smtps://mailer:***@smtp.gov.vn:465?x=1');
    expect(scrubSecrets('GET /api/v1/auth/oidc/callback?code=abc123&state=xyz')).toBe('GET /api/v1/auth/oidc/callback?***');
  });
});

/** A local port with nothing listening (connection refused at once). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
