import { DomainError } from '@app/domain';

/** Optional positive integer query parameter (minPosition, limit, year). */
export function intParam(value: unknown, field: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw DomainError.invalid(field, `must be an integer from ${min} to ${max}`);
  }
  return n;
}
