import type { Request } from 'express';
import { objectInput } from '@app/domain';
import type { Actor } from '../auth/actor';

/** A command request as it reaches the door: the body as sent, who sent it, and its Idempotency-Key. */
export interface CommandRequest {
  actor: Actor;
  body: Record<string, unknown>;
  idempotencyKey?: string;
  /** method + path + body, digested for the Idempotency-Key comparison */
  fingerprint: unknown;
}

/** A body that is not a JSON object is a 400 naming `body` at once: there are no fields to name. */
export function commandRequest(req: Request, actor: Actor, body: unknown): CommandRequest {
  const data = objectInput(body);
  const key = req.headers['idempotency-key'];
  return { actor, body: data, idempotencyKey: Array.isArray(key) ? key[0] : key, fingerprint: [req.method, req.path, data] };
}
