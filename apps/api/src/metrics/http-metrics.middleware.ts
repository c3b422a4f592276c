import type { NextFunction, Request, Response } from 'express';
import { httpDuration } from '@app/platform';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/**
 * Times every request into `dle_http_request_duration_seconds{method, route, status}`. The route
 * is the matched pattern (`/api/v1/tasks/:id`), never the raw path, so ids do not multiply the
 * series; requests answered before routing (bad JSON, 413, CORS preflight, 404) count as
 * `unmatched`.
 */
export function httpMetricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const end = httpDuration.startTimer();
  res.once('close', () => {
    const route = req.route?.path !== undefined ? `${req.baseUrl ?? ''}${String(req.route.path)}` : 'unmatched';
    end({ method: METHODS.has(req.method) ? req.method : 'OTHER', route, status: String(res.statusCode) });
  });
  next();
}
