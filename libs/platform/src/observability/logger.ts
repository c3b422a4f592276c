import type { IncomingMessage } from 'node:http';
import pino, { Logger as PinoInstance, LevelWithSilent } from 'pino';
import { Logger as PinoNestLogger, Params, PinoLogger } from 'nestjs-pino';
import { LogLevel, LoggerService, RequestMethod } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { correlationContext } from './correlation';

/**
 * Structured JSON logs (pino, through nestjs-pino): one line per event, every line of a request
 * or job carrying its `correlationId`, nothing secret in them.
 */

/** Paths pino blanks out wherever they appear (defence in depth: the serializers keep headers out). */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'authorization',
  'password',
  'token',
  'tokenSha256',
  'AUTH_TOKENS',
  '*.authorization',
  '*.password',
  '*.token',
  '*.AUTH_TOKENS',
];

/** `scheme://user:secret@host` → `scheme://user:***@host`, in any text. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]+@/gi;
/** `?token=…`, `&password=…` and the like in query strings. */
const SECRET_PARAMS = /([?&](?:[^=&\s]*(?:token|password|passwd|secret|api[_-]?key|auth)[^=&\s]*)=)[^&\s#]*/gi;

/** The single sign-on callback's query: an authorization code and state, secrets until used. */
const OIDC_CALLBACK = /(\/auth\/oidc\/callback\?)[^\s"#]*/gi;

/** A letter's acknowledgement link carries its signed token in the path. */
const ACK_LINK = /(\/acknowledgements\/)[^\s"?#/]+/gi;

/** Removes passwords in URLs, secret query parameters and link tokens in paths from a text. */
export function scrubSecrets(text: string): string {
  return text
    .replace(URL_CREDENTIALS, '$1:***@')
    .replace(SECRET_PARAMS, '$1***')
    .replace(OIDC_CALLBACK, '$1***')
    .replace(ACK_LINK, '$1***');
}

/** The process logger: JSON on stdout at LOG_LEVEL. */
export function createLogger(config: Pick<AppConfig, 'LOG_LEVEL'>, destination?: pino.DestinationStream): PinoInstance {
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { pid: process.pid, service: 'deadline-engine' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT, censor: '[redacted]' },
      // Inside a job or scanner pass (not a request: the request logger binds the id itself).
      mixin: () => {
        const context = correlationContext();
        return context && !context.http ? { correlationId: context.correlationId } : {};
      },
      hooks: {
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) {
            if (typeof args[i] === 'string') args[i] = scrubSecrets(args[i] as string);
          }
          return method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

type Req = IncomingMessage & { id?: string; actor?: { role: string; name: string; agency?: string }; originalUrl?: string };

const QUIET_PATHS = /^\/(health|metrics|api\/v1\/health)(\?|$)/;

/** nestjs-pino parameters: request logs with the correlation id, route-level levels, no headers. */
export function loggerParams(logger: PinoInstance): Params {
  return {
    // Express 5 / path-to-regexp 8 wildcard (nestjs-pino's default `*` makes Nest warn).
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      logger,
      // The correlation middleware (bootstrap) set req.id from X-Correlation-Id already.
      genReqId: (req) => (req as Req).id ?? 'unknown',
      customAttributeKeys: { reqId: 'correlationId', responseTime: 'durationMs' },
      quietReqLogger: true,
      // Scrapes and probes every few seconds would drown everything else.
      autoLogging: { ignore: (req) => QUIET_PATHS.test((req as Req).originalUrl ?? req.url ?? '') },
      customLogLevel: (_req, res, error) => {
        if (error || res.statusCode >= 500) return 'error';
        if (res.statusCode === 401 || res.statusCode === 403 || res.statusCode === 429) return 'warn';
        return 'info';
      },
      customProps: (req) => {
        const actor = (req as Req).actor;
        return actor ? { actor: { role: actor.role, name: actor.name, ...(actor.agency ? { agency: actor.agency } : {}) } } : {};
      },
      serializers: {
        req: (req: { method?: string; url?: string; remoteAddress?: string; headers?: Record<string, string> }) => ({
          method: req.method,
          url: scrubSecrets(req.url ?? ''),
          remoteAddress: req.remoteAddress,
          userAgent: req.headers?.['user-agent'],
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}

const NEST_TO_PINO: Record<LogLevel, LevelWithSilent> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};
const ORDER: LevelWithSilent[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** The pino level matching a Nest level list (`['error']` → error, `[]` → silent). */
export function pinoLevelFor(levels: LogLevel[]): LevelWithSilent {
  const mapped = levels.map((l) => NEST_TO_PINO[l]).filter(Boolean);
  return mapped.length ? mapped.reduce((a, b) => (ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b)) : 'silent';
}

/**
 * The Nest logger of a process: nestjs-pino's, plus `setLogLevels`, so `app.useLogger(['error'])`
 * (the tests) also quiets pino, request logs included, instead of being ignored.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly inner: PinoNestLogger,
    private readonly pino: PinoInstance,
  ) {}

  log(message: unknown, ...params: unknown[]): void {
    this.inner.log(message, ...params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.inner.error(message, ...params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.inner.warn(message, ...params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.inner.debug(message, ...params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.inner.verbose(message, ...params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.inner.fatal(message, ...params);
  }

  setLogLevels(levels: LogLevel[]): void {
    const level = pinoLevelFor(levels);
    this.pino.level = level;
    // pino-http's logger is a child made at init; it keeps the level it was born with.
    const root = (PinoLogger as unknown as { root?: PinoInstance }).root;
    if (root) root.level = level;
  }
}
