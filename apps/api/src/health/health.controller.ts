import { Controller, Get, HttpStatus, Inject, OnModuleDestroy, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import Redis from 'ioredis';
import { EVENT_STORE, EventStore, SqlDatabase } from '@app/event-store';
import { APP_CONFIG, AppConfig, SQL_DATABASE } from '@app/platform';
import { loadCheckpoint } from '@app/projections';
import { Public } from '../auth/auth.guard';

type Check = { status: 'up' | 'down'; error?: string; [k: string]: unknown };

/** Each dependency's state; 503 while one is down (api.md "Operations"). */
@ApiTags('operations')
@Controller()
export class HealthController implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
    this.redis.on('error', () => undefined);
  }

  @Get(['health', 'api/v1/health'])
  @Public()
  @ApiOperation({ summary: 'Dependency states; 503 while one is down' })
  async health(@Res() res: Response) {
    const [database, redis, projector] = await Promise.all([this.database(), this.redisCheck(), this.projectorLag()]);
    const ok = database.status === 'up' && redis.status === 'up';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: ok ? 'ok' : 'unavailable', checks: { database, redis, projector } });
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

  private async projectorLag(): Promise<Check> {
    try {
      const checkpoint = await loadCheckpoint(this.db);
      const { rows } = await this.db.query<{ max: number | null }>(`SELECT max(position) AS max FROM events`);
      const head = Number(rows[0]?.max ?? 0);
      return { status: 'up', position: checkpoint.cursor.position, head, behind: Math.max(0, head - checkpoint.cursor.position) };
    } catch {
      return { status: 'down', error: 'checkpoint unreadable' };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}
