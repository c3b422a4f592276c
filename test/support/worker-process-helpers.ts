import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import request from 'supertest';
import { NoticeQueue, type RetryPolicy } from '@app/escalation';
import { ReadModelWaiter } from '@app/platform';
import { ScannerService } from '@app/runtime';
import { TOKENS, TestApp } from './test-app';

export const API = '/api/v1';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A BullMQ key prefix no other suite uses (QUEUE_PREFIX allows letters, digits, _ and -). */
export const uniquePrefix = (label: string): string => `t-${label}-${randomBytes(4).toString('hex')}`;

/** Deletes every Redis key under a queue prefix: the end of a suite, or a "flushed Redis" of one engine. */
export async function deleteQueueKeys(prefix: string, redisUrl = REDIS_URL): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}

/** Polls until `check` returns a value (not undefined/false) or throws the last failure. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw lastError instanceof Error ? lastError : new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Drives the delivery half of an in-process test app. */
export class DeliveryDriver {
  constructor(readonly t: TestApp) {
    // The test runs every pass itself (scanAt); an automatic one would race it.
    t.app.get(ScannerService).setAutomatic(false);
  }

  /**
   * Waits until the read models hold every event appended so far. Patient (30 s): the feed only
   * shows transactions older than the database's oldest open one, and other suites share the
   * database (a deliberately slow transaction elsewhere holds every projector back).
   */
  async settle(): Promise<void> {
    const [{ max }] = await this.t.sql<{ max: number }>('SELECT coalesce(max(position), 0)::int AS max FROM events');
    await eventually(
      () =>
        this.t.app
          .get(ReadModelWaiter)
          .waitFor(max)
          .then(() => true),
      30_000,
      `read models at position ${max}`,
    );
  }

  /** Moves the clock, lets the projector catch up, and runs one scanner pass. */
  async scanAt(iso: string) {
    this.t.clock.set(iso);
    await this.settle();
    return this.t.app.get(ScannerService).scanOnce(this.t.clock.now());
  }

  setRetry(retry: RetryPolicy): void {
    this.t.app.get(NoticeQueue).retry = retry;
  }

  /** Deletes every rule (the seeded defaults included): each test states the rules it fires. */
  async deleteAllRules(): Promise<void> {
    const { body } = await this.t.as('admin').get(`${API}/reminder-rules`).expect(200);
    const rules: { id: string }[] = Array.isArray(body) ? body : (body.rules ?? body.items ?? []);
    for (const rule of rules) {
      await request(this.t.app.getHttpServer())
        .delete(`${API}/reminder-rules/${rule.id}`)
        .set('Authorization', `Bearer ${TOKENS.admin}`)
        .expect(200);
    }
  }

  async notifications(query = ''): Promise<NotificationJson[]> {
    await this.settle();
    const res = await this.t
      .as('auditor')
      .get(`${API}/notifications${query ? `?${query}` : ''}`)
      .expect(200);
    return res.body.items;
  }

  /** Waits until every notice listed by `query` reached a status other than pending. */
  async settled(query = '', timeoutMs = 15_000): Promise<NotificationJson[]> {
    return eventually(
      async () => {
        const list = await this.notifications(query);
        return list.length > 0 && list.every((n) => n.status !== 'pending') ? list : undefined;
      },
      timeoutMs,
      `notices ${query} to leave pending`,
    );
  }

  async noticeEvents(noticeId: string): Promise<{ type: string; data: any }[]> {
    return this.t.sql('SELECT type, data FROM events WHERE stream_id = $1 ORDER BY version', [`notice-${noticeId}`]);
  }
}

export interface NotificationJson {
  id: string;
  taskIds: string[];
  taskCodes: string[];
  ruleId: string;
  level: number;
  kind: string;
  digest: boolean;
  recipients: { email: string; as: string; name: string | null }[];
  status: 'pending' | 'sent' | 'failed' | 'cancelled' | 'merged';
  mergedInto: string | null;
  merged: string[];
  attempts: number;
  fireAt: string;
  sentAt: string | null;
  messageId: string | null;
  lastError: string | null;
}

/** A rule body of api.md with test defaults. */
export const ruleBody = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  name: `Quy tắc ${id}`,
  enabled: true,
  scope: { sources: [], agencies: [], priorities: [] },
  offset: { amount: 0, unit: 'days' },
  repeat: null,
  recipients: ['assignee'],
  level: 0,
  digest: false,
  sendWindow: { start: '08:00', end: '17:00', workingDaysOnly: true },
  ...overrides,
});
