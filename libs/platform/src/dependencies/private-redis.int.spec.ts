import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { loadConfig } from '../config/app-config';
import { DependencyError } from './check-dependencies';
import { ensureRedis, redisUrlIsExplicit } from './private-redis';

/** A port nothing listens on (the shared Redis on 6379 is never touched). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function ping(url: string): Promise<string> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await redis.ping();
  } finally {
    redis.disconnect();
  }
}

describe('a private Redis when REDIS_URL is left at its default and nothing answers', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(path.join(tmpdir(), 'private-redis-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts the installed redis-server under DATA_DIR, says so in one line, and stops it', async () => {
    const port = await deadPort();
    const config = loadConfig({ REDIS_URL: `redis://127.0.0.1:${port}`, DATA_DIR: dataDir });
    const lines: string[] = [];
    const redis = await ensureRedis(config, { explicit: false, log: (line) => lines.push(line), timeoutMs: 500 });
    try {
      expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(redis.url).not.toBe('redis://127.0.0.1:6379');
      expect(await ping(redis.url)).toBe('PONG');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('started a private Redis');
      expect(lines[0]).toContain(path.join(dataDir, 'redis'));
      expect(existsSync(path.join(dataDir, 'redis'))).toBe(true);
    } finally {
      await redis.stop?.();
    }
    await expect(ping(redis.url)).rejects.toThrow();
  });

  it('uses a Redis that answers and starts nothing', async () => {
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', DATA_DIR: dataDir });
    const lines: string[] = [];
    const redis = await ensureRedis(config, { explicit: false, log: (line) => lines.push(line) });
    expect(redis).toEqual({ url: 'redis://127.0.0.1:6379' });
    expect(lines).toEqual([]);
  });

  it('never starts one for an explicit REDIS_URL: the process stops naming it', async () => {
    const port = await deadPort();
    const config = loadConfig({ REDIS_URL: `redis://127.0.0.1:${port}`, DATA_DIR: dataDir });
    await expect(ensureRedis(config, { explicit: true, log: () => undefined, timeoutMs: 500 })).rejects.toThrow(DependencyError);
    await expect(ensureRedis(config, { explicit: true, log: () => undefined, timeoutMs: 500 })).rejects.toThrow(/cannot reach Redis/);
    expect(existsSync(path.join(dataDir, 'redis'))).toBe(false);
  });

  it('counts REDIS_URL or a config file of the operator as explicit', () => {
    expect(redisUrlIsExplicit({})).toBe(false);
    expect(redisUrlIsExplicit({ REDIS_URL: 'redis://cache:6379' })).toBe(true);
    expect(redisUrlIsExplicit({ CONFIG_FILE: '/etc/engine.yaml' })).toBe(true);
  });
});
