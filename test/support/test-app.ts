import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import { ManualClock } from '@app/domain';
import { generateAnchorKeyPair } from '@app/event-store';
import { loadConfig } from '@app/platform';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { keepsContract } from './openapi-contract';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const TOKENS = {
  admin: 'admin-token-0001',
  coordinator: 'coordinator-token-0001',
  auditor: 'auditor-token-0001',
  bca: 'agency-bca-token-0001',
  bkhcn: 'agency-bkhcn-token-0001',
} as const;

const AUTH_TOKENS = JSON.stringify([
  { token: TOKENS.admin, role: 'admin', name: 'Quản trị' },
  { token: TOKENS.coordinator, role: 'coordinator', name: 'Văn phòng Chính phủ' },
  { token: TOKENS.auditor, role: 'auditor', name: 'Thanh tra' },
  { token: TOKENS.bca, role: 'agency', agency: 'BCA', name: 'Cán bộ BCA' },
  { token: TOKENS.bkhcn, role: 'agency', agency: 'BKHCN', name: 'Cán bộ BKHCN' },
]);

export interface TestApp {
  app: INestApplication;
  clock: ManualClock;
  schema: string;
  as(who: keyof typeof TOKENS): {
    get(url: string): request.Test;
    post(url: string, body?: unknown): request.Test;
    put(url: string, body?: unknown): request.Test;
  };
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * The whole API with its worker, in this process, on the machine's real PostgreSQL (a fresh
 * schema per suite) and Redis, with a clock the test moves.
 */
export async function startTestApp(
  options: { now?: string; env?: Record<string, string>; logs?: import('pino').DestinationStream } = {},
): Promise<TestApp> {
  const schema = `e2e_${randomBytes(6).toString('hex')}`;
  const clock = new ManualClock(new Date(options.now ?? '2026-01-05T09:00:00+07:00'));
  const config = loadConfig({
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'dle-e2e-')),
    AUTH_TOKENS,
    // Suites make hundreds of calls a minute; the rate limit has its own suite.
    RATE_LIMIT_MAX: '0',
    // Each suite its own BullMQ keys, so one suite's worker never takes another's jobs.
    QUEUE_PREFIX: `t${schema}`,
    // Anchors are signed with a key of the suite's own, kept in memory only.
    ANCHOR_PRIVATE_KEY: generateAnchorKeyPair().privateKeyPem,
    ANCHOR_INTERVAL_HOURS: '0',
    // An officer's completion counts at once in suites about other things; the confirmation
    // workflow (the default, required) has its own suite: completion-confirmation.e2e.spec.ts.
    COMPLETION_CONFIRMATION: 'off',
    // Two suites at once on two cores can hold the projector back for seconds: reads made with
    // minPosition wait longer than in production (5 s) before answering 503. The suites about
    // that 503 set their own value.
    MIN_POSITION_WAIT_MS: '20000',
    ...options.env,
  });
  const app = await createApiApp(config, { withWorker: true, clock, logDestination: options.logs });
  // quiet unless a suite captures the logs (then at LOG_LEVEL, info by default)
  if (!options.logs) app.useLogger(['error']);
  await app.init();
  const server = app.getHttpServer();
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`SET search_path = ${schema}`);
  return {
    app,
    clock,
    schema,
    as(who) {
      const auth = `Bearer ${TOKENS[who]}`;
      // Every answer is held against the OpenAPI document (the contract test, openapi-contract.ts).
      // Suites assert error messages in English, the words they are raised in; the default
      // (Vietnamese) and the catalogue have their own suite (error-language.e2e.spec.ts).
      const call = (method: 'get' | 'post' | 'put', url: string) =>
        request(server)[method](url).set('Authorization', auth).set('Accept-Language', 'en').expect(keepsContract(method, url));
      return {
        get: (url) => call('get', url),
        post: (url, body) => call('post', url).send(body as object),
        put: (url, body) => call('put', url).send(body as object),
      };
    },
    async sql(text, params) {
      return (await admin.query(text, params as unknown[])).rows;
    },
    async close() {
      await app.close();
      await deleteQueueKeys(config.QUEUE_PREFIX, config.REDIS_URL);
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}

async function deleteQueueKeys(prefix: string, redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export const agencyBody = (code: string, name: string) => ({
  code,
  name,
  kind: 'ministry',
  head: { name: `Thủ trưởng ${code}`, title: 'Bộ trưởng', email: `head@${code.toLowerCase()}.example.org` },
});

export const taskBody = (overrides: Record<string, unknown> = {}) => ({
  code: 'NQ71-012',
  title: 'Xây dựng Cơ sở dữ liệu quốc gia về khoa học, công nghệ và đổi mới sáng tạo',
  description: 'Hoàn thành xây dựng và đưa vào vận hành cơ sở dữ liệu quốc gia',
  source: { kind: 'resolution', ref: '71/NQ-CP', issuedOn: '2025-04-01' },
  leadAgency: 'BCA',
  coordinatingAgencies: ['BKHCN'],
  assignee: { name: 'Nguyễn Văn An', email: 'an.nguyen@bca.example.org' },
  deliverable: 'Cơ sở dữ liệu vận hành',
  approver: 'Thủ tướng Chính phủ',
  deadline: 'Q1/2026',
  priority: 'high',
  ...overrides,
});
