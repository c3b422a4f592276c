import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { NextFunction, Request, Response, json } from 'express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { Logger as PinoInstance } from 'pino';
import { AppConfig, JsonLogger, loadConfig } from '@app/platform';
import { installHttpEdge } from './admin/http-edge';
import { ROOT_LOGGER } from './admin/operations.module';
import { ApiModule, ApiOptions } from './app.module';
import { installSessions } from './auth/session/session-middleware';
import { inputGuard } from './http/input-guard';
import { sendError } from './http/request-language';
import { correlationScope } from './metrics/correlation.middleware';
import { OPENAPI_DOCS_PATH, buildOpenApiDocument } from './openapi/openapi-document';

export const API_PREFIX = 'api/v1';

/** Body-parser failures answered in the API's error shape (they happen before Nest's filters). */
function bodyErrors(err: { type?: string } | undefined, req: Request, res: Response, next: NextFunction): void {
  if (!err) return next();
  if (err.type === 'entity.parse.failed') {
    sendError(req, res, 400, {
      code: 'malformed_json',
      message: 'the request body is not valid JSON',
      details: [{ field: 'body', message: 'malformed JSON' }],
    });
  } else if (err.type === 'entity.too.large') {
    sendError(req, res, 413, {
      code: 'payload_too_large',
      message: 'the request body is larger than 2 MB',
      details: [{ field: 'body', message: 'too large' }],
    });
  } else {
    sendError(req, res, 400, {
      code: 'bad_request',
      message: 'the request body could not be read',
      details: [{ field: 'body', message: 'unreadable' }],
    });
  }
}

/**
 * Builds the HTTP application (used by main.ts and by the e2e tests). `shutdownHooks: false`
 * leaves signals to the caller (main.ts drains HTTP before closing, see installGracefulShutdown).
 */
export async function createApiApp(
  config: AppConfig,
  options: ApiOptions,
  lifecycle: { shutdownHooks?: boolean } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(ApiModule.forRoot(config, options), { bodyParser: false, abortOnError: false, bufferLogs: true });
  useJsonLogs(app);
  installHttpEdge(app, config);
  // 2 MB lets a 1 MB string reach validation, which names the field; beyond it, 413.
  app.use(json({ limit: '2mb' }));
  app.use(bodyErrors);
  app.use(inputGuard);
  app.use(correlationScope);
  installSessions(app, config);
  routeUnderApiPrefix(app);
  if (lifecycle.shutdownHooks !== false) app.enableShutdownHooks();
  SwaggerModule.setup(OPENAPI_DOCS_PATH, app, buildOpenApiDocument(app));
  return app;
}

/** Every route under /api/v1, except health (also at /api/v1/health) and metrics. */
function routeUnderApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'api/v1/health', 'metrics'] });
}

/**
 * The OpenAPI document without any dependency: in Nest's preview mode the modules are scanned
 * but nothing is instantiated, so nothing connects to PostgreSQL or Redis and nothing is
 * written (the embedded defaults of config/engine.yaml only wire the modules).
 */
export async function createApiDocument(config: AppConfig = loadConfig({})): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ApiModule.forRoot(config, { withWorker: false }), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  routeUnderApiPrefix(app);
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/**
 * Nest logs go through pino (JSON, LOG_LEVEL). A later `app.useLogger(['error'])` (the tests)
 * also sets pino's level, so request logs follow the same choice.
 */
function useJsonLogs(app: INestApplication): void {
  app.useLogger(new JsonLogger(app.get(PinoNestLogger), app.get<PinoInstance>(ROOT_LOGGER)));
}
