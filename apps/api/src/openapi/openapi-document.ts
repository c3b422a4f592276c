import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** Where the API serves its document: the UI at /api/docs, the JSON at /api/docs-json. */
export const OPENAPI_DOCS_PATH = 'api/docs';

const DESCRIPTION = [
  'Event-sourced task deadlines, reminders and escalations for government task tracking.',
  '',
  'Calls: base path `/api/v1`, JSON in and out (UTF-8), `Authorization: Bearer <token>` on every call except',
  '`/health` and `/metrics`. Roles: `admin` (everything), `coordinator`, `agency` (scoped to its agency), `auditor`;',
  'each operation lists the roles it admits in `x-roles` (none: every role).',
  '',
  'Errors: every 4xx and 5xx answers `{"error": {"code", "message", "details": [{"field", "message"}]}}`;',
  'a 400 names every field at fault. Messages are in Vietnamese unless `Accept-Language` asks for English',
  '(`Content-Language` says which); `code` and `field` never change with the language: programs read those.',
  '',
  'Commands take an `Idempotency-Key` header and answer with the stream `version` and the store `position`;',
  'queries take `minPosition` to wait until the read models have caught up with it.',
  '',
  'Times: inputs are ISO-8601 with an offset, or a plain date (the end of that day in the deadline time zone,',
  '`Asia/Ho_Chi_Minh` by default); outputs are ISO-8601 with the offset of that zone.',
].join('\n');

/**
 * Operation ids from the handler: `TaskQueries_list`; a second path of the same handler (the
 * /api/v1/health alias) gets `_2`. They name the operations in generated clients.
 */
function operationId(controllerKey: string, methodKey: string): string {
  const alias = /^(.*)\[(\d+)\]$/.exec(methodKey);
  const method = alias ? (alias[2] === '0' ? alias[1] : `${alias[1]}_${Number(alias[2]) + 1}`) : methodKey;
  return `${controllerKey.replace(/Controller$/, '')}_${method}`;
}

/** The OpenAPI document of the application's controllers (served at /api/docs, committed as openapi/openapi.json). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Deadline and escalation engine')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .setLicense('UNLICENSED', 'https://spdx.org/licenses/')
    .addServer('/', 'this engine')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'a token of AUTH_TOKENS, AUTH_TOKENS_FILE or data/admin-token, or a personal access token (POST /me/tokens)',
    })
    .addCookieAuth('dle.sid', {
      type: 'apiKey',
      in: 'cookie',
      description: 'the session cookie of POST /auth/login; requests other than GET/HEAD/OPTIONS also send X-CSRF-Token',
    })
    .build();
  return SwaggerModule.createDocument(app, config, { operationIdFactory: operationId });
}
