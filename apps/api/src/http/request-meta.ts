import type { Request } from 'express';
import type { Actor } from '../auth/actor';
import type { RequestMeta } from './command.service';

/** The command's metadata from the HTTP request: caller, Idempotency-Key, fingerprint, backdating. */
export function requestMeta(req: Request, actor: Actor, body: Record<string, unknown>, occurredAtField = 'occurredAt'): RequestMeta {
  const key = req.headers['idempotency-key'];
  return {
    actor,
    idempotencyKey: Array.isArray(key) ? key[0] : key,
    fingerprint: [req.method, req.path, body],
    occurredAt: body[occurredAtField],
    occurredAtField,
  };
}
