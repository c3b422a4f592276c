import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { RedisMemoryServer } from 'redis-memory-server';
import type { AppConfig } from '../config/app-config';
import { DependencyError, checkPostgres, checkRedis, pingRedis } from './check-dependencies';

export interface RedisForEngine {
  url: string;
  /** set when this process started a private Redis: stop it when the process stops */
  stop?: () => Promise<void>;
}

export interface EnsureRedisOptions {
  /** REDIS_URL was given by the operator (environment or a custom CONFIG_FILE): never start one */
  explicit: boolean;
  log: (line: string) => void;
  timeoutMs?: number;
}

/** REDIS_URL is the operator's choice when set in the environment or in a config file of their own. */
export function redisUrlIsExplicit(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.REDIS_URL) || Boolean(env.CONFIG_FILE);
}

/**
 * "Two commands on a fresh machine": with REDIS_URL left at its default and nothing answering
 * there, the engine starts a Redis of its own (the installed redis-server, else one built by
 * redis-memory-server on first use) with its data under DATA_DIR/redis, and stops it on exit.
 * An explicit REDIS_URL that does not answer stops the process instead, as before.
 */
export async function ensureRedis(config: AppConfig, options: EnsureRedisOptions): Promise<RedisForEngine> {
  const timeoutMs = options.timeoutMs ?? 3000;
  if (options.explicit) {
    await checkRedis(config.REDIS_URL, timeoutMs);
    return { url: config.REDIS_URL };
  }
  if (await answers(config.REDIS_URL, timeoutMs)) return { url: config.REDIS_URL };
  const dir = path.resolve(config.DATA_DIR, 'redis');
  mkdirSync(dir, { recursive: true });
  const systemBinary = findRedisServer();
  const server = new RedisMemoryServer({
    autoStart: false,
    // appendonly keeps the queue's jobs across restarts of the engine, as a configured Redis would
    instance: { ip: '127.0.0.1', args: ['--dir', dir, '--appendonly', 'yes', '--save', ''] },
    binary: systemBinary ? { systemBinary } : { downloadDir: path.join(dir, 'binary') },
  });
  try {
    await server.start();
  } catch (error) {
    throw new DependencyError(
      `no Redis at the default REDIS_URL and a private one could not start (${(error as Error).message}); install redis-server or set REDIS_URL`,
    );
  }
  const url = `redis://127.0.0.1:${await server.getPort()}`;
  const info = server.getInstanceInfo();
  // A crash skips the graceful path: do not leave the child behind.
  const killOnExit = () => (info ? info.childProcess?.kill('SIGTERM') : undefined);
  process.once('exit', killOnExit);
  options.log(
    `no Redis answered at ${config.REDIS_URL} and REDIS_URL is not set: started a private Redis at ${url} (data in ${dir}, ${systemBinary ?? 'built by redis-memory-server'}); it stops with the engine`,
  );
  return {
    url,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await server.stop();
    },
  };
}

function answers(url: string, timeoutMs: number): Promise<boolean> {
  return pingRedis(url, timeoutMs).then(
    () => true,
    () => false,
  );
}

function findRedisServer(): string | undefined {
  if (process.env.REDISMS_SYSTEM_BINARY) return process.env.REDISMS_SYSTEM_BINARY;
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The single-process start (`npm start`, the demo): Redis as ensureRedis decides, then PostgreSQL
 * when configured. Returns the config pointing at the Redis actually used.
 */
export async function startDependencies(
  config: AppConfig,
  log: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ config: AppConfig; stop: () => Promise<void> }> {
  const redis = await ensureRedis(config, { explicit: redisUrlIsExplicit(env), log });
  try {
    if (config.DATABASE_URL) await checkPostgres(config.DATABASE_URL, 3000);
  } catch (error) {
    await redis.stop?.();
    throw error;
  }
  return { config: { ...config, REDIS_URL: redis.url }, stop: async () => redis.stop?.() };
}
