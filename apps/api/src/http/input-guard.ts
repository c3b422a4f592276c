import type { NextFunction, Request, Response } from 'express';
import { sendError } from './request-language';

const MAX_DEPTH = 16;
const NUL = /\u0000/;
const IMPOSSIBLE_ID = 'contains a NUL character or invalid Unicode';

/**
 * Refuses, at the edge, input no field rule should ever have to think about: NUL characters and
 * lone UTF-16 surrogates (PostgreSQL cannot store them as text) and bodies nested deeper than
 * any command needs. Each is a 400 naming where it was found; nothing reaches a handler.
 */
export function inputGuard(req: Request, res: Response, next: NextFunction): void {
  const path = pathFault(req);
  if (path?.message === IMPOSSIBLE_ID) {
    // An id that cannot exist names nothing: the same answer as any unknown id.
    sendError(req, res, 404, { code: 'not_found', message: 'not found', details: [] });
    return;
  }
  const fault = path ?? queryFault(req.query) ?? valueFault(req.body, 'body', 0);
  if (!fault) return next();
  sendError(req, res, 400, { code: 'validation_failed', message: `invalid input: ${fault.field}`, details: [fault] });
}

type Fault = { field: string; message: string } | null;

function pathFault(req: Request): Fault {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return { field: 'path', message: 'is not valid percent-encoding' };
  }
  return badText(path) ? { field: 'path', message: IMPOSSIBLE_ID } : null;
}

function queryFault(query: Request['query']): Fault {
  for (const [name, value] of Object.entries(query ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (typeof v !== 'string') return { field: name, message: 'must be given once, as plain text' };
      if (badText(v)) return { field: name, message: 'contains a NUL character or invalid Unicode' };
    }
  }
  return null;
}

function valueFault(value: unknown, field: string, depth: number): Fault {
  if (typeof value === 'string') return badText(value) ? { field, message: 'contains a NUL character or invalid Unicode' } : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_DEPTH) return { field, message: `is nested deeper than ${MAX_DEPTH} levels` };
  const entries = Array.isArray(value)
    ? value.map((v, i) => [`${field}[${i}]`, v] as const)
    : Object.entries(value).map(([k, v]) => [field === 'body' ? k : `${field}.${k}`, v] as const);
  for (const [name, v] of entries) {
    if (badText(name)) return { field, message: 'has a key with a NUL character or invalid Unicode' };
    const fault = valueFault(v, name, depth + 1);
    if (fault) return fault;
  }
  return null;
}

function badText(text: string): boolean {
  return NUL.test(text) || !text.isWellFormed();
}
