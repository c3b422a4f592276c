import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createApiDocument } from '../bootstrap';
import { lintOpenApi } from './lint-openapi';
import { OPENAPI_JSON, absolute } from './openapi-paths';

type Json = Record<string, any>;

/**
 * The OpenAPI document is generated from the controllers' decorators (Nest preview mode, no
 * dependencies): the committed copies must be current, Redocly must find no error, and every
 * operation must be documented in full. Responses are checked against it by the e2e suites
 * (test/support/openapi-contract.ts).
 */
describe('the OpenAPI document', () => {
  let document: OpenAPIObject;
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Json).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op: op as Json })),
    );

  beforeAll(async () => {
    document = await createApiDocument();
  });

  it('is committed as the code generates it, with the client types (else: run npm run openapi)', async () => {
    // In a child process: openapi-typescript needs Node's require of ES modules, which Jest lacks.
    const run = promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/openapi/write-openapi.ts', '--check'], {
      cwd: absolute('.'),
    });
    await expect(run.catch((e: { stderr?: string }) => Promise.reject(new Error(e.stderr)))).resolves.toBeDefined();
    expect(JSON.parse(readFileSync(absolute(OPENAPI_JSON), 'utf8'))).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('passes Redocly lint with no error', async () => {
    const errors = (await lintOpenApi()).filter((p) => p.severity === 'error');
    expect(errors.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  });

  it('gives every operation a summary, a success answer with its media type and schema, and typed parameters', () => {
    const gaps: string[] = [];
    for (const { name, op } of operations()) {
      if (!op.summary) gaps.push(`${name}: no summary`);
      const success = Object.entries(op.responses as Json).filter(([status]) => /^2/.test(status));
      // single sign-on sends the browser elsewhere: its answers are redirects
      const redirects = Object.keys(op.responses as Json).some((status) => /^3/.test(status));
      if (success.length === 0 && !redirects) gaps.push(`${name}: no 2xx answer`);
      for (const [status, response] of success) {
        const content = Object.entries((response as Json).content ?? {});
        if (content.length === 0) gaps.push(`${name} ${status}: no content`);
        for (const [type, media] of content) if (!(media as Json).schema) gaps.push(`${name} ${status} ${type}: no schema`);
      }
      for (const p of op.parameters ?? []) {
        const s = p.schema ?? {};
        if (!s.type && !s.oneOf && !s.$ref) gaps.push(`${name}: parameter ${p.name} untyped`);
      }
      const content = op.requestBody?.content ?? {};
      const body = content['application/json']?.schema ?? content['multipart/form-data']?.schema;
      if (op.requestBody && !body?.$ref) gaps.push(`${name}: request body without a schema`);
    }
    expect(gaps).toEqual([]);
  });

  it('answers every 4xx and 5xx with the error envelope (health answers its checks)', () => {
    const gaps: string[] = [];
    for (const { name, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses as Json)) {
        if (!/^[45]/.test(status)) continue;
        const ref = (response as Json).content?.['application/json']?.schema?.$ref;
        const expected = name.endsWith('/health') && status === '503' ? 'Health' : 'ErrorEnvelope';
        if (ref !== `#/components/schemas/${expected}`) gaps.push(`${name} ${status}: ${ref ?? 'no JSON schema'}`);
      }
    }
    expect(gaps).toEqual([]);
    expect(document.components?.schemas?.ErrorEnvelope).toMatchObject({ required: ['error'] });
  });

  it('asks for a bearer token or the session cookie everywhere but health, metrics, signing in and acknowledgement links, and documents its 401', () => {
    const open = operations()
      .filter(({ op }) => JSON.stringify(op.security) === '[{}]')
      .map((o) => o.name);
    expect(open.sort()).toEqual([
      'GET /api/v1/acknowledgements/{token}',
      'GET /api/v1/auth/oidc/callback',
      'GET /api/v1/auth/oidc/login',
      'GET /api/v1/auth/options',
      'GET /api/v1/health',
      'GET /health',
      'GET /metrics',
      'POST /api/v1/acknowledgements/{token}',
      'POST /api/v1/auth/invitations/accept',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/password-reset',
    ]);
    const gaps = operations()
      .filter(({ name }) => !open.includes(name))
      .filter(({ op }) => JSON.stringify(op.security) !== '[{"bearer":[]},{"cookie":[]}]' || !op.responses['401'])
      .map((o) => o.name);
    expect(gaps).toEqual([]);
  });

  it('lists the formats and enums a client needs', () => {
    const schemas = document.components!.schemas as Json;
    expect(schemas.TaskStatus).toMatchObject({ enum: expect.arrayContaining(['on_track', 'due_soon', 'overdue', 'ongoing']) });
    expect(schemas.Task.properties.id).toMatchObject({ format: 'uuid' });
    expect(schemas.Task.properties.deadline.allOf?.[0] ?? schemas.Task.properties.deadline).toBeDefined();
    expect(schemas.TaskDeadline.properties.lastDay).toMatchObject({ format: 'date' });
    expect(schemas.HistoryEvent.properties.recordedAt).toMatchObject({ format: 'date-time' });
    expect(schemas.AgencyHeadInput.properties.email).toMatchObject({ format: 'idn-email' });
  });
});
