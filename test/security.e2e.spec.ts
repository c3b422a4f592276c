/**
 * The security edge: helmet headers, CORS off unless configured, the rate limit (429 in the API's
 * error shape, per token, /health and /metrics exempt), hashed tokens (AUTH_TOKENS_FILE with
 * `tokenSha256` entries made by `npm run cli -- token create`), configuration errors in one line,
 * and error bodies without stacks or SQL.
 */
import { Command } from 'commander';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import request from 'supertest';
import { ConfigError, loadConfig } from '@app/platform';
import { TokenRegistry } from '../apps/api/src/auth/token-registry';
import { createToken, hashToken, printCreatedToken, registerTokenCommands } from '../apps/cli/src/token.command';
import { TOKENS, TestApp, agencyBody, startTestApp } from './support/test-app';
import { API, deleteQueueKeys, uniquePrefix } from './support/worker-process-helpers';

const quiet = { SCAN_INTERVAL_MS: '3600000' };

describe('default edge: helmet on, CORS off, no internals in errors', () => {
  let t: TestApp;
  const prefix = uniquePrefix('sec');

  beforeAll(async () => {
    t = await startTestApp({ env: { ...quiet, QUEUE_PREFIX: prefix } });
  });
  afterAll(async () => {
    await t?.close();
    await deleteQueueKeys(prefix);
  });

  it('sends helmet headers on API answers, /health and the OpenAPI page, and no X-Powered-By', async () => {
    const server = t.app.getHttpServer();
    for (const res of [
      await t.as('admin').get(`${API}/agencies`).expect(200),
      await request(server).get('/health').expect(200),
      await request(server).get('/api/docs').expect(200),
    ]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toBeDefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('answers no CORS headers by default, to simple and preflight requests', async () => {
    const server = t.app.getHttpServer();
    const simple = await request(server)
      .get(`${API}/agencies`)
      .set('Origin', 'https://evil.example')
      .set('Authorization', `Bearer ${TOKENS.admin}`)
      .expect(200);
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(server)
      .options(`${API}/agencies`)
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('keeps stacks, SQL and internals out of error bodies', async () => {
    const server = t.app.getHttpServer();
    const answers = [
      await request(server)
        .post(`${API}/agencies`)
        .set('Authorization', `Bearer ${TOKENS.admin}`)
        .set('Content-Type', 'application/json')
        .send('{"code": "X",'),
      await request(server).get(`${API}/no-such-thing`).set('Authorization', `Bearer ${TOKENS.admin}`),
      await t.as('admin').get(`${API}/tasks/${'%27%3B%20DROP%20TABLE%20events%3B--'}`),
      await t.as('admin').get(`${API}/tasks?dueFrom=${encodeURIComponent("2026-01-01' OR 1=1 --")}`),
    ];
    for (const res of answers) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) } });
      expect(res.text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+|SELECT |INSERT |relation "|syntax error/);
    }
  });
});

describe('rate limit, CORS allow-list and hashed tokens', () => {
  let t: TestApp;
  const prefix = uniquePrefix('sec-rl');
  const dir = mkdtempSync(path.join(tmpdir(), 'dle-sec-'));
  const coordinator = createToken({ role: 'coordinator', name: 'Văn phòng Chính phủ (hashed)' });
  const officer = createToken({ role: 'agency', agency: 'BCA', name: 'Cán bộ BCA (hashed)' });

  beforeAll(async () => {
    const file = path.join(dir, 'tokens.json');
    writeFileSync(file, JSON.stringify([coordinator.entry, officer.entry]));
    t = await startTestApp({
      env: {
        ...quiet,
        QUEUE_PREFIX: prefix,
        AUTH_TOKENS_FILE: file,
        CORS_ORIGINS: 'https://portal.example.gov.vn',
        RATE_LIMIT_MAX: '5',
        RATE_LIMIT_WINDOW_MS: '60000',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await deleteQueueKeys(prefix);
  });

  const bearer = (token: string) => `Bearer ${token}`;

  it('admits a token known only by its SHA-256 and records its name as the actor', async () => {
    const server = t.app.getHttpServer();
    const res = await request(server)
      .post(`${API}/agencies`)
      .set('Authorization', bearer(coordinator.token))
      .send(agencyBody('BCA', 'Bộ Công an'))
      .expect(201);
    const rows = await t.sql(`SELECT metadata->'actor' AS actor FROM events WHERE position = $1`, [res.body.position]);
    expect(rows[0].actor).toEqual({ role: 'coordinator', name: 'Văn phòng Chính phủ (hashed)' });
    await request(server).get(`${API}/agencies`).set('Authorization', bearer(officer.token)).expect(200);
    // the digest itself is not a token
    await request(server).get(`${API}/agencies`).set('Authorization', bearer(officer.entry.tokenSha256)).expect(401);
  });

  it('allows the configured origin only', async () => {
    const server = t.app.getHttpServer();
    const ok = await request(server)
      .options(`${API}/tasks`)
      .set('Origin', 'https://portal.example.gov.vn')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://portal.example.gov.vn');
    expect(ok.headers['access-control-allow-headers']).toMatch(/Authorization/i);
    const other = await request(server)
      .options(`${API}/tasks`)
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 429 over the limit, per token, with Retry-After and the error shape; /health and /metrics are exempt', async () => {
    const server = t.app.getHttpServer();
    // the officer's token used 1 call above; 4 more reach the limit of 5
    for (let i = 0; i < 4; i++) await request(server).get(`${API}/agencies`).set('Authorization', bearer(officer.token)).expect(200);
    const over = await request(server).get(`${API}/agencies`).set('Authorization', bearer(officer.token)).expect(429);
    expect(over.body).toEqual({ error: { code: 'too_many_requests', message: expect.stringContaining('Retry-After'), details: [] } });
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // another token has its own budget
    await t.as('auditor').get(`${API}/agencies`).expect(200);
    for (let i = 0; i < 8; i++) {
      await request(server).get('/health').expect(200);
      await request(server).get('/metrics').expect(200);
    }
  });

  it('limits guessing: unknown tokens count against the client address', async () => {
    const server = t.app.getHttpServer();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (
          await request(server)
            .get(`${API}/agencies`)
            .set('Authorization', bearer(`guess-${i}-xxxxxxxx`))
        ).status,
      );
    // the digest tried above already counted against this address
    const refused = statuses.filter((s) => s === 401).length;
    expect(refused).toBeGreaterThanOrEqual(3);
    expect(refused).toBeLessThanOrEqual(5);
    expect(statuses).toEqual([...Array(refused).fill(401), ...Array(7 - refused).fill(429)]);
  });
});

describe('tokens', () => {
  it('creates a random token once and an AUTH_TOKENS entry holding only its SHA-256', () => {
    const a = createToken({ role: 'agency', agency: 'BCA', name: 'Cán bộ BCA' });
    const b = createToken({ role: 'agency', agency: 'BCA', name: 'Cán bộ BCA' });
    expect(a.token).toMatch(/^dle_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.entry).toEqual({
      tokenSha256: createHash('sha256').update(a.token).digest('hex'),
      role: 'agency',
      agency: 'BCA',
      name: 'Cán bộ BCA',
    });
    expect(JSON.stringify(a.entry)).not.toContain(a.token);

    let text = '';
    printCreatedToken(
      a,
      sink((s) => (text += s)),
    );
    expect(text.split(a.token)).toHaveLength(2); // shown exactly once
    expect(text).toContain(JSON.stringify(a.entry));
    let json = '';
    printCreatedToken(
      a,
      sink((s) => (json += s)),
      true,
    );
    expect(JSON.parse(json)).toEqual({ token: a.token, entry: a.entry });

    // the entry is accepted by the configuration and admits exactly that token
    const config = loadConfig({ ...baseEnv(), AUTH_TOKENS: JSON.stringify([a.entry, { token: 'plain-token-0001', role: 'admin' }]) });
    const registry = new TokenRegistry(config.AUTH_TOKENS);
    expect(registry.resolve(a.token)).toEqual({
      id: expect.stringMatching(/^token:[0-9a-f]{20}$/),
      role: 'agency',
      roles: ['agency'],
      agency: 'BCA',
      name: 'Cán bộ BCA',
    });
    expect(registry.resolve('plain-token-0001')).toMatchObject({ role: 'admin' });
    expect(registry.resolve(b.token)).toBeNull();
    expect(registry.resolve(a.entry.tokenSha256)).toBeNull();
  });

  it('refuses bad token options', () => {
    expect(() => createToken({ role: 'root' })).toThrow('--role must be one of admin, coordinator, agency, auditor');
    expect(() => createToken({ role: 'agency' })).toThrow('--agency is required for role agency');
    expect(() => createToken({ role: 'auditor', agency: 'BCA' })).toThrow('--agency is only for role agency');
    expect(() => createToken({ role: 'coordinator', name: 'two\nlines' })).toThrow('--name must be one line');
  });

  it('runs `token create` and `token hash` as CLI commands', async () => {
    let out = '';
    const program = new Command('cli').exitOverride();
    const input = new PassThrough();
    registerTokenCommands(
      program,
      sink((s) => (out += s)),
      input,
    );
    await program.parseAsync(['token', 'create', '--role', 'agency', '--agency', 'BKHCN', '--name', 'Cán bộ', '--json'], { from: 'user' });
    const created = JSON.parse(out);
    expect(created.entry).toEqual({ tokenSha256: hashToken(created.token), role: 'agency', agency: 'BKHCN', name: 'Cán bộ' });
    out = '';
    input.end('plain-token-0001\n');
    await program.parseAsync(['token', 'hash'], { from: 'user' });
    expect(out).toBe(`${hashToken('plain-token-0001')}\n`);
  });
});

describe('configuration errors are one line naming the key, never echoing secrets', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['a bad digest', { AUTH_TOKENS: '[{"tokenSha256":"abc","role":"admin"}]' }, /^configuration: AUTH_TOKENS must be a JSON array/],
    ['a token too short', { AUTH_TOKENS: '[{"token":"short","role":"admin"}]' }, /^configuration: AUTH_TOKENS /],
    [
      'the same token twice',
      {
        AUTH_TOKENS: JSON.stringify([
          { token: 'same-token-0001', role: 'admin' },
          { tokenSha256: hashToken('same-token-0001'), role: 'auditor' },
        ]),
      },
      /^configuration: AUTH_TOKENS has the same token twice/,
    ],
    [
      'an agency token without an agency',
      { AUTH_TOKENS: '[{"token":"same-token-0001","role":"agency","name":"Văn thư"}]' },
      /^configuration: AUTH_TOKENS entry "Văn thư" has role agency but no agency/,
    ],
    [
      'an agency token naming a malformed agency',
      { AUTH_TOKENS: '[{"token":"same-token-0001","role":"agency","agency":"B C A"}]' },
      /^configuration: AUTH_TOKENS entry number 1 names agency "B C A", which may hold only/,
    ],
    ['a missing tokens file', { AUTH_TOKENS_FILE: '/nonexistent/tokens.json' }, /^configuration: AUTH_TOKENS_FILE cannot be read/],
    ['a bad origin', { CORS_ORIGINS: 'portal.example.gov.vn' }, /^configuration: CORS_ORIGINS must be a comma-separated list of origins/],
    ['a bad log level', { LOG_LEVEL: 'loud' }, /^configuration: LOG_LEVEL /],
    ['a negative limit', { RATE_LIMIT_MAX: '-1' }, /^configuration: RATE_LIMIT_MAX /],
  ];

  it.each(cases)('%s', (_name, env, expected) => {
    let error: unknown;
    try {
      loadConfig({ ...baseEnv(), ...env });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
    expect(message).not.toContain('same-token-0001');
  });

  it('reads hashed entries from AUTH_TOKENS_FILE together with AUTH_TOKENS', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dle-cfg-'));
    const file = path.join(dir, 'tokens.json');
    const created = createToken({ role: 'auditor', name: 'Thanh tra' });
    writeFileSync(file, JSON.stringify([created.entry]));
    const config = loadConfig({
      ...baseEnv(),
      AUTH_TOKENS: JSON.stringify([{ token: 'plain-token-0001', role: 'admin' }]),
      AUTH_TOKENS_FILE: file,
    });
    expect(config.AUTH_TOKENS).toEqual([{ token: 'plain-token-0001', role: 'admin' }, created.entry]);
    expect(config).toMatchObject({
      LOG_LEVEL: 'info',
      RATE_LIMIT_MAX: 600,
      RATE_LIMIT_WINDOW_MS: 60000,
      CORS_ORIGINS: [],
      TRUST_PROXY: false,
    });
  });
});

function baseEnv(): Record<string, string> {
  return { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'dle-cfg-')) };
}

function sink(write: (s: string) => void): Writable {
  return new Writable({
    write(chunk, _enc, done) {
      write(chunk.toString('utf8'));
      done();
    },
  });
}
