import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { configPath } from './project-root';

/**
 * The engine's settings: config/engine.yaml, overridden by the environment (api.md
 * "Configuration"). Validated once at start so a wrong value stops the process with one line
 * naming the key, instead of failing later half-started.
 */
const authToken = z.object({
  token: z.string().min(8),
  role: z.enum(['admin', 'coordinator', 'agency', 'auditor']),
  agency: z.string().optional(),
  name: z.string().optional(),
});
export type AuthTokenConfig = z.infer<typeof authToken>;

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  DATA_DIR: z.string().min(1),
  EVENT_STORE: z.enum(['postgres', 'kurrentdb']),
  KURRENTDB_URL: z.string().optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://'),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3),
  SCAN_INTERVAL_MS: z.coerce.number().int().min(100),
  DEADLINE_TIMEZONE: z.string().refine(isTimeZone, 'unknown IANA time zone'),
  DUE_SOON_DAYS: z.coerce.number().int().min(0).max(365),
  MIN_POSITION_WAIT_MS: z.coerce.number().int().min(0).max(60000),
  AUTH_TOKENS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (!raw) return [] as AuthTokenConfig[];
      try {
        return z.array(authToken).parse(JSON.parse(raw));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {token (8+ chars), role, agency?, name?}' });
        return z.NEVER;
      }
    }),
  PUBLIC_URL: z.string().url().optional(),
});

export type AppConfig = Omit<z.infer<typeof schema>, 'PUBLIC_URL'> & { PUBLIC_URL: string };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, file?: string): AppConfig {
  const configFile = file ?? env.CONFIG_FILE ?? configPath('engine.yaml');
  const fromFile = readYaml(configFile);
  const merged: Record<string, unknown> = { ...fromFile };
  for (const key of Object.keys(schema.shape)) {
    if (env[key] !== undefined && env[key] !== '') merged[key] = env[key];
  }
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // Never echo the value: AUTH_TOKENS and URLs carry secrets.
    throw new ConfigError(`configuration: ${issue.path.join('.') || 'file'} ${issue.message}`);
  }
  const config = parsed.data;
  if (config.EVENT_STORE === 'kurrentdb' && !config.KURRENTDB_URL) {
    throw new ConfigError('configuration: KURRENTDB_URL is required when EVENT_STORE is kurrentdb');
  }
  return { ...config, PUBLIC_URL: config.PUBLIC_URL ?? `http://localhost:${config.PORT}` };
}

function readYaml(file: string): Record<string, unknown> {
  try {
    const parsed = parseYaml(readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch (error) {
    throw new ConfigError(`configuration: cannot read ${file} (${(error as Error).message})`);
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const APP_CONFIG = Symbol('APP_CONFIG');
