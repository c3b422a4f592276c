import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DomainError, agencyCode } from '@app/domain';
import { configPath } from './project-root';

/**
 * The engine's settings: config/engine.yaml, overridden by the environment (api.md
 * "Configuration"). Validated once at start so a wrong value stops the process with one line
 * naming the key, instead of failing later half-started.
 */
const tokenIdentity = {
  role: z.enum(['admin', 'coordinator', 'agency', 'auditor']),
  agency: z.string().optional(),
  name: z.string().optional(),
};
/** A token in clear (`token`), or only its SHA-256 (`tokenSha256`, from `npm run cli -- token create`). */
const authToken = z.union([
  z.object({ token: z.string().min(8), ...tokenIdentity }).strict(),
  z.object({ tokenSha256: z.string().regex(/^[0-9a-fA-F]{64}$/), ...tokenIdentity }).strict(),
]);
export type AuthTokenConfig = z.infer<typeof authToken>;
const AUTH_TOKENS_SHAPE = 'must be a JSON array of {token (8+ chars) or tokenSha256 (64 hex digits), role, agency?, name?}';

/** The SHA-256 (hex) a token is known by, whichever way it was configured. */
export function authTokenDigest(entry: AuthTokenConfig): string {
  return 'token' in entry ? createHash('sha256').update(entry.token).digest('hex') : entry.tokenSha256.toLowerCase();
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  /**
   * an owner role for migrations (it owns the event tables); the engine then connects as the
   * user of DATABASE_URL with only reading and appending events (see libs/event-store roles.ts)
   */
  DATABASE_OWNER_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1),
  EVENT_STORE: z.enum(['postgres', 'kurrentdb']),
  KURRENTDB_URL: z.string().optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://'),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3),
  /** the letters' issuing office and signature block (e.g. `VĂN PHÒNG CHÍNH PHỦ`, `TL. BỘ TRƯỞNG, CHỦ NHIỆM`) and contact officer with phone */
  MAIL_OFFICE_NAME: z.string().min(1).optional(),
  MAIL_OFFICE_SIGNER: z.string().min(1).optional(),
  MAIL_OFFICE_CONTACT: z.string().min(1).optional(),
  /** a monitored mailbox for answers (Reply-To); unset, letters ask not to be answered */
  MAIL_REPLY_TO: z.string().email().optional(),
  SCAN_INTERVAL_MS: z.coerce.number().int().min(100),
  DEADLINE_TIMEZONE: z.string().refine(isTimeZone, 'unknown IANA time zone'),
  DUE_SOON_DAYS: z.coerce.number().int().min(0).max(365),
  /** required: an agency officer's completion is a report a coordinator accepts or returns; off: it counts at once */
  COMPLETION_CONFIRMATION: z.enum(['required', 'off']).default('required'),
  /** the largest evidence file a task takes, in MB */
  ATTACHMENT_MAX_MB: z.coerce.number().int().min(1).max(100).default(20),
  /** where evidence files are kept: in PostgreSQL (the engine's own database) or under DATA_DIR/attachments */
  ATTACHMENT_STORE: z.enum(['database', 'disk']).default('database'),
  /** "trước ngày D" ends on D-1 when true; by default D is the last day (domain-facts.md) */
  DEADLINE_BEFORE_STRICT: z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .default(false)
    .transform((raw) => raw === true || raw === 'true'),
  MIN_POSITION_WAIT_MS: z.coerce.number().int().min(0).max(60000),
  AUTH_TOKENS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (!raw) return [] as AuthTokenConfig[];
      try {
        return z.array(authToken).parse(JSON.parse(raw));
      } catch {
        ctx.addIssue({ code: 'custom', message: AUTH_TOKENS_SHAPE });
        return z.NEVER;
      }
    }),
  /** a JSON file holding more AUTH_TOKENS entries (hashed ones belong here, out of the environment) */
  AUTH_TOKENS_FILE: z.string().min(1).optional(),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** comma-separated origins allowed to call the API from a browser; unset: CORS off */
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const origins = (raw ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
      const bad = origins.find((o) => o !== '*' && !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(o));
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of origins like https://portal.example.gov.vn (or *)' });
        return z.NEVER;
      }
      return origins;
    }),
  /** requests per RATE_LIMIT_WINDOW_MS per token (or per IP without a known token); 0 turns limiting off */
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** Express `trust proxy` (true, a hop count, or comma-separated addresses/subnets) when behind a reverse proxy */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((raw): boolean | number | string => {
      if (raw === undefined || raw === '' || raw === 'false') return false;
      if (raw === 'true') return true;
      return /^\d+$/.test(raw) ? Number(raw) : raw;
    }),
  /** worker processes: serve GET /metrics on this port (the API serves it on PORT) */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Ed25519 private key (PEM, PKCS#8) that signs anchors: a file, or the PEM itself in ANCHOR_PRIVATE_KEY; never in the database */
  ANCHOR_KEY_FILE: z.string().min(1).optional(),
  ANCHOR_PRIVATE_KEY: z.string().min(1).optional(),
  /** the published public key, for checking anchors where the private key is not (an auditor's machine) */
  ANCHOR_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  /** where anchors are appended as JSON lines (default DATA_DIR/anchors.jsonl) */
  ANCHOR_FILE: z.string().min(1).optional(),
  /** auditors' addresses (comma-separated): each scheduled anchor is also emailed to them, a copy outside the engine's reach */
  ANCHOR_EMAILS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const emails = (raw ?? '')
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
      if (emails.some((e) => !/^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/.test(e))) {
        ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of email addresses' });
        return z.NEVER;
      }
      return emails;
    }),
  /** hours between automatic anchors when a key is set (0: only on demand) */
  ANCHOR_INTERVAL_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 31)
    .default(24),
  /**
   * PostgreSQL time-outs, so a database that stops answering costs seconds, not minutes: opening a
   * connection (or waiting for a free one); the server-side statement_timeout (runaway statements);
   * and how long a query waits before the engine asks the server on a fresh connection whether it
   * is alive at all: a server that does not answer gets the query failed (503), a busy one is left
   * to finish. 0 turns one off.
   */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(3000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  DB_QUERY_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(3000),
  /**
   * The webhook channel (libs/escalation/src/channels/webhook): a JSON array (or a YAML list in
   * the config file) of `{ agency | rule | name, url, secretEnv }`; each notice of that agency or
   * rule is also POSTed, signed with the secret held in the environment variable `secretEnv`. A
   * `name`d target receives the notices of the rules that list it in their `webhooks`.
   */
  NOTICE_WEBHOOKS: z
    .preprocess(
      (raw) => {
        if (typeof raw !== 'string') return raw;
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          return raw; // reported below as "expected array"
        }
      },
      z.array(
        z
          .object({
            agency: z.string().min(1).optional(),
            rule: z.string().min(1).optional(),
            /** a target rules choose by name (their `webhooks` list), e.g. `bca-chat` */
            name: z
              .string()
              .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'name must be lower-case letters, digits and -')
              .optional(),
            url: z.string().regex(/^https?:\/\/[^\s]+$/, 'url must start with http:// or https://'),
            secretEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'secretEnv must name an environment variable (A-Z, 0-9, _)'),
          })
          .strict()
          .refine(
            (r) => [r.agency, r.rule, r.name].filter((v) => v !== undefined).length === 1,
            'each webhook names exactly one of agency, rule or name',
          ),
      ),
    )
    .default([]),
  /**
   * People and sign-in (api.md "People and sign-in"). The session cookie is signed with
   * SESSION_SECRET (else a random secret kept in DATA_DIR/session-secret, mode 600); sessions end
   * after SESSION_IDLE_MINUTES without a request and SESSION_ABSOLUTE_HOURS after sign-in.
   */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 31)
    .default(12),
  /**
   * Acknowledgement links of escalation letters (api.md "Notifications"): signed with ACK_SECRET
   * (else derived from SESSION_SECRET, else a random one kept in DATA_DIR/ack-secret), valid
   * ACK_TTL_DAYS after the letter is sent.
   */
  ACK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * Encrypts the second-factor (TOTP) secrets at rest; else derived from the session secret. Set
   * it when SESSION_SECRET may be rotated: changing the key makes enrolled authenticators unusable.
   */
  TOTP_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  ACK_TTL_DAYS: z.coerce.number().int().min(1).max(366).default(14),
  /** hours an invitation link works; a password-reset link works PASSWORD_RESET_TTL_MINUTES */
  INVITATION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 31)
    .default(72),
  PASSWORD_RESET_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  /** roles that must sign in with a second factor (TOTP), comma-separated, e.g. "admin,coordinator" */
  TOTP_REQUIRED_ROLES: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const roles = (raw ?? '')
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      if (roles.some((r) => !['admin', 'coordinator', 'agency', 'auditor'].includes(r))) {
        ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of admin, coordinator, agency, auditor' });
        return z.NEVER;
      }
      return roles as ('admin' | 'coordinator' | 'agency' | 'auditor')[];
    }),
  /**
   * Single sign-on with an OpenID Provider (authorization code + PKCE): on when OIDC_ISSUER is
   * set, with OIDC_CLIENT_ID and OIDC_CLIENT_SECRET. People are matched by verified email;
   * unknown emails are refused. OIDC_ALLOW_HTTP only for a provider on the local machine.
   */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_SCOPES: z.string().min(1).default('openid email profile'),
  OIDC_LABEL: z.string().min(1).max(80).default('Đăng nhập một lần (SSO)'),
  OIDC_ALLOW_HTTP: z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .default(false)
    .transform((raw) => raw === true || raw === 'true'),
  /** how long SIGTERM waits for requests in flight before closing them */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
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
  if (config.OIDC_ISSUER && (!config.OIDC_CLIENT_ID || !config.OIDC_CLIENT_SECRET)) {
    throw new ConfigError('configuration: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are required when OIDC_ISSUER is set');
  }
  if (config.EVENT_STORE === 'kurrentdb' && !config.KURRENTDB_URL) {
    throw new ConfigError('configuration: KURRENTDB_URL is required when EVENT_STORE is kurrentdb');
  }
  const tokens = [...config.AUTH_TOKENS, ...(config.AUTH_TOKENS_FILE ? readTokensFile(config.AUTH_TOKENS_FILE) : [])];
  const checked = tokens.map(checkAgencyToken);
  const digests = tokens.map(authTokenDigest);
  if (new Set(digests).size !== digests.length) {
    throw new ConfigError('configuration: AUTH_TOKENS has the same token twice (AUTH_TOKENS and AUTH_TOKENS_FILE together)');
  }
  return { ...config, AUTH_TOKENS: checked, PUBLIC_URL: config.PUBLIC_URL ?? `http://localhost:${config.PORT}` };
}

