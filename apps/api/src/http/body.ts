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

/** Optional true/false query parameter (`true`/`1`, `false`/`0`; absent is false). */
export function flagParam(value: string | undefined, field: string): boolean {
  if (value === undefined || value === '') return false;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw DomainError.invalid(field, 'must be true or false');
}

/** Optional parameter taking one of a fixed set of words; absent (or null) is `fallback`. */
export function oneOfParam<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | null;
export function oneOfParam<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback: T): T;
export function oneOfParam<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback: T | null = null): T | null {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw DomainError.invalid(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}
