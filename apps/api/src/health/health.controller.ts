import { Controller, Get, HttpStatus, Inject, OnModuleDestroy, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SkipThrottle } from '@nestjs/throttler';
import Redis from 'ioredis';
import * as path from 'node:path';
import { createMailTransport, leaderLockHeld } from '@app/escalation';
import { EVENT_STORE, EventStore, SqlDatabase } from '@app/event-store';
import { APP_CONFIG, AppConfig, SQL_DATABASE, scannerHealth } from '@app/platform';
import { loadCheckpoint } from '@app/projections';
import { Public } from '../auth/auth.guard';
import { ApiErrors } from '../openapi/api-errors';
import { Health } from './health.schemas';

/** true when the worker (projector, scanner, mail) runs in this API process (`--with-worker`) */
export const WORKER_IN_PROCESS = Symbol('WORKER_IN_PROCESS');

type Check = { status: 'up' | 'down'; error?: string; [k: string]: unknown };

/** An SMTP check opens a connection: at most one per this period, whatever the probe rate. */
const SMTP_CHECK_CACHE_MS = 10_000;

/**
 * Each dependency's state (api.md "Operations"): 503 while the database or Redis is down (nothing
 * works without them); a down SMTP server, a failed scan or an unreadable checkpoint make the
 * status `degraded` with 200 (notices wait and are retried; requests still work). `scanner` is
 * `unknown` in a process without a scanner (an API replica of a split deployment); `worker` then
 * says whether a worker process elsewhere holds the projector and scanner locks, so an API
 * started alone (`nest start`, `npm run start:api` without workers) reports `degraded`, not ok.
 */
@ApiTags('operations')
@Controller()
@SkipThrottle()
export class HealthController implements OnModuleDestroy {
  private readonly redis: Redis;
  private smtp: { at: number; result: Promise<Check> } | null = null;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_IN_PROCESS) private readonly workerInProcess: boolean,
  ) {
    this.redis = new Redis(config.REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2000,
    });
    this.redis.on('error', () => undefined);
  }

  @Get(['health', 'api/v1/health'])
  @Public()
  @ApiOperation({ summary: 'Dependency states; 503 while one is down' })
  @ApiResponse({ status: 200, type: Health, description: 'ok, or degraded: requests work, notices wait' })
  @ApiResponse({ status: 503, type: Health, description: 'unavailable: the database or Redis is down' })
  @ApiErrors(400)
  async health(@Res() res: Response) {
    const scanner = scannerHealth();
    // Every check is bounded, so a hung dependency is reported as down within CHECK_BOUND_MS.
    const [database, redis, projector, smtp, worker] = await Promise.all([
      bounded(this.database(), 'database did not answer'),
      bounded(this.redisCheck(), 'redis did not answer'),
      bounded(this.projectorLag(), 'checkpoint unreadable'),
      bounded(this.smtpCheck(), 'SMTP server did not answer'),
      bounded(this.workerCheck(), 'worker state unreadable'),
    ]);
    const ok = database.status === 'up' && redis.status === 'up';
    const degraded = [projector, smtp, scanner, worker].some((c) => c.status === 'down');
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ok ? (degraded ? 'degraded' : 'ok') : 'unavailable',
      checks: { database, redis, projector, smtp, scanner, worker },
    });
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }

  private async database(): Promise<Check> {
    try {
      await withTimeout(this.db.query('SELECT 1'), 2000);
      return { status: 'up', kind: this.db.kind };
    } catch (error) {
      return { status: 'down', error: 'database unreachable' };
    }
  }

  private async redisCheck(): Promise<Check> {
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
      await withTimeout(this.redis.ping(), 2000);
      return { status: 'up' };
    } catch {
      return { status: 'down', error: 'redis unreachable' };
    }
  }

  /** SMTP_URL: the transport's verify (connect, greet, authenticate), cached; the outbox needs no check. */
  private smtpCheck(): Promise<Check> {
    if (!this.config.SMTP_URL) return Promise.resolve({ status: 'up', kind: 'outbox' });
    const now = Date.now();
    if (this.smtp && now - this.smtp.at < SMTP_CHECK_CACHE_MS) return this.smtp.result;
    const transport = createMailTransport({
      smtpUrl: this.config.SMTP_URL,
      outboxDir: path.join(this.config.DATA_DIR, 'outbox'),
      connectionTimeoutMs: 3000,
      greetingTimeoutMs: 3000,
      socketTimeoutMs: 3000,
      maxConnections: 1,
    });
    const result = withTimeout(transport.verify(), 4000)
      .then((): Check => ({ status: 'up', kind: 'smtp' }))
      .catch((): Check => ({ status: 'down', kind: 'smtp', error: 'SMTP server unreachable or refusing' }))
      .finally(() => transport.close().catch(() => undefined));
    this.smtp = { at: now, result };
    return result;
  }

  /** Without a worker nothing is projected, scanned or sent, although every request still works. */
  private async workerCheck(): Promise<Check> {
    if (this.workerInProcess) return { status: 'up', detail: 'runs in this process' };
    const hint = 'start one (npm run start:worker) or run the API with --with-worker (npm start)';
    try {
      const [projector, scanner] = await Promise.all(
        ['projector', 'scanner'].map((role) => withTimeout(leaderLockHeld(this.db, role), 2000)),
      );
      if (projector === undefined) return { status: 'down', error: `no worker: the embedded database serves one process only; ${hint}` };
      const missing = [projector ? null : 'projector', scanner ? null : 'scanner'].filter(Boolean);
      if (missing.length) return { status: 'down', error: `no worker process holds the ${missing.join(' and ')} lock: ${hint}` };
      return { status: 'up', detail: 'a worker process holds the projector and scanner locks' };
    } catch {
      return { status: 'down', error: 'worker state unreadable' };
    }
  }

  private async projectorLag(): Promise<Check> {
    try {
      const [checkpoint, head] = await withTimeout(Promise.all([loadCheckpoint(this.db), this.store.headPosition()]), 2000);
      return { status: 'up', position: checkpoint.cursor.position, head, behind: Math.max(0, head - checkpoint.cursor.position) };
    } catch {
      return { status: 'down', error: 'checkpoint unreadable' };
    }
  }
}

/** The longest a health answer waits for any one check. */
const CHECK_BOUND_MS = 4500;

function bounded(check: Promise<Check>, error: string): Promise<Check> {
  return withTimeout(check, CHECK_BOUND_MS).catch((): Check => ({ status: 'down', error }));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}