/**
 * An `agency` token reads and writes only its agency's tasks, so it must name a well-formed
 * agency: without one it would be an officer of nowhere. One line naming the entry (by its name,
 * else its place), never the token. The code is kept normalised, as tasks store it.
 */
function checkAgencyToken(entry: AuthTokenConfig, index: number): AuthTokenConfig {
  if (entry.role !== 'agency') return entry;
  const which = entry.name ? `"${entry.name}"` : `number ${index + 1}`;
  if (entry.agency === undefined || entry.agency.trim() === '') {
    throw new ConfigError(`configuration: AUTH_TOKENS entry ${which} has role agency but no agency; add "agency": "<agency code>"`);
  }
  try {
    return { ...entry, agency: agencyCode(entry.agency, 'agency') };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new ConfigError(
      `configuration: AUTH_TOKENS entry ${which} names agency "${entry.agency}", which ${error.details[0]?.message ?? 'is not an agency code'}`,
    );
  }
}

function readTokensFile(file: string): AuthTokenConfig[] {
  let raw: string;
  try {
    raw = readFileSync(path.resolve(file), 'utf8');
  } catch (error) {
    throw new ConfigError(`configuration: AUTH_TOKENS_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return z.array(authToken).parse(JSON.parse(raw));
  } catch {
    // Never echo the content: it may hold tokens in clear.
    throw new ConfigError(`configuration: AUTH_TOKENS_FILE ${AUTH_TOKENS_SHAPE}`);
  }
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
