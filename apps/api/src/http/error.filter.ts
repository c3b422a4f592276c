import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorBody } from '@app/domain';
import { ConcurrencyError } from '@app/event-store';
import { ReadModelLagError } from '@app/platform';
import { sendError } from './request-language';

const DOMAIN_STATUS = { validation: 400, conflict: 409, not_found: 404 } as const;

/**
 * Every failure leaves as {"error": {code, message, details}} in the caller's language (codes and
 * fields unchanged); stack traces and SQL stay in the log, never in the body.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const [status, body] = this.describe(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const response = http.getResponse<Response>();
    if (status === 503) response.setHeader('Retry-After', '5');
    const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (status === 429 && typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    sendError(http.getRequest<Request>(), response, status, body.error);
  }

  private describe(exception: unknown): [number, { error: ErrorBody }] {
    if (exception instanceof DomainError) {
      return [DOMAIN_STATUS[exception.kind], error(exception.code, exception.message, exception.details)];
    }
    if (exception instanceof ReadModelLagError) {
      return [503, error('read_model_lag', `${exception.message}; retry shortly`, [{ field: 'minPosition', message: 'not reached yet' }])];
    }
    if (exception instanceof ConcurrencyError) {
      return [409, error('version_conflict', 'the task was changed concurrently; read it again and retry')];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse() as { error?: ErrorBody; message?: unknown };
      if (payload && typeof payload === 'object' && payload.error && typeof payload.error === 'object') {
        return [status, { error: { ...payload.error, details: payload.error.details ?? [] } }];
      }
      // multer's refusals of an upload (size, count, field name) are about the file field
      if (status === 413 && /^File too large$/.test(exception.message))
        return [413, error('payload_too_large', 'the file is too large', [{ field: 'file', message: 'too large' }])];
      if (status === 400 && /^(Unexpected field|Too many files)/.test(exception.message))
        return [
          400,
          error('validation_failed', 'file: must be one file in the field "file"', [
            { field: 'file', message: 'must be one file in the field "file"' },
          ]),
        ];
      return [status, error(codeFor(status, exception), messageOf(payload, exception))];
    }
    const bodyParser = exception as { type?: string; status?: number };
    if (bodyParser?.type === 'entity.parse.failed')
      return [400, error('malformed_json', 'the request body is not valid JSON', [{ field: 'body', message: 'malformed JSON' }])];
    if (bodyParser?.type === 'entity.too.large') return [413, error('payload_too_large', 'the request body is too large')];
    if (isDatabaseDown(exception)) return [503, error('unavailable', 'the database is unreachable; retry shortly')];
    if (isDatabaseSlow(exception)) return [503, error('unavailable', 'the database did not answer in time; retry shortly')];
    return [HttpStatus.INTERNAL_SERVER_ERROR, error('internal_error', 'internal error')];
  }
}

function error(code: string, message: string, details: ErrorBody['details'] = []): { error: ErrorBody } {
  return { error: { code, message, details } };
}

function codeFor(status: number, exception: HttpException): string {
  const known: Record<number, string> = {
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    409: 'conflict',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'too_many_requests',
    503: 'unavailable',
  };
  return known[status] ?? exception.name.replace(/Exception$/, '').toLowerCase();
}

function messageOf(payload: { message?: unknown }, exception: HttpException): string {
  const message = payload && typeof payload === 'object' ? payload.message : undefined;
  return typeof message === 'string' ? message : exception.message;
}

function isDatabaseDown(exception: unknown): boolean {
  const code = (exception as { code?: string })?.code;
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001'].includes(code ?? '') ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test((exception as Error)?.message ?? '')
  );
}

/** A statement the server cancelled at statement_timeout (a hung server's cut connection is "down"). */
function isDatabaseSlow(exception: unknown): boolean {
  return (exception as { code?: string })?.code === '57014';
}
