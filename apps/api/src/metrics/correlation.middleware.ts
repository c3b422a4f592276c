import type { NextFunction, Request, Response } from 'express';
import { CORRELATION_HEADER, correlationIdFrom, runWithCorrelation } from '@app/platform';

type WithId = Request & { id?: string };

/**
 * First middleware: takes the caller's `X-Correlation-Id` (when it is a usable id) or makes one,
 * and echoes it on every answer, the early 400/413 ones included. The request logger (pino-http)
 * picks it up as the request id.
 */
export function assignCorrelationId(req: Request, res: Response, next: NextFunction): void {
  const id = correlationIdFrom(req.headers['x-correlation-id']);
  (req as WithId).id = id;
  res.setHeader(CORRELATION_HEADER, id);
  next();
}

/**
 * After the body parser (whose stream callbacks would lose an AsyncLocalStorage context): the
 * rest of the request runs with its id as the current correlation id, which CommandService
 * writes into the metadata of the events it appends.
 */
export function correlationScope(req: Request, _res: Response, next: NextFunction): void {
  runWithCorrelation((req as WithId).id, next, { http: true });
}
