import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiResponse } from '@nestjs/swagger';
import { ErrorEnvelope } from './error-envelope';

/** The error statuses the API answers, each with what it means for a caller. */
export const ERROR_STATUSES = {
  400: 'Bad input: every field at fault is named in `error.details`; nothing was recorded. Any route refuses NUL characters, invalid Unicode and repeated parameters in its query, and malformed JSON',
  401: 'No bearer token or session, a token nobody issued (or revoked, or expired), or a session that has ended',
  403: 'The role, or the agency the caller belongs to, may not do this; or a session request without its X-CSRF-Token',
  404: 'Not found (also any id that cannot exist)',
  409: 'State conflict: a duplicate code, a transition the current state does not allow, a concurrent change, or an Idempotency-Key reused with another body',
  410: 'Gone: an acknowledgement link past its expiry',
  413: 'The request body is larger than 2 MB',
  429: 'Rate limit reached: retry after the seconds in `Retry-After`',
  503: 'A dependency is down, or the read models did not reach `minPosition` in time: retry after the seconds in `Retry-After`',
} as const;
export type ErrorStatus = keyof typeof ERROR_STATUSES;

const RETRY_AFTER = { 'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer' } } };

/** Documents error answers, each with the error envelope. */
export function ApiErrors(...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: ERROR_STATUSES[status],
        type: ErrorEnvelope,
        ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
      }),
    ),
  );
}

/**
 * On a controller whose every route needs a token: bearer security and the answers any such
 * route can give before or beside its own (400 from the input guard at the edge, 401, 429 from
 * the rate limit, 503 when PostgreSQL or Redis is down).
 */
export function ApiAuthenticated(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiBearerAuth(), ApiCookieAuth(), ApiErrors(400, 401, 429, 503));
}
