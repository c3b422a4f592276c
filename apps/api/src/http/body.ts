import { DomainError } from '@app/domain';

/** A JSON object body, or a 400 naming `body`: arrays, strings and null are not commands. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw DomainError.invalid('body', 'must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** Optional positive integer query parameter (minPosition, limit, year). */
export function intParam(value: unknown, field: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw DomainError.invalid(field, `must be an integer from ${min} to ${max}`);
  }
  return n;
}
