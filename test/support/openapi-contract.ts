/**
 * The contract test's checker: every response the e2e suites receive through test-app.ts and
 * the endpoint matrix is held against the committed OpenAPI document (openapi/openapi.json).
 * A status the operation does not document, a media type it does not list, or a JSON body its
 * schema refuses fails the call. Schemas are checked strictly: an object may carry no property
 * the document does not name (the document itself stays open to additions), so a field added to
 * an answer must be documented.
 */
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Response } from 'supertest';

type Json = Record<string, any>;

const DOCUMENT: Json = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'openapi', 'openapi.json'), 'utf8'));
/** Served by Swagger UI (the document itself), not operations of it. */
const NOT_OPERATIONS = /^\/api\/docs(-json|\/|$)/;

export interface Operation {
  key: string; // `GET /api/v1/tasks/{id}`
  method: string;
  template: string;
  spec: Json;
}

const operations: (Operation & { pattern: RegExp; literal: number })[] = Object.entries(DOCUMENT.paths as Json).flatMap(
  ([template, item]) =>
    Object.entries(item as Json).map(([method, spec]) => ({
      key: `${method.toUpperCase()} ${template}`,
      method: method.toUpperCase(),
      template,
      spec: spec as Json,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`),
      // /reminder-rules/simulate wins over /reminder-rules/{id}
      literal: template.replace(/\{\w+\}/g, '').length,
    })),
);

export const allOperations = (): Operation[] => operations.map(({ key, method, template, spec }) => ({ key, method, template, spec }));

export function findOperation(method: string, pathname: string): Operation | undefined {
  return operations.filter((o) => o.method === method.toUpperCase() && o.pattern.test(pathname)).sort((a, b) => b.literal - a.literal)[0];
}

/** OpenAPI 3.0 schema → JSON Schema for ajv: `nullable`, strict objects, refs into the components. */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, example: _example, ...rest } = schema as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace('#/components/schemas/', 'openapi#/components/schemas/');
    else if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, toJsonSchema(v)]));
    else out[key] = toJsonSchema(value);
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// The API takes internationalised addresses (RFC 6531): a local part and a domain, in any script.
ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/u);
ajv.addSchema({ $id: 'openapi', components: { schemas: toJsonSchema(DOCUMENT.components.schemas) } });
const validators = new Map<string, ValidateFunction>();

/** Operations and statuses seen by this test file, for the coverage check. */
export const seen = new Map<string, Set<number>>();

/** Why `res` breaks the contract, or null when it keeps it (or the call is to no operation at all). */
export function contractViolation(method: string, url: string, res: Pick<Response, 'status' | 'headers' | 'body'>): string | null {
  const pathname = new URL(url, 'http://localhost').pathname;
  if (NOT_OPERATIONS.test(pathname)) return null;
  const op = findOperation(method, pathname);
  // A path the API does not have (a 404 by Nest): nothing to hold it against.
  if (!op) return null;
  const statuses = seen.get(op.key) ?? new Set<number>();
  statuses.add(res.status);
  seen.set(op.key, statuses);
  const documented = op.spec.responses?.[String(res.status)];
  if (!documented) return `${op.key} answered ${res.status}, which the OpenAPI document does not list`;
  const content: Json = documented.content ?? {};
  const mediaType = String(res.headers['content-type'] ?? '')
    .split(';')[0]
    .trim();
  if (Object.keys(content).length === 0)
    return mediaType ? `${op.key} ${res.status}: documented without a body, answered ${mediaType}` : null;
  if (!content[mediaType])
    return `${op.key} ${res.status}: answered ${mediaType || 'no content type'}, documented ${Object.keys(content).join(', ')}`;
  if (mediaType !== 'application/json') return null;
  const key = `${op.key} ${res.status}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(toJsonSchema(content[mediaType].schema) as object);
    validators.set(key, validate);
  }
  if (validate(res.body)) return null;
  const errors = (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  return `${op.key} ${res.status}: the body does not match the document: ${errors.join('; ')}`;
}

/** A supertest assertion (`.expect(keepsContract(method, url))`) that fails the call on a contract violation. */
export function keepsContract(method: string, url: string): (res: Response) => void {
  return (res) => {
    const violation = contractViolation(method, url, res);
    if (violation) throw new Error(`OpenAPI contract: ${violation}\n${String(res.text ?? '').slice(0, 400)}`);
  };
}
