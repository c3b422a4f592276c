import Redis from 'ioredis';
import { Client } from 'pg';
import type { AppConfig } from '../config/app-config';

export class DependencyError extends Error {}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');

/**
 * A process that cannot reach a configured dependency stops with one clear line naming it and
 * how to start it (api.md), instead of starting half-working.
 */
export async function checkDependencies(config: AppConfig, timeoutMs = 3000): Promise<void> {
  await checkRedis(config.REDIS_URL, timeoutMs);
  if (config.DATABASE_URL) await checkPostgres(config.DATABASE_URL, timeoutMs);
}

export async function checkRedis(url: string, timeoutMs: number): Promise<void> {
  try {
    await pingRedis(url, timeoutMs);
  } catch (error) {
    throw new DependencyError(
      `cannot reach Redis at ${redact(url)} (${(error as Error).message}); start it, e.g. \`redis-server --daemonize yes\`, or set REDIS_URL`,
    );
  }
}

/** One connection, one PING, no retries: rejects when Redis does not answer within `timeoutMs`. */
export async function pingRedis(url: string, timeoutMs: number): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

export async function checkPostgres(url: string, timeoutMs: number): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new DependencyError(
      `cannot reach PostgreSQL at ${redact(url)} (${(error as Error).message}); start it, e.g. \`pg_ctlcluster 15 main start\`, or unset DATABASE_URL to use the embedded store`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
